/** The V8 flags the hub's process sets once it runs (bin/v8-runtime-flags.mjs says why). */
export declare const V8_RUNTIME_FLAGS: readonly string[];
/** Sets them in this process, before anything else runs; one given on node's command line (`execArgv`) wins. */
export declare const useV8RuntimeFlags: (execArgv?: readonly string[]) => void;
