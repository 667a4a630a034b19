import os from 'node:os';

/** The machine a result came from; figures only compare within one machine. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryMb: number;
  platform: string;
  kernel: string;
  node: string;
  kafka: string;
  /** What the broker carried when the run began (topics of other runs, tests' included). */
  broker?: BrokerLoad;
}

export interface BrokerLoad {
  topics: number;
  partitions: number;
}

/**
 * Above this many partitions on the one broker of the local stack, the broker's own upkeep of them
 * shares the cores with the run: 5,800 topics (17,000 partitions) left by test runs tripled the hub's
 * p99 at 1,000 reports/s. The bench says so rather than print slower figures silently.
 */
export const BUSY_BROKER_PARTITIONS = 1_000;

/** One line on the broker's load, with a warning when it may slow the figures. */
export const brokerLine = (b: BrokerLoad | undefined): string =>
  b === undefined ? '' : `broker: ${b.topics.toLocaleString('en-US')} topics, ${b.partitions.toLocaleString('en-US')} partitions before the run${
    b.partitions > BUSY_BROKER_PARTITIONS ? ' (BUSY: figures are lower than on an empty broker; delete leftover topics, or start a fresh stack, before comparing)' : ''}`;

export const machineInfo = (kafkaVersion: string, broker?: BrokerLoad): MachineInfo => ({
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  memoryMb: Math.round(os.totalmem() / 1024 / 1024),
  platform: `${os.platform()} ${os.arch()}`,
  kernel: os.release(),
  node: process.version,
  kafka: kafkaVersion,
  ...(broker ? { broker } : {}),
});
