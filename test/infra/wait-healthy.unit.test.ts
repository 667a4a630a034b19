// waitHealthy's time limit counts only time the process could check: a start step that holds the
// event loop (Kafka's storage format runs in spawnSync) must not use up another service's limit.
import { describe, expect, it } from 'vitest';
import { waitHealthy } from '../../infra/stack/processes.ts';

const holdLoop = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) { /* the event loop is held, as by a spawnSync */ }
};

describe('waitHealthy', () => {
  it('does not count a held event loop against the limit', async () => {
    let calls = 0;
    await expect(waitHealthy('test', undefined, async () => {
      calls++;
      if (calls === 1) { holdLoop(1200); return false; }
      return true;
    }, 500)).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });

  it('gives up after the limit when the service never answers', async () => {
    const started = Date.now();
    await expect(waitHealthy('test', undefined, async () => false, 600)).rejects.toMatchObject({ code: 'SERVICE_UNHEALTHY' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
