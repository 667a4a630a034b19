import fs from 'node:fs';
import path from 'node:path';
import swagger from '@fastify/swagger';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import type { Aftale } from '../access/index.ts';
import { noticeFrom, SESSION_TTL_MS } from '../access/index.ts';
import { KOMMUNER_2007 } from '../rules/identifiers/index.ts';
import { loadSchema } from '../shared/registry.ts';
import { admit, admitFromRegistrationPage } from '../rules/ch01/index.ts';
import type { Reason } from '../rules/verdict.ts';
import { isHubError, type ErrorCode } from '../shared/errors.ts';
import { redactCpr } from '../shared/logger.ts';
import { installRoot } from '../shared/paths.ts';
import type { AccessContext } from './access-context.ts';
import { personKeyRequestOf } from './person-key-request.ts';
import { acceptedSchema, dataAreaJsonSchemas, errorSchema, noticeSchema, personKeyRequestSchema, personKeyResponseSchema, receiptSchema, submissionSchema, validationSchema } from './openapi.ts';
import { completeReport, readBody, unknownFields, validationReasons } from './submission.ts';

/** The registration page's session cookie (HttpOnly, SameSite=Strict). */
const SESSION_COOKIE = 'hub_session';

const sessionToken = (request: FastifyRequest): string | undefined => {
  const cookies = request.headers.cookie ?? '';
  for (const part of cookies.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return value.join('=');
  }
  return undefined;
};

/** What the page shows of a signed-in user: who, for which agreement, and the municipalities and data areas it covers. */
const sessionView = (aftale: Aftale, bruger: string) => ({
  aftale: aftale.id,
  navn: aftale.navn,
  bruger,
  kapitler: aftale.kapitler,
  kommuner: Object.entries(KOMMUNER_2007)
    .filter(([kode]) => aftale.kommunekoder.includes('*') || aftale.kommunekoder.includes(kode))
    .map(([kode, navn]) => ({ kode, navn }))
    .sort((a, b) => a.navn.localeCompare(b.navn, 'da')),
});

/** Header a client names itself by: its API key from `hub clients add`. */
export const API_KEY_HEADER = 'x-api-key';
/** Set by the registration page (§ 11 stk. 2 nr. 1): its submissions may not be of chapters 6 and 7. */
export const CHANNEL_HEADER = 'x-hub-kanal';

const send = (reply: FastifyReply, status: number, code: ErrorCode, message: string, reasons?: readonly Reason[]) =>
  reply.code(status).type('application/json').send({ error: { code, message: redactCpr(message), ...(reasons ? { reasons: reasons.map((r) => ({ ...r, message: redactCpr(r.message) })) } : {}) } });

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [s, errorSchema]));

/** Route schemas document; the Avro-based checks below validate (so HTTP refuses exactly what the SDK refuses). */
const documented = (schema: Record<string, unknown>): RouteShorthandOptions => ({
  schema: { ...schema, security: [{ apiKey: [] }] },
  validatorCompiler: () => () => true,
  serializerCompiler: () => (data) => JSON.stringify(data),
});

/**
 * The web service (§ 11 stk. 2 nr. 2) and the registration page (nr. 1). A report accepted here is
 * sent by the SDK (createReportPublisher), so it takes exactly the Kafka path and gets the same
 * verdict; HTTP only adds the connection agreement's checks (§§ 1, 3) in front.
 */
export const webServicePlugin = (deps: { access: AccessContext; bodyLimitBytes?: number }): FastifyPluginAsync => async (app) => {
  const { access } = deps;
  const callers = new WeakMap<FastifyRequest, Aftale>();
  const caller = (request: FastifyRequest): Aftale => callers.get(request)!;
  const channelOf = (request: FastifyRequest) => (request.headers[CHANNEL_HEADER] === 'registreringsside' ? 'registreringsside' as const : 'http' as const);

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Employment-data hub web service', version: '1', description: 'Reports under BEK nr. 1380 af 10/12/2010. Bodies follow the Avro schemas in schemas/ (converted to JSON Schema). Error codes: docs/errors.md.' },
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: API_KEY_HEADER } } },
    },
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(reply, 413, 'BODY_TOO_LARGE', `the body is larger than ${deps.bodyLimitBytes ?? 256 * 1024} bytes`);
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return send(reply, 415, 'CONTENT_TYPE_UNSUPPORTED', 'send the body as application/json');
    if (isHubError(error) && error.canRetry) {
      request.log.warn({ err: error }, 'web service: infrastructure unavailable');
      return send(reply, 503, error.code, 'the hub cannot reach Kafka, the registry or Redis just now; try again');
    }
    if (error.statusCode === 429) return send(reply, 429, 'RATE_LIMITED', error.message);
    if (error.code === 'HUB_BODY_NOT_UTF8') return send(reply, 400, 'INPUT_UNREADABLE', error.message);
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(reply, 400, 'INPUT_UNREADABLE', `the body is not valid JSON: ${error.message}`);
    }
    request.log.error({ err: error }, 'web service: unexpected error');
    return send(reply, 500, 'INTERNAL_ERROR', 'an unexpected server error; the report was not accepted, send it again');
  });

  /**
   * The caller's agreement: by API key (systems), or by the registration page's session cookie
   * (case workers). A session counts only with the page's own header, which a page of another origin
   * cannot send without a CORS preflight the hub never grants, and the cookie is SameSite=Strict.
   */
  const agreementOf = async (request: FastifyRequest) => {
    const key = request.headers[API_KEY_HEADER];
    if (typeof key === 'string') return access.cache.authenticate(key);
    if (channelOf(request) !== 'registreringsside') return undefined;
    const session = await access.users.session(sessionToken(request));
    return session ? access.cache.get(session.aftaleId) : undefined;
  };

  /** 401 without a valid key or session; 403 for a suspended agreement (§ 3), recorded in the audit log. */
  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const aftale = await agreementOf(request);
    if (!aftale) return send(reply, 401, 'AUTH_FAILED', `send a valid API key in the ${API_KEY_HEADER} header (hub clients add issues one), or sign in on the registration page`);
    if (aftale.status === 'suspenderet') {
      await access.audit.record({ aktoer: aftale.id, kanal: channelOf(request), handling: 'ADGANG_AFVIST', objekt: `aftale:${aftale.id}`, resultat: 'afvist', aarsag: '§ 3 suspended' });
      return send(reply, 403, 'ACCESS_REFUSED', `the access of ${aftale.id} is closed (§ 3)${aftale.suspensionAarsag ? `: ${aftale.suspensionAarsag}` : ''}`);
    }
    callers.set(request, aftale);
    return undefined;
  };
  const requireJson = async (request: FastifyRequest, reply: FastifyReply) => {
    const contentType = request.headers['content-type'] ?? '';
    const media = contentType.split(';')[0]?.trim().toLowerCase();
    if (media !== 'application/json') return send(reply, 415, 'CONTENT_TYPE_UNSUPPORTED', `send the body as application/json, not ${media ? media.slice(0, 60) : 'without a content type'}`);
    // RFC 8259 § 8.1: JSON exchanged between systems is UTF-8. A declared ISO-8859-1 body would
    // otherwise be decoded as UTF-8 and store "M\uFFFDdte ikke op" on the inbound topic.
    const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(contentType)?.[1]?.toLowerCase();
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
      return send(reply, 415, 'CONTENT_TYPE_UNSUPPORTED', `send the body in UTF-8 (application/json; charset=utf-8), not charset ${charset.slice(0, 40) || '(empty)'}`);
    }
    return undefined;
  };

  // The body as bytes, decoded strictly: an undeclared ISO-8859-1 or Windows-1252 body is not valid
  // UTF-8 and is refused (400) instead of reaching a fund with replacement characters.
  const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const jsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
    let text: string;
    try {
      text = strictUtf8.decode(body as Buffer);
    } catch {
      done(Object.assign(new Error('the body is not valid UTF-8: send it encoded as UTF-8'), { statusCode: 400, code: 'HUB_BODY_NOT_UTF8' }), undefined);
      return;
    }
    // fastify's own JSON parser from here on: empty bodies, __proto__ and constructor keys refused.
    jsonParser(_request, text, done);
  });

  type Checked = { ok: true; kapitel: number; report: Record<string, unknown> } | { ok: false; status: number; code: ErrorCode; message: string; reasons: readonly Reason[]; reportReasons?: true };
  /** Every check the SDK makes, and the agreement's, in an order that names the first thing to fix. */
  const check = (request: FastifyRequest): Checked => {
    const aftale = caller(request);
    const read = readBody(request.body);
    if (!read.ok) return { ok: false, status: read.status, code: read.code, message: read.message, reasons: read.reasons };
    const { area } = read;
    const refuse = (r: { paragraph: string; reason: Reason }): Checked => ({ ok: false, status: 403, code: 'ACCESS_REFUSED', message: `${r.paragraph}: ${r.reason.message}`, reasons: [r.reason] });
    const fromPage = channelOf(request) === 'registreringsside' ? admitFromRegistrationPage(area.kapitel, area.webserviceOnly) : undefined;
    if (fromPage) return refuse(fromPage);
    if (!aftale.kapitler.includes(area.kapitel)) {
      return refuse({ paragraph: '§ 1', reason: { code: 'data-area-outside-agreement', field: 'kapitel', message: `the connection agreement of ${aftale.id} does not cover data area kapitel ${area.kapitel}` } });
    }
    const sender = read.report.kildesystem;
    if (sender !== undefined && sender !== aftale.id) {
      return refuse({ paragraph: '§ 1', reason: { code: 'kildesystem-mismatch', field: 'kildesystem', message: `kildesystem must be ${aftale.id}, the system the API key belongs to` } });
    }
    const report = completeReport(area.kapitel, read.report, aftale.id);
    const extra = unknownFields((loadSchema(area.schema).fields as Array<{ name: string }>).map((f) => f.name), report);
    const reasons = extra.length > 0 ? extra : validationReasons(area.kapitel, report);
    if (reasons.length > 0) return { ok: false, status: 400, code: 'REPORT_INVALID', message: `the report is not valid: ${reasons.map((r) => r.field ?? r.code).join(', ')}`, reasons, reportReasons: true };
    const refusal = admit(aftale, aftale.id, area.kapitel, String(report.kommunekode));
    if (refusal) return refuse(refusal);
    return { ok: true, kapitel: area.kapitel, report };
  };
  const auditRefusal = (request: FastifyRequest, result: Extract<Checked, { ok: false }>) =>
    result.status === 403 ? access.audit.record({ aktoer: caller(request).id, kanal: channelOf(request), handling: 'ADGANG_AFVIST', objekt: `aftale:${caller(request).id}`, resultat: 'afvist', aarsag: result.message }) : Promise.resolve();

  app.post('/api/v1/indberetninger', {
    ...documented({ summary: 'Submit a report', body: submissionSchema(), response: { 202: acceptedSchema, ...errors(400, 401, 403, 413, 415, 422, 503) } }),
    onRequest: [authenticate, requireJson],
  }, async (request, reply) => {
    const checked = check(request);
    if (!checked.ok) {
      await auditRefusal(request, checked);
      return send(reply, checked.status, checked.code, checked.message, checked.reasons);
    }
    const result = await access.publisher.publish({ kapitel: checked.kapitel, report: checked.report });
    if (!result.ok) return send(reply, 400, 'REPORT_INVALID', 'the report is not valid', result.reasons);
    await access.audit.record({ aktoer: caller(request).id, kanal: channelOf(request), handling: 'INDSEND', objekt: `indberetning:${result.indberetningId}`, kapitel: checked.kapitel, kommunekode: String(checked.report.kommunekode), resultat: 'ok' });
    const url = `/api/v1/indberetninger/${encodeURIComponent(result.indberetningId)}/kvittering`;
    return reply.code(202).header('location', url).send({ indberetningId: result.indberetningId, kvittering: url });
  });

  app.post('/api/v1/valider', {
    ...documented({ summary: 'Validate a report without sending it (the same reasons as a submission)', body: submissionSchema(), response: { 200: validationSchema, ...errors(400, 401, 403, 413, 415, 422) } }),
    onRequest: [authenticate, requireJson],
  }, async (request, reply) => {
    const checked = check(request);
    if (checked.ok) return reply.send({ gyldig: true, aarsager: [] });
    if (checked.reportReasons) return reply.send({ gyldig: false, aarsager: checked.reasons.map((r) => ({ ...r, message: redactCpr(r.message) })) });
    return send(reply, checked.status, checked.code, checked.message, checked.reasons);
  });

  app.get<{ Params: { id: string } }>('/api/v1/indberetninger/:id/kvittering', {
    ...documented({ summary: 'The receipt of a report, once the hub has processed it', params: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] }, response: { 200: receiptSchema(), ...errors(401, 403, 404) } }),
    onRequest: [authenticate],
  }, async (request, reply) => {
    const id = request.params.id;
    const receipt = id.length <= 200 ? await access.receipts.get(id) : undefined;
    // Another system's receipt is as unknown as a missing one: its existence is not disclosed.
    if (!receipt || receipt.kildesystem !== caller(request).id) return send(reply, 404, 'NOT_FOUND', 'no receipt for this report (yet): the hub writes it once the report is processed');
    await access.audit.record({ aktoer: caller(request).id, kanal: channelOf(request), handling: 'LAES_KVITTERING', objekt: `indberetning:${receipt.indberetningId}`, kapitel: Number(receipt.kapitel), kommunekode: String(receipt.kommunekode), resultat: 'ok' });
    return reply.send(receipt);
  });

  app.post('/api/v1/systemaendringer', {
    ...documented({ summary: '§ 4: notify a planned change of a municipality\'s case systems', body: noticeSchema, response: { 201: { type: 'object' }, ...errors(400, 401, 403, 413, 415) } }),
    onRequest: [authenticate, requireJson],
  }, async (request, reply) => {
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return send(reply, 400, 'NOTICE_INVALID', 'the body must be a JSON object {kommunekode, idriftsaettelse, system, beskrivelse}');
    const notice = noticeFrom(body as Record<string, unknown>);
    const aftale = caller(request);
    if (/^\d{3}$/.test(notice.kommunekode) && !aftale.kommunekoder.includes('*') && !aftale.kommunekoder.includes(notice.kommunekode)) {
      return send(reply, 403, 'ACCESS_REFUSED', `§ 1: the connection agreement of ${aftale.id} does not cover kommunekode ${notice.kommunekode}`);
    }
    const recorded = await access.notices.add(notice, aftale.id, 'http');
    if ('rejected' in recorded) return send(reply, 400, 'NOTICE_INVALID', 'the notice is not valid', recorded.rejected.kind === 'rejected' ? recorded.rejected.reasons : []);
    return reply.code(201).send(recorded);
  });

  // The key service (issue 13, point 6): a case system keys its reports by what this answers, and may
  // keep the answer for good (a key never changes). CPR numbers travel only in the body, never logged.
  app.post('/api/v1/personnoegler', {
    ...documented({ summary: 'The person keys of CPR numbers (up to 1000), to key reports on Kafka by', body: personKeyRequestSchema, response: { 200: personKeyResponseSchema, ...errors(400, 401, 403, 413, 415, 503) } }),
    onRequest: [authenticate, requireJson],
  }, async (request, reply) => {
    const asked = personKeyRequestOf(request.body);
    if (!asked.ok) return send(reply, 400, 'PERSON_KEY_REQUEST_INVALID', asked.message);
    const personnoegler = await access.personKeys.keysFor(asked.cprs);
    await access.audit.record({ aktoer: caller(request).id, kanal: channelOf(request), handling: 'PERSONNOEGLER', objekt: `personnoegler:${asked.cprs.length}`, resultat: 'ok' });
    return reply.header('cache-control', 'private, max-age=31536000, immutable').send({ personnoegler });
  });

  app.get('/api/v1/dataomraader', { schema: { summary: 'The data areas and their report schemas (JSON Schema from Avro)' } }, async () => dataAreaJsonSchemas());

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // The registration page's sign-in: a user of a connection agreement (hub clients user) gets a session cookie.
  app.post<{ Body: { aftale?: unknown; bruger?: unknown; adgangskode?: unknown } }>('/registrering/log-ind', { schema: { hide: true }, onRequest: [requireJson] }, async (request, reply) => {
    const { aftale, bruger, adgangskode } = (request.body ?? {}) as Record<string, unknown>;
    const token = typeof aftale === 'string' && typeof bruger === 'string' && typeof adgangskode === 'string' ? await access.users.signIn(aftale, bruger, adgangskode) : undefined;
    const agreement = token ? access.cache.get(String(aftale)) : undefined;
    if (!token || !agreement) return send(reply, 401, 'AUTH_FAILED', 'forkert aftale, brugernavn eller adgangskode');
    if (agreement.status === 'suspenderet') {
      await access.users.signOut(token);
      return send(reply, 403, 'ACCESS_REFUSED', `adgangen for ${agreement.id} er lukket (§ 3)`);
    }
    await access.audit.record({ aktoer: `${agreement.id}/${String(bruger)}`, kanal: 'registreringsside', handling: 'LOG_IND', objekt: `aftale:${agreement.id}`, resultat: 'ok' });
    return reply.header('set-cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_TTL_MS / 1000}`).send(sessionView(agreement, String(bruger)));
  });
  app.post('/registrering/log-ud', { schema: { hide: true } }, async (request, reply) => {
    await access.users.signOut(sessionToken(request));
    return reply.header('set-cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`).code(204).send();
  });
  app.get('/registrering/session', { schema: { hide: true } }, async (request, reply) => {
    const session = await access.users.session(sessionToken(request));
    const agreement = session ? access.cache.get(session.aftaleId) : undefined;
    if (!session || !agreement) return send(reply, 401, 'AUTH_FAILED', 'ikke logget ind');
    return reply.send(sessionView(agreement, session.bruger));
  });

  const pageDir = path.join(installRoot(), 'src/http/registrering');
  const page = fs.readFileSync(path.join(pageDir, 'index.html'), 'utf8');
  const script = fs.readFileSync(path.join(pageDir, 'app.js'), 'utf8');
  const pageHeaders = { 'content-security-policy': "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'", 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  app.get('/registrering', { schema: { hide: true } }, async (_request, reply) => reply.headers(pageHeaders).type('text/html; charset=utf-8').send(page));
  app.get('/registrering/app.js', { schema: { hide: true } }, async (_request, reply) => reply.headers(pageHeaders).type('text/javascript; charset=utf-8').send(script));
};
