/**
 * Which member of a partition processor's group gets which partition numbers: a pure function, so
 * the group's assigner (in partition-processor.ts) only decodes what the members sent and encodes
 * the answer.
 *
 * Each member says how much state it holds per partition (the changelog records its store of that
 * partition reflects, summed over the changelog topics; nothing for a partition it has no store
 * of). The partitions are shared out as evenly as round-robin would (counts differ by at most one),
 * and within that each partition goes to the member holding the most of its state, so a member that
 * restarts, or a pair in which one instance has every store already, restores the delta instead of
 * its share of the country. Kafka Streams assigns its stateful tasks the same way (by the lag of
 * each member's local state).
 */

/** What one member holds: per partition number, the changelog records its store reflects. */
export interface MemberHolding {
  readonly memberId: string;
  readonly held: ReadonlyMap<number, bigint>;
}

/**
 * Partition numbers `0 … partitions − 1` dealt to the members: every number to exactly one member,
 * each member `⌊partitions / members⌋` or one more; the most warmly held first, each to the member
 * with the most of its state that still has room; the rest in order to the members with the fewest
 * (ties by member id). With no state held anywhere this is round-robin over the sorted member ids.
 */
export const assignPartitions = (partitions: number, members: readonly MemberHolding[]): Map<string, number[]> => {
  const ids = members.map((m) => m.memberId).sort();
  const assignment = new Map<string, number[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return assignment;
  const base = Math.floor(partitions / ids.length);
  let extras = partitions % ids.length;
  const owner = new Map<number, string>();
  const canTake = (id: string) => {
    const count = assignment.get(id)!.length;
    return count < base || (count === base && extras > 0);
  };
  const take = (id: string, partition: number) => {
    const mine = assignment.get(id)!;
    mine.push(partition);
    if (mine.length === base + 1) extras--;
    owner.set(partition, id);
  };

  const warm = members
    .flatMap((m) => [...m.held].filter(([p, records]) => p >= 0 && p < partitions && records > 0n).map(([partition, records]) => ({ id: m.memberId, partition, records })))
    .sort((a, b) => (a.records === b.records ? a.partition - b.partition || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.records > b.records ? -1 : 1));
  for (const c of warm) if (!owner.has(c.partition) && canTake(c.id)) take(c.id, c.partition);

  for (let p = 0; p < partitions; p++) {
    if (owner.has(p)) continue;
    // Always one: the room left equals the partitions left.
    const id = ids.filter(canTake).sort((a, b) => assignment.get(a)!.length - assignment.get(b)!.length)[0]!;
    take(id, p);
  }
  for (const list of assignment.values()) list.sort((a, b) => a - b);
  return assignment;
};

/** A member's holding as the user data of its group metadata (JSON: partition → records, as text). */
export const encodeHolding = (held: ReadonlyMap<number, bigint>): Buffer =>
  Buffer.from(JSON.stringify({ held: Object.fromEntries([...held].map(([p, records]) => [String(p), records.toString()])) }));

/** The holding a member sent; empty for a member that sent none or something else (an older hub). */
export const decodeHolding = (userData: Buffer | undefined): Map<number, bigint> => {
  const held = new Map<number, bigint>();
  if (!userData || userData.length === 0) return held;
  try {
    const parsed = JSON.parse(userData.toString()) as { held?: Record<string, unknown> };
    for (const [p, records] of Object.entries(parsed.held ?? {})) {
      if (/^\d+$/.test(p) && typeof records === 'string' && /^\d+$/.test(records)) held.set(Number(p), BigInt(records));
    }
  } catch {
    // Not ours: the member is treated as holding nothing.
  }
  return held;
};
