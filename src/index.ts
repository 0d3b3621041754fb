/**
 * fractable's library API: everything the CLI does, code can call.
 */
export { runScenario, chooseMode, SHARD_THRESHOLD } from './engine/run.js';
export type { RunOptions, RunResult, RunMode } from './engine/run.js';
export { runInline } from './engine/inline.js';
export { Simulation, runWhole, runSharded } from './engine/simulation.js';
export { WorkerPool } from './engine/pool.js';
export { createBus, OUTCOME_KINDS } from './engine/bus.js';
export type { Bus, BusEvents, MechanismEvent, Outcome, OutcomeKind, TickSummary } from './engine/bus.js';
export { uniform, tickKey, agentHash, nextHash, u01, CounterStream, Stream } from './random/rng.js';
export { loadScenario, scenarioFrom, listScenarios } from './scenarios/load.js';
export type { ResolvedScenario } from './scenarios/schema.js';
export { createModel } from './model/index.js';
export { PARAMS, paramList, defaultParams } from './model/params.js';
export type { Params } from './model/params.js';
export { STATE_NAMES } from './model/state.js';
export { ACTORS } from './model/actors.js';
export { MECHANISMS } from './model/mechanisms/index.js';
export { InputError } from './errors.js';
export { loadStudy, resolveStudy, StudySchema, canonicalJson } from './study/spec.js';
export type { ResolvedStudy, StudyInput } from './study/spec.js';
export { buildDesign, designSize, DESIGN_METHODS } from './study/designs.js';
export type { Design, DesignMethod, DesignOptions } from './study/designs.js';
export { runSeed } from './study/seeds.js';
export { plannedRun, pendingRuns, scenarioOf, parseShard, shardSize } from './study/plan.js';
export type { PlannedRun, Shard } from './study/plan.js';
export { runStudy } from './study/runner.js';
export type { RunStudyOptions, RunStudyResult, StudyProgress } from './study/runner.js';
export { StudyStore, runColumns } from './study/store.js';
export { mergeStores } from './study/merge.js';
export { exportStore } from './study/export.js';
export type { ExportFormat } from './study/export.js';
export { summarize, formatSummary } from './study/summary.js';
export type { StudySummary, SummaryRow } from './study/summary.js';
export {
  analyzeStudy, discoverStudy, computeSensitivity, computeDiscovery, readStudyData, readSensitivity, readDiscoveries,
  writeSensitivity, writeDiscoveries, outputLabel, bootstrapSeed, DEFAULT_OUTPUTS,
} from './study/analysis.js';
export type {
  StudySensitivity, SensitivityRow, SensitivityOptions, SensitivityIndex, SkippedOutput, Discovery, DiscoverOptions, StudyData,
  StoredPrimStep, StoredPrimLimit,
} from './study/analysis.js';
export { writeReport, buildReport, loadReportData, defaultReportPath, FAN_VARIABLES } from './report/index.js';
export type { Report, ReportData, WrittenReport } from './report/index.js';
