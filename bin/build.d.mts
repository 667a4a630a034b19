/** The compiled entry of the `hub` command. */
export declare const builtEntry: string;
/** The compiled entry, built first when it is missing or older than a source. */
export declare const buildIfStale: () => Promise<string>;
