// How a hub process is started: the node flags and the environment on the first line of
// bin/hub.mjs (`#!/usr/bin/env -S VAR=value … node --flag …`), which `npx hub` and `npm start` run.
// The benchmark and the tests spawn `node` themselves (to add flags of their own) and read them
// from there, so every hub process runs with the settings production runs with, written once.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from './stack/settings.ts';

/** The hub's command script. */
export const hubScript = (): string => path.join(repoRoot(), 'bin', 'hub.mjs');

/**
 * The shebang's node flags and environment. A variable already in this process's environment wins
 * (a benchmark run may try another malloc setting); `extraNodeArgs` come after the shebang's flags.
 */
export const hubProcess = (extraNodeArgs: readonly string[] = []): { nodeArgs: string[]; env: Record<string, string> } => {
  const first = fs.readFileSync(hubScript(), 'utf8').split('\n', 1)[0] ?? '';
  const words = first.replace(/^#!\/usr\/bin\/env -S\s+/, '').split(/\s+/).filter(Boolean);
  const at = words.indexOf('node');
  if (!first.startsWith('#!/usr/bin/env -S') || at < 0) throw new Error(`${hubScript()}: the first line is not "#!/usr/bin/env -S [VAR=value …] node [flag …]": ${first}`);
  const env = Object.fromEntries(words.slice(0, at).map((w) => {
    const name = w.slice(0, w.indexOf('='));
    return [name, process.env[name] ?? w.slice(w.indexOf('=') + 1)];
  }));
  return { nodeArgs: [...words.slice(at + 1), ...extraNodeArgs], env };
};
