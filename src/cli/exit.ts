/** Clean-ups a running command registers, run when its output pipe closes or a signal stops it. */
const cleanups = new Set<() => Promise<void>>();

export const onExit = (cleanup: () => Promise<void>): void => {
  cleanups.add(cleanup);
};

/** Runs the registered clean-ups (at most `withinMs`), then exits with `code`. */
export const exitAfterCleanup = async (code: number, withinMs = 5000): Promise<never> => {
  const timer = setTimeout(() => process.exit(code), withinMs);
  timer.unref();
  await Promise.allSettled([...cleanups].map((c) => c()));
  process.exit(code);
};
