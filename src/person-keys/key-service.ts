import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Kafka } from '../kafka/types.ts';
import { followLog, type LogFollower } from '../kafka/log-follower.ts';
import type { Logger } from '../shared/logger.ts';
import { openKeyIndex, type KeyIndex } from './key-index.ts';
import { proposalOf, proposalPartition, proposalRecordKey, type KeyProposal } from './key-proposals.ts';
import { lookupIdOf, newPersonKey, type PersonKey } from './person-key.ts';

/** What every part that keys messages by person needs: the person key of each CPR number, in order. */
export interface PersonKeys {
  keysFor(cprs: readonly string[]): Promise<PersonKey[]>;
}

export interface PersonKeyService extends PersonKeys {
  /** How many persons this instance's index knows. */
  size(): number;
  close(): Promise<void>;
}

export interface PersonKeyServiceOptions {
  readonly kafka: Kafka;
  readonly logger: Logger;
  /** The compacted mapping topic (`<prefix>.personnoegler`). */
  readonly topic: string;
  /** HUB_PERSON_LOOKUP_SECRET: keys the mapping topic's records; never leaves the hub. */
  readonly lookupSecret: string;
  /** This instance's index folder (SQLite), below its state directory. */
  readonly indexDir: string;
  /** Draws a new key's 16 random bytes. Default: the system's CSPRNG. */
  readonly random?: () => Uint8Array;
}

/** Where an instance keeps its index of the mapping topic. */
export const personKeyIndexDir = (stateDir: string): string => path.join(stateDir, 'personnoegler');

/**
 * The hub's key service: hands out a random, stable key per CPR number. The CPR → key mapping is a
 * compacted topic that every instance follows into its own index; a CPR no one has keyed yet gets a
 * proposal written to its partition, which is then read back, and the first proposal there wins
 * (key-proposals.ts) — so instances that key one person at once end with one key.
 */
export const startPersonKeyService = async (o: PersonKeyServiceOptions): Promise<PersonKeyService> => {
  const logger = o.logger.child({ component: 'person-keys' });
  const random = o.random ?? (() => randomBytes(16));
  const index: KeyIndex = openKeyIndex(o.indexDir);
  let log: LogFollower;
  try {
    log = await followLog({
      kafka: o.kafka, logger, topic: o.topic, groupId: `${o.topic}.${randomUUID()}`,
      startAt: (partition) => index.position(partition),
      onRecords: async (partition, records, next) => {
        const proposals = records.map((r) => proposalOf(r.key, r.value)).filter((p): p is KeyProposal => p !== undefined);
        await index.apply(partition, proposals, next);
      },
    });
    await log.caughtUp();
  } catch (error) {
    await index.close();
    throw error;
  }
  logger.info({ persons: index.size() }, 'person key index caught up');

  // Requests in this process for a lookup id being proposed wait for that one proposal.
  const inFlight = new Map<string, Promise<PersonKey>>();

  const propose = async (lookupIds: readonly string[]): Promise<void> => {
    const proposals = lookupIds.map((lookupId) => ({ lookupId, personKey: newPersonKey(random()) }));
    const last = await log.append(proposals.map((p) => ({ partition: proposalPartition(p.lookupId, log.partitions), key: proposalRecordKey(p), value: p.personKey })));
    await Promise.all([...last].map(([partition, offset]) => log.reached(partition, offset)));
  };

  return {
    async keysFor(cprs) {
      const lookupIds = cprs.map((cpr) => lookupIdOf(o.lookupSecret, cpr));
      const unknown = [...new Set(lookupIds.filter((id) => index.get(id) === undefined && !inFlight.has(id)))];
      if (unknown.length > 0) {
        const proposed = propose(unknown);
        for (const id of unknown) {
          const settled = proposed.then(() => index.get(id)!).finally(() => inFlight.delete(id));
          settled.catch(() => undefined);
          inFlight.set(id, settled);
        }
      }
      return Promise.all(lookupIds.map(async (id) => index.get(id) ?? await inFlight.get(id)!));
    },
    size: () => index.size(),
    async close() {
      await log.stop();
      await index.close();
    },
  };
};
