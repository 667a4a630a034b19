/** The V8 flags the hub's process sets once it runs (bin/v8-runtime-flags.mjs says why). */
export declare const V8_RUNTIME_FLAGS: readonly string[];
/** A V8 flag's name, whichever way it is written (`--no-` form, underscores, a value): `allocation-site-pretenuring`. */
export declare const flagNameOf: (flag: string) => string;
/** Sets them in this process, before anything else runs; one given on node's command line (`execArgv`) wins. */
export declare const useV8RuntimeFlags: (execArgv?: readonly string[]) => void;
