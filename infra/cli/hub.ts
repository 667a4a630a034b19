// The `hub` command's entry point (compiled by bin/build.mjs, run by bin/hub.mjs): the product's
// CLI (src/cli/main.ts) with the local development stack handed in.
import { runHub } from '../../src/cli/main.ts';
import { devStackFrom } from './dev-stack.ts';

await runHub(devStackFrom);
