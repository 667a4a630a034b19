/**
 * kafkajs puts one send's records for a partition into one record batch, which the broker refuses
 * above its message.max.bytes (1 MiB by default): a large send goes out in consecutive parts.
 */

/** The records in order, in consecutive parts of at most `maxBytes` by `sizeOf` (a larger record alone). */
export const inParts = <R>(records: readonly R[], sizeOf: (record: R) => number, maxBytes: number): R[][] => {
  const parts: R[][] = [];
  let part: R[] = [];
  let bytes = 0;
  for (const r of records) {
    const size = sizeOf(r);
    if (part.length > 0 && bytes + size > maxBytes) {
      parts.push(part);
      part = [];
      bytes = 0;
    }
    part.push(r);
    bytes += size;
  }
  if (part.length > 0) parts.push(part);
  return parts;
};
