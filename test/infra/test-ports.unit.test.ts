// The tests' port claims: two calls of a run never get one port, a dead run's claim expires.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimPort, freePort } from '../support/own-stack.ts';

describe('test port claims', () => {
  it('gives a port once, then refuses it until the claim is an hour old', () => {
    // Above the range freePort draws from, so no other test's claim can be this one.
    const port = 40_000 + Math.floor(Math.random() * 10_000);
    const file = path.join(os.tmpdir(), 'hub-test-ports', String(port));
    fs.rmSync(file, { force: true });
    try {
      expect(claimPort(port)).toBe(true);
      expect(claimPort(port)).toBe(false);
      expect(claimPort(port, Date.now() + 59 * 60_000)).toBe(false);
      expect(claimPort(port, Date.now() + 61 * 60_000)).toBe(true);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('hands out distinct, bindable ports', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) expect(port >= 20_000 && port < 32_000).toBe(true);
  });
});
