// The operations dashboard in headless Chromium: figures appear, and change without a reload.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { connectServices, type Services } from '../../src/app/services.ts';
import { startHub, type RunningHub } from '../../src/app/hub.ts';
import { hubSettingsFrom } from '../../infra/hub-settings.ts';
import { createHttpServer } from '../../src/http/server.ts';
import { opsServerPlugin } from '../../src/http/plugins.ts';

const OPS = { username: 'ops', password: 'dashboard-test-password' };
const authorization = `Basic ${Buffer.from(`${OPS.username}:${OPS.password}`).toString('base64')}`;
import { createMembershipPublisher } from '../../src/producers/membership-publisher.ts';
import { createReportPublisher } from '../../src/producers/report-publisher.ts';
import { createYdelsePublisher } from '../../src/producers/ydelse-publisher.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { readTopic, testLogger, uniqueName } from '../support/services.ts';

// Browser globals used inside page functions (the project compiles without the DOM library).
declare const document: { querySelector(selector: string): { textContent: string | null } | null; body: { dataset: Record<string, string | undefined> } };
declare const window: Record<string, unknown>;

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const artifacts = path.join(repoRoot(), 'test-artifacts');

let services: Services;
let hub: RunningHub;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;
let fundGroup: string;
let reconciledKommune: string;

const sendGarbage = async () => {
  const raw = services.kafka.producer();
  await raw.connect();
  await raw.send({ topic: services.topics.indberetninger, messages: [{ key: 'x', value: Buffer.from(`garbage ${Date.now()}`) }] });
  await raw.disconnect();
};

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', timeout: 600_000 });
  const prefix = uniqueName('dash');
  services = await connectServices(hubSettingsFrom({ ...process.env, HUB_TOPIC_PREFIX: prefix, HUB_PARTITIONS: '2' }), testLogger);
  hub = await startHub(services);
  const { kafka, codec, topics, settings } = services;
  const persons = samplePersons(3, ['aak', 'aak', '3f'], 11);
  const members = await createMembershipPublisher({ kafka, codec, topics, personKeys: services.personKeys });
  await members.publish(persons.map((p) => ({ cpr: p.cpr, akasse: p.akasse })));
  await members.close();
  const now = Date.now();
  const today = copenhagenDate(now);
  const publisher = await createReportPublisher({ kafka, codec, topics, personKeys: services.personKeys });
  await publisher.publishMany(persons.flatMap((p, i) => [kontaktgruppeStart(p, `kg-${prefix}-${i}`, today, now), udeblivelse(p, `ude-${prefix}-${i}`, today, now)]));
  await publisher.close();
  // Dagpenge paid for a month before the person's kontaktgruppe was registered: a § 9 discrepancy.
  const payments = await createYdelsePublisher({ kafka, codec, topics, personKeys: services.personKeys });
  const monthAgo = copenhagenDate(now - 40 * 86_400_000);
  reconciledKommune = persons[0]!.kommunekode;
  await payments.publishMany([{ art: 'udbetaling', record: {
    udbetalingId: `u-${prefix}`, kildesystem: 'ydelsessystem', kommunekode: persons[0]!.kommunekode, cpr: persons[0]!.cpr, ydelse: 'DAGPENGE', fradato: monthAgo, tildato: copenhagenDate(now - 11 * 86_400_000),
    beloebOere: 1_000_000, udbetalingsdato: today, bevillingId: null, foranstaltningId: null, tilbudId: null, hjaelpemiddel: null, annulleret: false, registreretTidspunkt: new Date(now).toISOString(),
  } }]);
  await payments.close();
  await sendGarbage();
  await readTopic(kafka, topics.fund('aak'), async (v) => v, 2);
  // A fund's own consumer group that has read nothing yet: lag 2 on the fund topic.
  fundGroup = `${prefix}.aak-fagsystem`;
  const admin = kafka.admin();
  await admin.connect();
  await admin.setOffsets({ groupId: fundGroup, topic: topics.fund('aak'), partitions: [0, 1].map((partition) => ({ partition, offset: '0' })) });
  await admin.disconnect();

  // As `hub start` serves it: the operations server, its credentials and security headers (CSP).
  app = await createHttpServer({ logger: testLogger, plugins: [opsServerPlugin({ services, hub, health: undefined as never }, OPS)] });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  const admin = services?.kafka.admin();
  if (admin) await admin.connect().then(() => admin.deleteGroups([fundGroup])).catch(() => undefined).finally(() => admin.disconnect());
  await hub?.stop();
  await services?.close();
});

describe('the operations dashboard', () => {
  it('shows lag, dead letters and compliance, and updates them live without reloading', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1500 }, httpCredentials: OPS });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // A content security policy violation is a console error, not a page error (the browser's own
    // favicon request is a 404 console error too, and not the page's).
    page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) errors.push(m.text()); });
    await page.goto(`${baseUrl}/`);
    await page.evaluate(() => { window.notReloaded = true; });

    // Figures appear: the hub's own groups and the fund's group in the lag table, a dead letter.
    await page.waitForFunction((group) => document.querySelector('[data-testid="lag-table"]')?.textContent?.includes(group), fundGroup, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="dead-letters"]')?.textContent) >= 1, undefined, { timeout: 30_000 });
    const lagText = await page.textContent('[data-testid="lag-table"]');
    expect(lagText).toContain('.regler');
    // The hub of this test runs every role and owns every inbound partition.
    await page.waitForFunction(() => document.querySelector('[data-testid="instances-table"]')?.textContent?.includes('rules, reconciliation, delivery, receipts, outbox'), undefined, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="total-lag"]')).toMatch(/^\d+$/);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="reports"]')?.textContent) >= 6, undefined, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="compliance-table"]')).toContain('§ 61');
    await page.waitForFunction(() => document.querySelector('[data-testid="reconciliation-table"]')?.textContent?.includes('§ 9'), undefined, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="reconciliation-open-table"]')).toContain('DAGPENGE paid for');
    // The operations API serves what `hub reconcile` prints.
    const today = copenhagenDate(Date.now());
    const api = await fetch(`${baseUrl}/api/ops/afstemning?kommune=${reconciledKommune}&from=${copenhagenDate(Date.now() - 60 * 86_400_000)}&to=${today}`, { headers: { authorization } });
    const body = await api.json() as { rows: Array<{ paragraf: string; status: string; kommunekode: string }>; summary: Array<{ aabne: number }> };
    expect(body.rows).toEqual([expect.objectContaining({ paragraf: '§ 9', status: 'AABEN', kommunekode: reconciledKommune })]);
    expect(body.summary).toEqual([expect.objectContaining({ aabne: 1 })]);
    expect((await fetch(`${baseUrl}/api/ops/afstemning?from=x`, { headers: { authorization } })).status).toBe(400);
    expect(await page.locator('canvas#chart-lag').boundingBox()).not.toBeNull();

    // Something happens on the broker; the page follows by itself.
    const before = Number(await page.textContent('[data-testid="dead-letters"]'));
    const updatedAt = await page.evaluate(() => document.body.dataset.updatedAt);
    await sendGarbage();
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="dead-letters"]')?.textContent) > n, before, { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.dataset.updatedAt)).not.toBe(updatedAt);
    expect(await page.evaluate(() => window.notReloaded)).toBe(true);
    expect(await page.textContent('[data-testid="dead-table"]')).toContain('DECODE_FAILED');

    fs.mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'dashboard.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('serves chart.js and the AsyncAPI document', async () => {
    expect((await fetch(`${baseUrl}/dashboard/chart.umd.min.js`)).status).toBe(401);
    const chart = await fetch(`${baseUrl}/dashboard/chart.umd.min.js`, { headers: { authorization } });
    expect(chart.status).toBe(200);
    expect(await chart.text()).toContain('Chart');
    const doc = (await (await fetch(`${baseUrl}/api/asyncapi.json`, { headers: { authorization } })).json()) as { asyncapi: string };
    expect(doc.asyncapi).toBe('3.0.0');
  });
});
