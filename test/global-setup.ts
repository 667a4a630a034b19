// Brings the real services up before any test runs (or checks the ones the environment names).
import { stackSettingsFrom, stackUp } from '../infra/index.ts';

export default async function setup(): Promise<void> {
  const result = await stackUp(stackSettingsFrom(process.env), process.env);
  if (result.started.length > 0) {
    console.log(`[test] started ${result.started.join(', ')} in ${(result.elapsedMs / 1000).toFixed(1)} s`);
  }
}
