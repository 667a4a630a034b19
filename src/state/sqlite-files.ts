/**
 * Whether SQLite refused a file as not a database, or as damaged: such a store or index only copies
 * Kafka, so it is replaced and read again. Any other error (the file busy in another process, a
 * permission, a full disk) is not the file's fault: it is thrown, and the file is left alone.
 */
export const isUnreadableDatabase = (e: unknown): boolean => {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'));
};
