// The topics the hub creates carry the configuration the docs promise: a fund topic keeps its
// notifications 30 days (subscriber-guide.md), dead letters 30 days (HUB_DEAD_LETTER_RETENTION_DAYS).
import { ConfigResourceTypes } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { topicNames } from '../../src/config/topics.ts';
import { DEFAULT_DEAD_LETTER_RETENTION_MS, FUND_RETENTION_MS, provisionTopics } from '../../src/kafka/provision.ts';
import { testKafka, uniqueName } from '../support/services.ts';

describe('provisionTopics', () => {
  it('creates fund topics and the dead-letter topic with retention.ms of 30 days', async () => {
    const topics = topicNames(uniqueName('prov'));
    const admin = testKafka().admin();
    await admin.connect();
    try {
      await provisionTopics(admin, topics, { partitions: 1, replicationFactor: 1, fundCodes: ['aak'] });
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [topics.fund('aak'), topics.doedeBreve].map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['retention.ms'] })),
      });
      const retention = Object.fromEntries(resources.map((r) => [r.resourceName, r.configEntries[0]!.configValue]));
      expect(FUND_RETENTION_MS).toBe(30 * 24 * 3_600_000);
      expect(retention).toEqual({ [topics.fund('aak')]: String(FUND_RETENTION_MS), [topics.doedeBreve]: String(DEFAULT_DEAD_LETTER_RETENTION_MS) });
      await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(topics.indberetninger.split('.')[0]!)) });
    } finally {
      await admin.disconnect();
    }
  });
});
