import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { carriesCpr, cprInIdentifiers } from '../../src/rules/ch01/index.ts';
import { repoRoot } from '../../infra/index.ts';
import { caseSchemaStatements, caseStatusOf, outboxConnectorConfig, readOutboxRow, reportIdOfRow, rowIdOfReport } from '../../src/outbox/index.ts';

const ROW = '192e8687-3781-4dba-8653-239bacc562f6';

describe('an outbox row as Debezium carries it', () => {
  it('takes the row id as the report id, whatever the payload says', () => {
    const row = readOutboxRow(ROW, JSON.stringify({ kapitel: 11, indberetningId: 'other', kildesystem: 'x' }));
    expect(row).toEqual({ ok: true, rowId: ROW, kapitel: 11, report: { indberetningId: ROW, kildesystem: 'x' } });
  });

  it('gives a row whose id carries a CPR-shaped run a report id without digits, which leads back to the row', () => {
    // A row id PostgreSQL drew in a fault-test run: "010505-2116" begins with a birth date, so the
    // hub refused the row for an identifier carrying a CPR number.
    const drawn = '3c010505-2116-4d97-b7ab-4c584578b8e2';
    expect(carriesCpr(drawn)).toBe(true);
    const row = readOutboxRow(drawn, JSON.stringify({ kapitel: 2, kildesystem: 'x' }));
    expect(row).toMatchObject({ ok: true, report: { indberetningId: 'ob-jcghglgl-ihhm-kdpn-bnab-kcloklnoboei' } });
    expect(cprInIdentifiers(row.report)).toEqual([]);
    expect(rowIdOfReport(String(row.report.indberetningId))).toBe(drawn);
    expect(reportIdOfRow(ROW)).toBe(ROW);
    expect(rowIdOfReport('some-other-report')).toBeUndefined();
  });

  it('never gives a report id that carries a CPR number, and every one leads back to its row', () => {
    fc.assert(fc.property(fc.uuid(), (uuid) => {
      const reportId = reportIdOfRow(uuid);
      expect(carriesCpr(reportId)).toBe(false);
      expect(rowIdOfReport(reportId)).toBe(uuid);
    }), { numRuns: 20_000 });
    for (let i = 0; i < 20_000; i++) {
      const uuid = randomUUID();
      expect(rowIdOfReport(reportIdOfRow(uuid))).toBe(uuid);
      expect(carriesCpr(reportIdOfRow(uuid))).toBe(false);
    }
  });

  it('reads the {"kapitel", "report": {...}} shape too, and jsonb sent as a JSON string', () => {
    expect(readOutboxRow(ROW, JSON.stringify({ kapitel: 2, report: { a: 1 } }))).toMatchObject({ ok: true, kapitel: 2, report: { a: 1, indberetningId: ROW } });
    expect(readOutboxRow(ROW, JSON.stringify(JSON.stringify({ kapitel: 2 })))).toMatchObject({ ok: true, kapitel: 2 });
  });

  it('refuses with a reason what it cannot read, never throws', () => {
    expect(readOutboxRow(ROW, 'not json')).toMatchObject({ ok: false, reasons: [{ code: 'payload-not-json' }] });
    expect(readOutboxRow(ROW, '[1]')).toMatchObject({ ok: false, reasons: [{ code: 'payload-not-object' }] });
    expect(readOutboxRow(ROW, '{"x": 1}')).toMatchObject({ ok: false, reasons: [{ code: 'missing-field', field: 'kapitel' }] });
    expect(readOutboxRow(ROW, null)).toMatchObject({ ok: false });
  });

  it('tells a case worker delivered, late or rejected', () => {
    expect(caseStatusOf('LEVERET', 'on-time')).toBe('delivered');
    expect(caseStatusOf('LEVERET', 'late')).toBe('late');
    expect(caseStatusOf('AFVIST', 'rejected')).toBe('rejected');
    expect(caseStatusOf('TILBAGEHOLDT', 'on-time')).toBe('held');
  });

  it('routes every row of hub_outbox to one topic with the row id as the event id', () => {
    const config = outboxConnectorConfig({ host: 'h', port: 1, database: 'd', user: 'u', password: '' }, { topic: 'hub.outbox', slotName: 's' });
    expect(config).toMatchObject({
      'table.include.list': 'public.hub_outbox', 'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
      'transforms.outbox.route.topic.replacement': 'hub.outbox', 'transforms.outbox.table.field.event.id': 'id', 'plugin.name': 'pgoutput',
    });
  });

  it('docs/outbox.md shows the tables exactly as the hub creates them', () => {
    const doc = fs.readFileSync(path.join(repoRoot(), 'docs/outbox.md'), 'utf8');
    for (const ddl of caseSchemaStatements()) expect(doc).toContain(ddl);
  });
});
