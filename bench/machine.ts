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
}

export const machineInfo = (kafkaVersion: string): MachineInfo => ({
  cpus: os.availableParallelism(),
  cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
  memoryMb: Math.round(os.totalmem() / 1024 / 1024),
  platform: `${os.platform()} ${os.arch()}`,
  kernel: os.release(),
  node: process.version,
  kafka: kafkaVersion,
});
