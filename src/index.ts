/** The programmatic API: the engine and its reports, shared by the CLI, the mocha face and tests. */
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
export { SAGA_LAWS } from './laws/registry';
export type { SagaLaw, LawFinding } from './laws/law';
export { readSpec } from './laws/spec';
export type { SagaSpec } from './laws/spec';
export { inferSpec } from './laws/infer';
