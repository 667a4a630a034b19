/**
 * What the harness measures. A `PipelineUnderTest` is one row of the throughput table: the
 * harness fills `inputTopic` with `count` messages (untimed) and the pipeline reports how fast
 * it drained them. A `Pipe` is the smaller shape both raw clients share; `pipeAsPipeline` turns
 * one into a row, and `measureLatency` drives one at a fixed offered load.
 */

/** What a pipeline is given. The input topic already holds `count` messages when `run` is called. */
export interface PipelineContext {
  brokers: string[];
  inputTopic: string;
  /** Messages waiting in `inputTopic`. */
  count: number;
  /** Payload size in bytes of each input message. */
  messageSize: number;
}

export interface PipelineResult {
  /** Input messages drained per second, timed from the moment consumption can start to the last output. */
  eventsPerSec: number;
  /** Peak resident set of the process that did the work, in MiB (see `samplePeakRss`). */
  peakRssMb?: number;
  /** Its highest anonymous and file-backed parts, in MiB, where sampled (`RssSampler.parts`). */
  peakParts?: { anonMb: number; fileMb: number };
  /** The two parts in the sample with the largest resident set (`RssSampler.atPeak`). */
  atPeak?: { rssMb: number; anonMb: number; fileMb: number };
  /**
   * The middle of the drain, without its start and end: from the moment a tenth of the outputs
   * were in to the moment nine tenths were, in seconds after the process under test was spawned
   * (a CPU profile of it counts from about then: `profile-parts --from --to`), and the rate between.
   */
  steady?: { fromS: number; toS: number; perSec: number };
  /** Anything a reader of the table should know (shown in the notes column). */
  notes?: string;
}

export interface PipelineUnderTest {
  name: string;
  run(ctx: PipelineContext): Promise<PipelineResult>;
  /**
   * Fills `ctx.inputTopic` with `ctx.count` messages itself, for a pipeline that needs real input
   * (e.g. Avro case events); untimed. Without it the harness writes `count` opaque payloads of
   * `messageSize` bytes.
   */
  fill?(ctx: PipelineContext): Promise<void>;
  /**
   * Marks the product's row: the table shows it against every other row, and in full mode it
   * also drains the large backlog once to report its peak RSS.
   */
  hub?: boolean;
}

/** Where a pipe reads and writes. */
export interface PipeContext {
  brokers: string[];
  inputTopic: string;
  outputTopic: string;
  groupId: string;
}

export interface RunningPipe {
  stop(): Promise<void>;
}

/** A consume→produce loop that can be started on given topics and stopped again. */
export interface Pipe {
  name: string;
  /** Resolves once the consumer has joined its group, so the caller's clock excludes start-up. */
  start(ctx: PipeContext): Promise<RunningPipe>;
}
