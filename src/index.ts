/** The programmatic API: the engine and its reports, shared by the CLI, the mocha face and tests. */
import './util/protobuf-copies'; // first: before anything loads @temporalio/common's proto-utils
export { runFaultReplay, planFaultReplay } from './run';
export type { FaultReplayOptions, RunResult, HistoryResult, ScenarioResult, Plan, Scenario } from './run';
export { describeFaultReplay } from './mocha';
export type { MochaFaultReplayOptions } from './mocha';
export { recordHistory } from './record/record';
export type { RecordOptions, RecordResult } from './record/record';
export { redactHistory } from './record/redact';
export { formatMatrix } from './report/matrix';
export { formatJson } from './report/json';
export { FAULT_KINDS } from './faults/registry';
export type { FaultKind } from './faults/fault';
export type { Outcome } from './judge/judge';
export { resolveServer } from './server/resolve';
export { runChaos } from './chaos/run';
export type { ChaosOptions, ChaosResult, ChaosScenarioResult } from './chaos/run';
export { describeChaos } from './chaos/mocha';
export type { MochaChaosOptions } from './chaos/mocha';
export type { ChaosProbe, ProbeContext } from './chaos/probe';
export { CHAOS_FAULTS } from './chaos/faults/registry';
export type { ChaosFault } from './chaos/faults/fault';
export type { ChaosOutcome } from './chaos/verdict';
export { formatChaosMatrix } from './chaos/report-matrix';
export { formatChaosJson } from './chaos/report-json';
export { captureHistories } from './capture/capture';
export type { CaptureOptions, CaptureResult } from './capture/capture';
export { connectionOptions } from './capture/connection';
