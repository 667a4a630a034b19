// The sweep of the tests' topics (test/support/test-topics.ts) must leave them while another test run
// is going on: a vitest process outside this run's process tree, as a clean clone's CI beside a
// checkout is. This run's own processes (its vitest main process, its workers, `npm test`'s shell)
// never count.
import { spawn, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually } from '../support/services.ts';
import { otherTestRuns } from '../support/test-topics.ts';

describe('other test runs', () => {
  it('finds a vitest process outside this run, and not once it has ended; never one of this run', async () => {
    // This run's vitest main process (the worker's parent) is this run's own.
    expect(otherTestRuns()).not.toContain(process.ppid);
    // A stand-in for another run: a detached process named like vitest, reparented away from this run
    // (the shell that starts it exits at once).
    const started = spawnSync('sh', ['-c', `${process.execPath} -e "setTimeout(() => {}, 60000)" vitest-stand-in >/dev/null 2>&1 & echo $!`], { encoding: 'utf8' });
    const pid = Number(started.stdout.trim());
    expect(pid).toBeGreaterThan(1);
    try {
      expect(await eventually(() => otherTestRuns().includes(pid), 5_000)).toBe(true);
      // A child of this run named like vitest is this run's own.
      const own = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', 'vitest-own-child'], { stdio: 'ignore' });
      try {
        expect(await eventually(() => otherTestRuns().includes(own.pid!), 1_500)).toBe(false);
      } finally {
        own.kill();
      }
    } finally {
      process.kill(pid, 'SIGKILL');
    }
    expect(await eventually(() => !otherTestRuns().includes(pid), 5_000)).toBe(true);
  });
});
