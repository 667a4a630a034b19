import pg from 'pg';
import { caseSchemaStatements } from './case-schema.ts';

/** Creates the outbox and receipts tables (and the sample case table) in a case database when missing. */
export const installCaseSchema = async (databaseUrl: string): Promise<void> => {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (const statement of caseSchemaStatements()) await client.query(statement);
  } finally {
    await client.end();
  }
};
