// The registration page (§ 11 stk. 2 nr. 1) in headless Chromium, driven by the keyboard only: a case
// worker signs in as a user of the connection agreement, registers a report of every data area the
// page offers, sees errors beside the field with their paragraph, and follows the receipt. axe-core
// finds no serious or critical accessibility violation (WCAG 2.1 AA applies to Danish public sites).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copenhagenDate } from '../../src/rules/calendar/index.ts';
import * as fixtures from '../rules/fixtures.ts';
import { aReport } from '../rules/ch11/given.ts';
import { startWebService, type WebServiceFixture } from '../support/web-service.ts';

// The browser's globals inside page.evaluate callbacks (the project compiles without the DOM lib).
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
type HTMLInputElement = any;
type HTMLSelectElement = any;
type HTMLOptionElement = any;

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
let password: string;
const AFTALE = 'jobcenter-test';

beforeAll(async () => {
  ensureChromium();
  ws = await startWebService({ withHub: true });
  key = (await ws.access.agreements.add({ id: AFTALE, navn: 'Jobcenter Test', kommunekoder: ['*'], kapitler: [2, 3, 4, 5, 6, 7, 8, 9, 10, 11], miljoe: 'test' }, 'test')).apiKey;
  password = await ws.access.users.add(AFTALE, 'sagsbehandler');
  base = await ws.app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 300_000);
afterAll(async () => {
  await browser?.close();
  await ws?.close();
});

const today = copenhagenDate(Date.now());
/** A valid report of each data area the page offers, dated today. */
const REPORTS: Record<number, Record<string, unknown>> = {
  2: fixtures.kapitel2Start({ haendelsesdato: today, kontaktgruppe: { kontaktgruppe: 1, startdato: today, slutdato: null } } as never) as never,
  3: fixtures.kapitel3() as never,
  4: fixtures.kapitel4() as never,
  5: fixtures.kapitel5() as never,
  8: fixtures.kapitel8() as never,
  9: fixtures.kapitel9() as never,
  10: fixtures.kapitel10() as never,
  11: aReport({ haendelsesdato: today, kommunekode: '751' }) as never,
};

const at = (report: Record<string, unknown>, path: string): unknown => path.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | null)?.[part], report);

interface Focused { tag: string; type: string; name: string; include: string; id: string; index: number; values: string[] }
const focused = (page: Page): Promise<Focused> => page.evaluate(() => {
  const e = document.activeElement as HTMLInputElement & HTMLSelectElement;
  const options: string[] = e.tagName === 'SELECT' ? [...e.options].map((o: HTMLOptionElement) => o.value) : [];
  return { tag: e.tagName, type: e.type ?? '', name: e.name ?? '', include: e.dataset?.include ?? '', id: e.id, index: e.tagName === 'SELECT' ? e.selectedIndex : -1, values: options };
});

/** Picks `value` in the focused select with the arrow keys. */
const pick = async (page: Page, f: Focused, value: string) => {
  const target = f.values.indexOf(value);
  if (target < 0) throw new Error(`${f.name || f.id} has no option ${value}`);
  const key = target > f.index ? 'ArrowDown' : 'ArrowUp';
  for (let i = 0; i < Math.abs(target - f.index); i++) await page.keyboard.press(key);
};

/** Fills the form from `report` with Tab, typing, arrows and Space, and sends it with Enter. */
const fillByKeyboard = async (page: Page, report: Record<string, unknown>) => {
  for (let step = 0; step < 200; step++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (f.id === 'send') { await page.keyboard.press('Enter'); return; }
    if (f.include) {
      if (at(report, f.include) !== null && at(report, f.include) !== undefined) await page.keyboard.press('Space');
      continue;
    }
    if (!f.name) continue;
    const value = at(report, f.name);
    if (value === null || value === undefined) continue;
    if (f.tag === 'SELECT') await pick(page, f, String(value));
    else if (f.type === 'checkbox') { if (value === true) await page.keyboard.press('Space'); }
    // Debian's headless Chromium lays a date field out month, day, year whatever the page's locale.
    else if (f.type === 'date') { const [y, m, d] = String(value).split('-'); await page.keyboard.type(`${m}${d}${y}`); }
    // A time field: hours, minutes, and AM/PM where Chromium shows a 12-hour clock.
    else if (f.type === 'time') { const [h, m] = String(value).split(':').map(Number); await page.keyboard.type(`${String(h! % 12 || 12).padStart(2, '0')}${String(m).padStart(2, '0')}${h! < 12 ? 'A' : 'P'}`); }
    else if (f.name === 'cpr') await page.keyboard.type(`${String(value).slice(0, 6)}-${String(value).slice(6)}`); // with the dash
    else await page.keyboard.type(Array.isArray(value) ? value.join(',') : String(value));
  }
  throw new Error('never reached the send button');
};

const signIn = async (page: Page) => {
  await page.goto(`${base}/registrering`);
  await page.waitForSelector('body[data-klar="1"]');
  for (const text of [AFTALE, 'sagsbehandler', password]) {
    await page.keyboard.press('Tab');
    await page.keyboard.type(text);
  }
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'kapitel');
};

describe('registration page', () => {
  it('signs in with a user of the agreement, offers no chapter 6 or 7, and has no serious accessibility violation', async () => {
    const context = await browser.newContext({ locale: 'da-DK' });
    const page = await context.newPage();
    await page.goto(`${base}/registrering`);
    await page.waitForSelector('body[data-klar="1"]');
    const before = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    await signIn(page);
    const offered = await page.locator('#kapitel option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(['2', '3', '4', '5', '8', '9', '10', '11']);
    const after = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const serious = [...before.violations, ...after.violations].filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    // No API key on the page, and the session cookie is not readable by scripts.
    expect(await page.evaluate(() => document.cookie)).toBe('');
    expect(await page.content()).not.toContain(key);
    await context.close();
  }, 90_000);

  it('shows an error beside its field with the paragraph, in Danish, and sends nothing', async () => {
    const page = await browser.newPage({ locale: 'da-DK' });
    await signIn(page);
    await pick(page, await focused(page), '11');
    await page.waitForSelector('#send');
    await fillByKeyboard(page, { ...REPORTS[11]!, cpr: '12345' });
    await expect.poll(() => page.textContent('span.fejl[data-field="cpr"]'), { timeout: 15_000 }).toBe('§ 63 stk. 1 nr. 1: skal være 10 cifre (med eller uden bindestreg)');
    expect(await page.getAttribute('[name="cpr"]', 'aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.name)).toBe('cpr');
    expect(await page.getAttribute('#kvittering', 'data-udfald')).toBeNull();
    await page.close();
  }, 60_000);

  for (const kapitel of [2, 3, 4, 5, 8, 9, 10, 11]) {
    it(`registers a chapter ${kapitel} report by keyboard alone and follows its receipt`, async () => {
      const page = await browser.newPage({ locale: 'da-DK' });
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page);
      const f = await focused(page);
      expect(f.id).toBe('kapitel');
      await pick(page, f, String(kapitel));
      await page.waitForFunction((k) => (document.getElementById('kapitel') as HTMLSelectElement).value === String(k) && document.querySelector('#send'), kapitel);
      await fillByKeyboard(page, REPORTS[kapitel]!);
      await page.waitForSelector('#kvittering[data-udfald]', { timeout: 45_000 }).catch(async (error) => {
        const shown = await page.evaluate(() => [...document.querySelectorAll('input[name], select[name]')].map((i: HTMLInputElement) => `${i.name}=${i.value}`).join(' '));
        throw new Error(`${(error as Error).message}\nstatus: ${await page.textContent('#status')}\nerrors: ${await page.locator('span.fejl').allTextContents()}\nform: ${shown}`);
      });
      const dates = await page.evaluate(() => [...document.querySelectorAll('input[type=date]')].filter((i: HTMLInputElement) => i.value).map((i: HTMLInputElement) => [i.name, i.value]));
      for (const [name, value] of dates) expect(value, name).toBe(at(REPORTS[kapitel]!, name));
      const times = await page.evaluate(() => [...document.querySelectorAll('input[type=time]')].map((i: HTMLInputElement) => [i.name, i.value]));
      for (const [name, value] of times) expect(value, name).toBe(at(REPORTS[kapitel]!, name));
      const text = (await page.textContent('#kvittering'))!;
      expect(text).toMatch(/^Indberetning \S+\n/);
      expect(text).not.toContain(String(REPORTS[kapitel]!.cpr));
      expect(errors).toEqual([]);
      await page.close();
    }, 90_000);
  }

  it('refuses chapters 6 and 7 from the page on the server too', async () => {
    const response = await fetch(`${base}/api/v1/indberetninger`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key, 'x-hub-kanal': 'registreringsside' },
      body: JSON.stringify({ kapitel: 7, report: {} }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain('§ 41 stk. 2');
  });

  it('does not take a session without the page\'s header (no cross-site request)', async () => {
    const login = await fetch(`${base}/registrering/log-ind`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aftale: AFTALE, bruger: 'sagsbehandler', adgangskode: password }) });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const token = cookie.split(';')[0]!;
    const without = await fetch(`${base}/api/v1/valider`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: token }, body: '{"kapitel": 11, "report": {}}' });
    expect(without.status).toBe(401);
    const wrong = await fetch(`${base}/registrering/log-ind`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ aftale: AFTALE, bruger: 'sagsbehandler', adgangskode: 'forkert' }) });
    expect(wrong.status).toBe(401);
  });
});
