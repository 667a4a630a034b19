// The registration page (§ 11 stk. 2 nr. 1) in headless Chromium: a case worker picks a data area,
// fills the generated form, sees validation inline, submits and sees the receipt.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/index.ts';
import { samplePersons } from '../../src/producers/samples.ts';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

const CHROMIUM = '/usr/bin/chromium';
const ensureChromium = () => {
  if (fs.existsSync(CHROMIUM)) return;
  const r = spawnSync('sh', ['-c', 'apt-get install -y chromium || (apt-get update && apt-get install -y chromium)'], { stdio: 'inherit', timeout: 300_000 });
  if (r.status !== 0 || !fs.existsSync(CHROMIUM)) throw new Error('Chromium is missing and apt-get install -y chromium failed');
};

let ws: WebServiceFixture;
let browser: Browser;
let base: string;
let key: string;

beforeAll(async () => {
  ensureChromium();
  ws = await startWebService({ withHub: true });
  key = (await ws.access.agreements.add({ id: 'jobcenter-101', navn: 'Jobcenter København', kommunekoder: ['101'], kapitler: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], miljoe: 'test' }, 'test')).apiKey;
  base = await ws.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await ws?.close();
});

describe('registration page', () => {
  it('lets a case worker register a chapter 2 report, with inline validation and the receipt', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/registrering`);
    await page.waitForSelector('body[data-klar="1"]');
    const offered = await page.locator('#kapitel option').evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(offered).toContain('2');
    expect(offered).not.toContain('6'); // §§ 35 stk. 2, 41 stk. 2: web services only
    expect(offered).not.toContain('7');

    await page.fill('#apiKey', key);
    await page.dispatchEvent('#apiKey', 'change');
    await page.selectOption('#kapitel', '2');
    const today = copenhagenDate(Date.now());
    const cpr = samplePersons(1, ['aak'], 99)[0]!.cpr;
    await page.fill('[name="kommunekode"]', '101');
    await page.fill('[name="cpr"]', '12345'); // wrong: shown inline
    await page.selectOption('[name="haendelsestype"]', 'KONTAKTGRUPPE_START');
    await page.fill('[name="haendelsesdato"]', today);
    await page.check('[data-include="kontaktgruppe"]');
    await page.fill('[name="kontaktgruppe.kontaktgruppe"]', '1');
    await page.fill('[name="kontaktgruppe.startdato"]', today);
    await page.click('#valider');
    await expect.poll(() => page.textContent('span.fejl[data-field="cpr"]'), { timeout: 10_000 }).toMatch(/cpr/i);
    await page.fill('[name="cpr"]', cpr);
    await page.click('#valider');
    await expect.poll(() => page.textContent('#status'), { timeout: 10_000 }).toContain('gyldig');

    await page.click('#indsend');
    await page.waitForSelector('#kvittering[data-udfald]', { timeout: 45_000 });
    expect(await page.getAttribute('#kvittering', 'data-udfald')).toBe('LEVERET');
    expect(await page.textContent('#kvittering')).toContain('on-time');
    fs.mkdirSync(path.join(repoRoot(), 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(repoRoot(), 'test-artifacts', 'registrering.png'), fullPage: true });
    // The CPR never shows in the receipt.
    expect(await page.textContent('#kvittering')).not.toContain(cpr);
    expect(errors).toEqual([]);
    await page.close();
  }, 90_000);

  it('refuses chapters 6 and 7 from the page on the server too', async () => {
    const response = await fetch(`${base}/api/v1/indberetninger`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, 'x-hub-kanal': 'registreringsside' },
      body: JSON.stringify({ kapitel: 7, report: {} }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('§ 41 stk. 2');
  });
});
