#!/usr/bin/env -S MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072 node --max-old-space-size=192 --max-semi-space-size=8
// The `hub` command. The sources are TypeScript; bin/build.mjs compiles them into `.hub-build/`
// on the first run and after any change (about a second), so a fresh clone needs no build step.
// Stack traces name the compiled file; NODE_OPTIONS=--enable-source-maps maps them to the sources.
import { pathToFileURL } from 'node:url';
import { buildIfStale } from './build.mjs';
import { useV8RuntimeFlags } from './v8-runtime-flags.mjs';

useV8RuntimeFlags();

await import(pathToFileURL(await buildIfStale()).href);
