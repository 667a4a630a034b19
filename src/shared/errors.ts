/**
 * The hub's one error model. Only infrastructure failures and bad configuration
 * throw; a report that breaks a rule is a verdict, not an error. Every code below is documented
 * in docs/errors.md, and test/shared/errors.unit.test.ts keeps that list honest.
 */
export const ERROR_CODES = {
  CONFIG_INVALID: { canRetry: false, summary: 'A setting is missing or malformed; the message names it.' },
  JAVA_MISSING: { canRetry: false, summary: 'No suitable Java runtime was found for the local stack.' },
  MAVEN_MISSING: { canRetry: false, summary: 'Maven (mvn) is needed once to fetch Kafka and the registry.' },
  PORT_IN_USE: { canRetry: false, summary: 'A port the local stack needs is taken by another program.' },
  FETCH_FAILED: { canRetry: true, summary: 'Downloading a stack component from Maven Central failed.' },
  SERVICE_UNHEALTHY: { canRetry: true, summary: 'A stack service did not become healthy in time.' },
  REDIS_INSTALL_FAILED: { canRetry: false, summary: 'redis-server is missing and could not be installed with apt-get.' },
  POSTGRES_INSTALL_FAILED: { canRetry: false, summary: 'PostgreSQL (Debian\'s postgresql package) is missing and could not be installed with apt-get.' },
  CONNECTOR_FAILED: { canRetry: false, summary: 'Kafka Connect refused the outbox connector, or its task failed; the message carries Connect\'s trace.' },
  CASE_DB_UNAVAILABLE: { canRetry: true, summary: 'The case system\'s database (the outbox receipts table) could not be reached or refused a write.' },
  KAFKA_REFUSED: { canRetry: false, summary: 'The broker refused a record for good (too large, or a timestamp out of range); the report is dead-lettered with the reason.' },
  KAFKA_CLIENT_UNPATCHED: { canRetry: false, summary: 'The installed kafkajs lacks the project\'s fixes for read_committed reading and sends during a leader change (patches/kafkajs+2.2.4.patch): run `npm install` without --ignore-scripts.' },
  KAFKA_UNAVAILABLE: { canRetry: true, summary: 'The Kafka cluster could not be reached or refused a request.' },
  REDIS_UNAVAILABLE: { canRetry: true, summary: 'Redis could not be reached within the connect timeout (HUB_CONNECT_TIMEOUT_MS); the message names REDIS_URL.' },
  REGISTRY_UNAVAILABLE: { canRetry: true, summary: 'The schema registry could not be reached, answered with a server error, or did not answer a request within 30 s (a schema registration asks an unanswered step 3 times before it gives up).' },
  SCHEMA_INCOMPATIBLE: { canRetry: false, summary: 'The registry refused a schema because it breaks compatibility.' },
  TOPICS_NOT_COPARTITIONED: { canRetry: false, summary: 'A state topic (membership, personstatus, leveringer, afstemning), the warehouse topic or a grant or payment topic (bevillinger, udbetalinger) has another partition count than the inbound topic; the message names them.' },
  REPORT_UNPROCESSABLE: { canRetry: false, summary: 'A decoded report could not be turned into its outputs; it is dead-lettered with the reason.' },
  DECODE_FAILED: { canRetry: false, summary: 'A message could not be decoded with its schema.' },
  REPORT_INVALID: { canRetry: false, summary: 'A report failed validation before it was sent; the message names the fields.' },
  INPUT_UNREADABLE: { canRetry: false, summary: 'An input file cannot be read, or a line of it is not valid JSON.' },
  DELIVERY_FAILED: { canRetry: true, summary: 'A notification could not be delivered to a fund endpoint.' },
  UNKNOWN_FUND: { canRetry: false, summary: 'No topic is configured for the fund (a-kasse) a report belongs to.' },
  AUTH_FAILED: { canRetry: false, summary: 'The web service was called without an API key, or with one no connection agreement holds; or the operations server without its own credentials (HTTP 401).' },
  RATE_LIMITED: { canRetry: true, summary: 'The caller sent more requests to the public web service than HUB_RATE_LIMIT_PER_MINUTE allows; wait for `retry-after` seconds (HTTP 429).' },
  ACCESS_REFUSED: { canRetry: false, summary: 'The caller may not do this: outside its connection agreement (§ 1), suspended (§ 3), or a web-service-only data area from the registration page (§§ 35, 41) (HTTP 403).' },
  BODY_TOO_LARGE: { canRetry: false, summary: 'The request body is larger than the web service accepts (HTTP 413).' },
  CONTENT_TYPE_UNSUPPORTED: { canRetry: false, summary: 'The request body is not application/json in UTF-8 (HTTP 415).' },
  UNKNOWN_DATA_AREA: { canRetry: false, summary: 'The kapitel named is not a data area the hub accepts (HTTP 422).' },
  NOT_FOUND: { canRetry: false, summary: 'No such resource, or not yet: a receipt appears once the rules consumer has processed the report (HTTP 404).' },
  AGREEMENT_UNKNOWN: { canRetry: false, summary: 'No connection agreement has the id given.' },
  AGREEMENT_EXISTS: { canRetry: false, summary: 'A connection agreement with that id exists already.' },
  NOTICE_INVALID: { canRetry: false, summary: 'A system-change notice (§ 4) is missing a field or has a malformed one; the message names it.' },
  PERSON_KEY_REQUEST_INVALID: { canRetry: false, summary: 'A person-key request is not {"cpr": [...]} with 1 to 1000 CPR numbers of ten digits; the message names the position, never the number (HTTP 400).' },
  KEY_SERVICE_UNAVAILABLE: { canRetry: true, summary: 'The hub\'s key service (POST /api/v1/personnoegler) could not be reached or answered with a server error; the client retries later.' },
  HUB_RUNNING: { canRetry: false, summary: '`hub keys migrate` refuses to run while a hub instance consumes the inbound topic (the rules consumer\'s group has members): stop every instance first.' },
  LEGACY_SECRET_MISSING: { canRetry: false, summary: '`hub keys migrate` needs HUB_LEGACY_PERSON_KEY_SECRET, the secret the old person keys were made with.' },
  INTERNAL_ERROR: { canRetry: true, summary: 'An unexpected server error; the report was not accepted, send it again (HTTP 500).' },
} as const satisfies Record<string, { canRetry: boolean; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class HubError extends Error {
  readonly code: ErrorCode;
  readonly canRetry: boolean;

  constructor(code: ErrorCode, message: string, options: { cause?: unknown; canRetry?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.canRetry = options.canRetry ?? ERROR_CODES[code].canRetry;
  }
}

export const isHubError = (error: unknown): error is HubError => error instanceof HubError;
