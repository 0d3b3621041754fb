/**
 * fractable's library API: everything the CLI does, code can call.
 */
// the engine and the model seam
export { runWorld, chooseMode, SHARD_THRESHOLD } from './engine/run.js';
export type { RunOptions, WorldRun } from './engine/run.js';
export type { RunResult, RunMode, KeepSpec } from './engine/protocol.js';
export { Simulation, runWhole, runSharded } from './engine/simulation.js';
export type { SimulationResult } from './engine/simulation.js';
export { WorkerPool } from './engine/pool.js';
export { createBus } from './engine/bus.js';
export type { Bus, BusEvents, TickSummary } from './engine/bus.js';
export { describeModel } from './engine/declaration.js';
export type {
  ModelDeclaration, ModelDescriptor, ModelRuntime, PopulationDecl, PopulationDef, TraitDecl, StateVarDecl, EventDecl, DrawDecl,
  OutputsDecl, RunConfig, ModelEvent, Outcome, OutcomeClassifier, Tallies, RewardSink, UpdateIO,
} from './engine/declaration.js';
export { num, int, choice, bool, paramsSchema, paramList, paramDesc, getParam, withParam } from './engine/params.js';
export type { ParamDesc, ParamTable, ParamsOf } from './engine/params.js';
export { buildNetwork, degreeStats, clustering, NetworkSchema } from './engine/network.js';
export type { Csr, NetworkSpec } from './engine/network.js';
export { uniform, tickKey, agentHash, nextHash, u01, CounterStream, Stream } from './random/rng.js';
// models
export { listModels, getModel, modelNames, DEFAULT_MODEL } from './models/index.js';
// scenarios
export { loadScenario, scenarioFrom, listScenarios } from './scenarios/load.js';
export { runScenario } from './scenarios/run.js';
export type { ResolvedScenario } from './scenarios/schema.js';
export { InputError, StoreError } from './errors.js';
// studies
export { loadStudy, loadStudyAsync, resolveStudy, resolveStudyAsync, StudySchema, canonicalJson, descriptorOf } from './study/spec.js';
export type { Policy, ResolvedStudy, ResolveOptions, StudyInput } from './study/spec.js';
export { buildDesign, designSize, DESIGN_METHODS, readParquetDesignFile, readDesignFile } from './study/designs.js';
export type { Design, DesignFile, DesignMethod, DesignOptions } from './study/designs.js';
export { runSeed } from './study/seeds.js';
export { plannedRun, pendingRuns, scenarioOf, parseShard, shardSize } from './study/plan.js';
export type { PlannedRun, Shard } from './study/plan.js';
export { runStudy, StudyWriteError } from './study/runner.js';
export type { RunStudyOptions, RunStudyResult, StudyProgress } from './study/runner.js';
export { StudyStore, runColumns } from './study/store.js';
export { mergeStores, checkStores, formatCheck, IncompleteError, STUDY_TABLES } from './study/merge.js';
export type { MergeCheck, MergeResult, MergeOptions } from './study/merge.js';
export { shardFromSlurm, planSlurm, sbatchScript, arrayList, resubmitLine, readManifest } from './study/slurm.js';
export type { SlurmManifest, SlurmPlan, SlurmPlanOptions } from './study/slurm.js';
export { readStatuses, formatStatus, readStatusFile, statusPath } from './study/status.js';
export type { StatusFile, StatusReport, StoreStatus, StudyStatus } from './study/status.js';
export { expandStores } from './study/stores.js';
export { timeRuns } from './study/timing.js';
export { exportStore } from './study/export.js';
export type { ExportFormat } from './study/export.js';
export { summarize, formatSummary } from './study/summary.js';
export { loadStoredRun } from './study/replay.js';
export type { StoredRun } from './study/replay.js';
export { encodeFactor, decodeFactor } from './study/factors.js';
export type { FactorValue } from './study/factors.js';
export type { StudySummary, SummaryRow } from './study/summary.js';
export {
  analyzeStudy, discoverStudy, computeSensitivity, computeDiscovery, readStudyData, readSensitivity, readDiscoveries,
  writeSensitivity, writeDiscoveries, outputLabel, bootstrapSeed, defaultOutputs,
} from './study/analysis.js';
export type {
  StudySensitivity, SensitivityRow, SensitivityOptions, SensitivityIndex, SkippedOutput, Discovery, DiscoverOptions, StudyData,
  StoredPrimStep, StoredPrimLimit,
} from './study/analysis.js';
export { writeReport, buildReport, loadReportData, defaultReportPath } from './report/index.js';
export type { Report, ReportData, WrittenReport } from './report/index.js';
export { buildRunReport } from './report/run.js';
export type { RunReport, RunReportInput } from './report/run.js';
