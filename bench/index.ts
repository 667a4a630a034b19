// The benchmark harness's public names (what `npm run bench` and a hub pipeline adapter need).
export { runBench, type BenchOptions } from './run-bench.ts';
export type { Pipe, PipeContext, PipelineContext, PipelineResult, PipelineUnderTest, RunningPipe } from './pipeline.ts';
export { pipeAsPipeline } from './pipe-throughput.ts';
export { measureLatency, headerProbe, percentile, type LatencyOptions, type LatencyProbe, type LatencyResult } from './latency.ts';
export { samplePeakRss, runWithPeakRss, type ChildRun, type RssSampler } from './peak-rss.ts';
export { kafkajsPipe } from './pipes/kafkajs-pipe.ts';
export { platformaticPipe } from './pipes/platformatic-pipe.ts';
export type { BenchReport } from './report.ts';
