import type { Command } from 'commander';
import type { Connections, HubSettings } from '../config/settings.ts';
import type { CliContext } from './context.ts';

/** One service of the local stack as `hub start` prints it and `/health` serves it. */
export interface StackServiceHealth {
  readonly service: string;
  readonly healthy: boolean;
}

/**
 * The local development stack as the `hub` command sees it. `infra/` provides it
 * (infra/cli/dev-stack.ts) and the entry point (infra/cli/hub.ts) hands it in, so that nothing under
 * src/ depends on how the stack is fetched and started; without one, the hub runs on the services
 * the environment names.
 */
export interface DevStack {
  /** The folder the stack keeps its state in; the hub's signing keys default to a file below it. */
  readonly stackDir: string;
  /** The services' addresses: the environment's, or else the local stack's. */
  connections(): Connections;
  /** Fetches (first time only), starts and health-checks the stack; nothing for services the environment names. */
  up(): Promise<void>;
  /** Each service's state, for `/health`. */
  status(): Promise<readonly StackServiceHealth[]>;
  /** Prints the stack's services as `hub stack status` does. */
  printStatus(write: (line: string) => void): Promise<void>;
  /** PostgreSQL and Kafka Connect with the sample case database (`hub stack up --outbox`); its database URL. */
  outboxUp(hub: HubSettings): Promise<{ readonly databaseUrl: string }>;
  /** The `hub stack …` commands. */
  registerCommands(program: Command, ctx: CliContext): void;
}
