import type { Pipe, PipelineUnderTest } from './pipeline.ts';
import { createTopics, deleteGroups, deleteTopics, topicCount, uniqueName, waitForCount, withAdmin } from './bench-kafka.ts';

/** Longest a drain may take before the row is failed: generous, the machine is small and shared. */
const drainTimeoutMs = (count: number): number => 60_000 + count;

/**
 * Turns a raw pipe into a table row: a fresh output topic and group, the clock started once the
 * pipe has joined its group and stopped when the output topic holds every input message.
 */
export const pipeAsPipeline = (pipe: Pipe): PipelineUnderTest => ({
  name: pipe.name,
  async run({ brokers, inputTopic, count }) {
    return withAdmin(brokers, async (admin) => {
      const outputTopic = uniqueName('out');
      const groupId = uniqueName('group');
      await createTopics(admin, [outputTopic]);
      try {
        const running = await pipe.start({ brokers, inputTopic, outputTopic, groupId });
        const startedAt = performance.now();
        try {
          const doneAt = await waitForCount(admin, outputTopic, count, drainTimeoutMs(count));
          const extra = (await topicCount(admin, outputTopic)) - count;
          return {
            eventsPerSec: count / ((doneAt - startedAt) / 1000),
            ...(extra > 0 ? { notes: `${extra} duplicates at output` } : {}),
          };
        } finally {
          await running.stop();
        }
      } finally {
        await deleteTopics(admin, [outputTopic]);
        await deleteGroups(admin, [groupId]);
      }
    });
  },
});
