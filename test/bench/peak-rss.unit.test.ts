// The benchmark's RSS sampler: its peak parts and what the largest sample was made of.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { samplePeakRss } from '../../bench/peak-rss.ts';

describe('samplePeakRss', () => {
  it('tells the anonymous and file-backed parts of the largest sample', async () => {
    // 96 MiB written (so resident), held for a second, then let go.
    const child = spawn(process.execPath, ['-e', 'const b = Buffer.alloc(96 * 1024 * 1024, 1); setTimeout(() => b.length, 1500)'], { stdio: 'ignore' });
    const rss = samplePeakRss(child.pid!, 50);
    await new Promise((resolve) => child.once('exit', resolve));
    const peak = rss.stop();
    const at = rss.atPeak();
    expect(at.anonMb).toBeGreaterThan(96);
    expect(at.fileMb).toBeGreaterThan(0);
    expect(Math.abs(at.rssMb - (at.anonMb + at.fileMb))).toBeLessThan(1);
    expect(at.rssMb).toBeLessThanOrEqual(peak + 1);
    expect(rss.parts().anonMb).toBeGreaterThanOrEqual(at.anonMb);
  });
});
