/**
 * `fractable calibrate`: ABC calibration of a scenario on patterns of the record, run as a
 * study is run: every simulation through the worker pool into a DuckDB store (the study's
 * store: `runs` with one column per prior, `events`), crash-safe and resumable.
 *
 * How it stays deterministic and resumable (the ABC steps of analysis/abc.ts):
 * - Proposal j of generation g has parameters that are a pure function of (seed, g, j, the
 *   previous population) (`smcPropose`), and replicate r of it has the seed
 *   runSeed(seed, "<scenario>/g<g>", j, r). Its runs have the ids g·10^7 + j·R + r.
 * - Once its R runs are stored, the proposal is scored: every pattern's query over its runs
 *   (patterns.ts), the per-pattern mean over replicates, and its distance
 *   1 − mean over targets (Infinity if a run failed). Scores and the `particles` row are
 *   written in one transaction, so a proposal is wholly scored or not at all.
 * - A generation's population is the first n proposals in index order within the tolerance
 *   (`smcAccept`), whatever order results arrive in; on resume the stored distances are read
 *   back and the same populations follow. Proposals in flight when a generation is decided
 *   (past its n-th acceptance) finish and are stored, marked `used = false` in `particles`:
 *   evaluated after the decision, never used by it.
 * - Rejection ABC can be sharded (`--shard i/n`, `abcRejectionShard`): shard i scores proposals
 *   j with j mod n = i − 1, with the seeds and run ids of the unsharded calibration, and
 *   decides nothing; `fractable merge` reads every shard's distances and takes the decision
 *   (`combineRejectionShards`: the same `rejectionPopulation` as the unsharded calibration), and
 *   `calibrate --resume` on the merged store goes on to the checks.
 * - SMC can be sharded the same way (`abcSmcShard`), but its shards meet after each generation
 *   (each generation proposes from the population decided over all of the previous one's
 *   proposals): each shard publishes its distances in a file beside its store and reads its
 *   peers' (exchange.ts), so every shard decides every generation as the unsharded calibration
 *   does. All n shards must run at the same time. `fractable merge` decides the generations
 *   again over all the shards' particles (`smcShardDecision`), and `calibrate --resume` on the
 *   merged store goes on to the checks.
 *
 * After the last generation: the posterior (`posterior` table, a CSV design file with weights,
 * and a scenario `<scenario>-calibrated` at the posterior median), then the checks: posterior
 * draws (by weight, seeded) scored on every pattern, targets and held-out (block 100), and the
 * same draws with each knock-out applied (blocks 101…), with the same run seeds (common random
 * numbers), into the `scorecard` and `knockouts` tables; and null model (b), event histories
 * drawn as Poisson processes at the rates of the posterior's runs (nulls.ts; block 200),
 * scored on the same patterns (`scorecard`, and `nulls`: does the null do as well?).
 *
 * Tables beyond the study's: scored (phase, item, failed), scores (run_id, phase, item,
 * pattern, score), particles (…, weight, accepted, used), generations, posterior, calibration,
 * scorecard, knockouts, nulls.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import { stringify as stringifyYaml } from 'yaml';
import {
  acceptBest, nextTolerance, posteriorSummary, priorShare, smcAccept, smcKernel, smcPopulation, smcPropose, smcStop,
  type AbcPopulation, type AbcProblem, type Acceptance, type ParameterSummary, type SmcKernel, type StopReason,
} from '../analysis/abc.js';
import type { Prior } from '../analysis/priors.js';
import { brierScore } from '../analysis/scores.js';
import { twoProportionZTest, wilson } from '../analysis/stats.js';
import { withParam } from '../engine/params.js';
import { WorkerPool } from '../engine/pool.js';
import { writeAtomic } from '../files.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { DesignSubstream, sampleByWeight } from './designs.js';
import type { RejectionBudget, ResolvedCalibration, SmcBudget } from './calibration-spec.js';
import { ident, meanShareColumns, sqlName } from './columns.js';
import { descriptorOf } from './spec.js';
import type { RuleSpec } from '../learning/rules.js';
import { scorePatterns } from './patterns.js';
import { poissonHistory, type EventRate } from './nulls.js';
import type { PlannedRun, Shard } from './plan.js';
import { keepOf } from './runner.js';
import { runSeed } from './seeds.js';
import { StudyStore, transaction, type RunReply } from './store.js';
import { fileExchange, type PeerExchange } from './exchange.js';
import { StatusWriter, statusPath, type StatusSnapshot } from './status.js';
import { slurmJob } from './slurm.js';

/** How often a waiting SMC shard reads its peers' distances, by default (ms). */
export const DEFAULT_POLL_MS = 1000;

/** Run ids per block: generation g uses [g·BLOCK, (g+1)·BLOCK). */
export const BLOCK = 10_000_000;
/** The block of the posterior check (scorecard) runs. */
export const CHECK_PHASE = 100;
/** The first knock-out block (knock-out k uses KNOCKOUT_PHASE + k). */
export const KNOCKOUT_PHASE = 101;
/** The block of null model (b)'s histories (events as Poisson processes, nulls.ts). */
export const NULL_POISSON_PHASE = 200;
/** The block of null model (a)'s runs (every population a fixed mixed strategy). */
export const NULL_FIXED_PHASE = 201;

/** One unit of work: R runs of one parameter vector, scored together. */
interface Job {
  phase: number;
  index: number;
  theta: Float64Array;
  replicates: number;
  /** scenario key of the run seeds */
  seedKey: string;
  /** the runs' scenario column */
  label: string;
  overrides: Record<string, number | boolean | string>;
  /** rules that replace the populations' own (null model (a)) */
  rules?: Record<string, RuleSpec>;
}

/** A job's result: per-pattern mean score over its runs (NaN-free), and whether a run failed. */
interface JobResult { means: Map<string, number>; failed: boolean; scores: Map<string, number[]> }

export interface CalibrateProgress {
  stage: string;
  /** proposals (or draws) scored in this stage, and the stage's target when known */
  done: number;
  /** what `done` and `wanted` count (default runs) */
  unit?: 'runs' | 'proposals';
  accepted?: number;
  wanted?: number;
  epsilon?: number;
  /** a shard of an SMC calibration with nothing to score: the peers (1-based) whose distances it waits for, and the directory it reads them from */
  waiting?: number[];
  waitingIn?: string;
}

export interface CalibrateOptions {
  out: string;
  workers: number;
  /** continue the store; 'or-create': start it when there is none (a Slurm array task, first run or requeued) */
  resume?: boolean | 'or-create';
  /** score only this shard's share of the proposals (no checks: those follow the merge; a rejection shard decides nothing, an SMC shard decides each generation with its peers) */
  shard?: Shard | null;
  /** an SMC shard waiting for its peers reads their distances this often (ms; default DEFAULT_POLL_MS) */
  pollMs?: number;
  /** false: no status file beside the store (default: `<out>.status.json`, every 2 s and at the end) */
  statusFile?: false;
  overwrite?: boolean;
  stop?: AbortSignal;
  onProgress?: (p: CalibrateProgress) => void;
}

export interface ScorecardRow {
  model: string;
  pattern: string;
  role: 'target' | 'held-out';
  runs: number;
  holds: number;
  share: number;
  lower: number;
  upper: number;
  meanScore: number;
  /** Brier score of the forecast `share` against the record's one outcome (the pattern held): (1 − share)² */
  brier: number;
}

export interface KnockoutRow {
  mechanism: string;
  pattern: string;
  shareFull: number;
  share: number;
  /** one-sided p-value of a two-proportion z-test that the knock-out's share is below the full model's */
  pValue: number;
  /** the pattern needs the mechanism: p < 0.05 */
  needed: boolean;
}

export interface NullRow {
  model: string;
  pattern: string;
  shareFull: number;
  share: number;
  /** one-sided p-value that the null holds the pattern less often than the full model */
  pValue: number;
  /** the null scores as well as the full model: p ≥ 0.05 */
  asWell: boolean;
}

export interface CalibrateResult {
  out: string;
  interrupted: boolean;
  stop: StopReason | null;
  populations: AbcPopulation[];
  posterior: AbcPopulation | null;
  summary: ParameterSummary[];
  priorShare: { share: number; perParameter: number[] } | null;
  scorecard: ScorecardRow[];
  knockouts: KnockoutRow[];
  /** the null models against the full model, per pattern */
  nulls: NullRow[];
  /** mechanisms no pattern needs */
  unsupported: string[];
  files: { posterior: string; scenario: string } | null;
  simulations: number;
  /**
   * a shard's run (calibrate --shard, or --resume of a shard store): its share of the proposals
   * (null for an SMC shard: its generations' sizes follow from the decisions) and how many are scored
   */
  shard: { shard: Shard; proposals: number | null; scored: number } | null;
}

const scoreCol = (id: string): string => `score_${sqlName(id)}`;

/** The calibration's own tables (beyond the study's). */
export const CALIBRATION_TABLES = ['scored', 'scores', 'particles', 'generations', 'posterior', 'calibration', 'scorecard', 'knockouts', 'nulls'] as const;
/** Those with rows per proposal, which a shard of a rejection calibration writes (the rest are written by its decision and checks, after the merge). */
export const CALIBRATION_ROW_TABLES = ['scored', 'scores', 'particles'] as const;

/** The calibration's own tables (created once; resume finds them). */
async function createTables(conn: DuckDBConnection, cal: ResolvedCalibration): Promise<void> {
  const have = new Set((await conn.runAndReadAll("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_catalog = current_database()")).getRowObjectsJS().map((r) => String(r.table_name)));
  if (have.has('particles')) {
    // a store written before the `used` column existed gets it (NULL until its generation is recorded again)
    await conn.run('ALTER TABLE particles ADD COLUMN IF NOT EXISTS used BOOLEAN');
    return;
  }
  const params = cal.priors.map((p) => `, ${ident(p.name)} DOUBLE`).join('');
  const scores = cal.scored.map((p) => `, ${ident(scoreCol(p.id))} DOUBLE`).join('');
  await transaction(conn, async () => {
    await conn.run('CREATE TABLE scored (phase INTEGER NOT NULL, item INTEGER NOT NULL, failed BOOLEAN NOT NULL)');
    await conn.run('CREATE TABLE scores (run_id INTEGER NOT NULL, phase INTEGER NOT NULL, item INTEGER NOT NULL, pattern VARCHAR NOT NULL, score DOUBLE NOT NULL)');
    await conn.run(`CREATE TABLE particles (generation INTEGER NOT NULL, proposal INTEGER NOT NULL${params}${scores}, distance DOUBLE NOT NULL, weight DOUBLE, accepted BOOLEAN NOT NULL DEFAULT false, used BOOLEAN)`);
    await conn.run('CREATE TABLE generations (generation INTEGER NOT NULL, epsilon DOUBLE NOT NULL, proposals INTEGER NOT NULL, accepted INTEGER NOT NULL, acceptance_rate DOUBLE NOT NULL, ess DOUBLE NOT NULL)');
    await conn.run(`CREATE TABLE posterior (particle INTEGER NOT NULL, generation INTEGER NOT NULL, proposal INTEGER NOT NULL${params}, weight DOUBLE NOT NULL, distance DOUBLE NOT NULL)`);
    await conn.run('CREATE TABLE calibration (name VARCHAR, method VARCHAR, stop VARCHAR, generations INTEGER, simulations INTEGER, prior_share DOUBLE, prior_share_per_parameter VARCHAR, summary VARCHAR, targets VARCHAR, held_out VARCHAR, spec VARCHAR)');
    await conn.run('CREATE TABLE scorecard (model VARCHAR, pattern VARCHAR, role VARCHAR, runs INTEGER, holds INTEGER, share DOUBLE, lower DOUBLE, upper DOUBLE, mean_score DOUBLE, brier DOUBLE)');
    await conn.run('CREATE TABLE knockouts (mechanism VARCHAR, title VARCHAR, justification VARCHAR, pattern VARCHAR, share_full DOUBLE, share DOUBLE, p_value DOUBLE, needed BOOLEAN)');
    await conn.run('CREATE TABLE nulls (model VARCHAR, pattern VARCHAR, share_full DOUBLE, share DOUBLE, p_value DOUBLE, as_well BOOLEAN)');
  });
}

/** The runs of a job, as the store plans them. */
function jobRuns(cal: ResolvedCalibration, job: Job): PlannedRun[] {
  return Array.from({ length: job.replicates }, (_, r) => ({
    runId: job.phase * BLOCK + job.index * job.replicates + r,
    scenarioIndex: 0,
    policyIndex: 0,
    policy: null,
    scenario: job.label,
    designPoint: job.index,
    replicate: r,
    seed: runSeed(cal.seed, job.seedKey, job.index, r),
    values: Array.from(job.theta),
  }));
}

/** The scenario a run of a job executes: the base scenario with θ and the job's overrides. */
function scenarioOfJob(cal: ResolvedCalibration, job: Job, run: PlannedRun): ResolvedScenario {
  const base = cal.study.scenarios[0]!;
  const table = cal.study.model.params;
  let params = base.params;
  cal.priors.forEach((p, k) => { params = withParam(table, params, p.name, job.theta[k]!); });
  for (const [path, v] of Object.entries(job.overrides)) params = withParam(table, params, path, v);
  let populations = base.populations;
  if (job.rules) {
    populations = { ...populations };
    for (const [name, rule] of Object.entries(job.rules)) populations[name] = { ...(populations[name] ?? {}), rule };
  }
  return { ...base, params, populations, seed: run.seed };
}

/** The executor: runs jobs through the pool into the store, scores them, and remembers what is done. */
class Executor {
  private pool: WorkerPool | null = null;
  private readonly keep;
  private running = 0;
  private readonly waiters: Array<() => void> = [];
  simulations = 0;
  /** runs stored as failed in this session */
  failedRuns = 0;
  constructor(
    private readonly cal: ResolvedCalibration,
    readonly store: StudyStore,
    private readonly done: Set<number>,
    private readonly workers: number,
  ) {
    this.keep = keepOf(cal.study);
  }

  /** Most runs in flight. */
  get limit(): number { return 2 * this.workers; }

  /** A run slot, first come first served: a released slot is handed to the oldest waiter, so early proposals are not starved by later ones. */
  private async slot(): Promise<void> {
    if (this.running < this.limit) { this.running++; return; }
    await new Promise<void>((r) => this.waiters.push(r));
  }
  private release(): void {
    const next = this.waiters.shift();
    if (next) next(); else this.running--;
  }

  /** Runs one run and stores it; its slot is given back once the reply is here, not when its transaction commits (store.ts: COMMIT_WAIT_MS). */
  private async runOne(job: Job, run: PlannedRun): Promise<void> {
    await this.slot();
    let reply: RunReply;
    try {
      this.pool ??= new WorkerPool({ workers: this.workers, ...(this.cal.study.workerMemoryMb ? { maxOldGenerationSizeMb: this.cal.study.workerMemoryMb } : {}) });
      try {
        reply = await this.pool.runWorld({ kind: 'world', run: scenarioOfJob(this.cal, job, run), keep: this.keep });
      } catch (e) {
        reply = { state: 'failed', error: `worker died: ${e instanceof Error ? e.message : String(e)}`, wallMs: null };
      }
    } finally {
      this.release();
    }
    if (await this.store.insert(run, reply) === 'failed') this.failedRuns++;
    this.done.add(run.runId);
    this.simulations++;
  }

  /** Runs what is missing of a job, then scores it (scores, the `scored` marker and, for a generation, its particle row, in one transaction). */
  async execute(job: Job): Promise<JobResult> {
    const runs = jobRuns(this.cal, job);
    await Promise.all(runs.filter((r) => !this.done.has(r.runId)).map((r) => this.runOne(job, r)));
    const lo = runs[0]!.runId, hi = runs[runs.length - 1]!.runId;
    const cal = this.cal;
    return this.store.use(async (conn) => {
      const per = await scorePatterns(conn, cal.patternFile.file, cal.scored, lo, hi, false);
      const failedRuns = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM runs WHERE run_id BETWEEN ${lo} AND ${hi} AND status = 'failed'`)).getRowObjectsJS()[0]!.n);
      const failed = failedRuns > 0;
      const scores = new Map<string, number[]>();
      const means = new Map<string, number>();
      for (const pt of cal.scored) {
        const s = runs.map((r) => per.get(pt.id)!.get(r.runId)!);
        scores.set(pt.id, s);
        means.set(pt.id, s.reduce((a, b) => a + b, 0) / s.length);
      }
      await transaction(conn, async () => {
        await conn.run(`DELETE FROM scores WHERE phase = ${job.phase} AND item = ${job.index}`);
        const app = await conn.createAppender('scores');
        for (const pt of cal.scored) {
          scores.get(pt.id)!.forEach((s, r) => {
            app.appendInteger(runs[r]!.runId); app.appendInteger(job.phase); app.appendInteger(job.index); app.appendVarchar(pt.id); app.appendDouble(s); app.endRow();
          });
        }
        app.flushSync(); app.closeSync();
        if (job.phase < CHECK_PHASE) {
          await conn.run(`DELETE FROM particles WHERE generation = ${job.phase} AND proposal = ${job.index}`);
          const vals = [job.phase, job.index, ...job.theta, ...cal.scored.map((pt) => means.get(pt.id)!), distanceOf(cal, means, failed)];
          await conn.run(`INSERT INTO particles VALUES (${vals.map(sqlNumber).join(', ')}, NULL, false, NULL)`);
        }
        await conn.run(`INSERT INTO scored VALUES (${job.phase}, ${job.index}, ${failed})`);
      });
      return { means, failed, scores };
    });
  }

  async close(): Promise<void> {
    if (this.pool) await this.pool.destroy().catch(() => undefined);
  }
}

const sqlNumber = (v: number): string => (Number.isFinite(v) ? String(v) : v > 0 ? "'Infinity'::DOUBLE" : "'-Infinity'::DOUBLE");

/** A particle's distance: 1 − the mean over targets of their mean scores; Infinity when a run failed. */
export function distanceOf(cal: Pick<ResolvedCalibration, 'targets'>, means: ReadonlyMap<string, number>, failed: boolean): number {
  if (failed) return Infinity;
  let s = 0;
  for (const t of cal.targets) s += means.get(t.id)!;
  return 1 - s / cal.targets.length;
}

/**
 * What the ABC generations need from whoever runs the simulations: the distances already
 * stored (resume), the distance of a new proposal, and a place to record a decided generation.
 * `fractable calibrate` implements it over the pool and the store; tests over a toy model.
 */
export interface ProposalEvaluator {
  /** proposals evaluated at once */
  readonly concurrency: number;
  /** the stored distances of generation g by proposal index (NaN: not scored yet), length `size` */
  stored(generation: number, size: number): Promise<Float64Array>;
  /** the distance of proposal (g, j) with parameters θ (Infinity: a failed simulation) */
  evaluate(generation: number, index: number, theta: Float64Array): Promise<number>;
  /** records a decided generation */
  record(pop: AbcPopulation): Promise<void>;
}

export interface GenerationOptions {
  stop?: AbortSignal;
  onProgress?: (p: CalibrateProgress) => void;
}

/**
 * The proposals of a generation one process evaluates: j = start, start + step, … (below the
 * generation's most proposals). The whole generation is { start: 0, step: 1 }; shard i of n of a
 * rejection calibration is { start: i − 1, step: n }: proposal j belongs to shard (j mod n) + 1.
 */
interface Share { start: number; step: number }
const WHOLE: Share = { start: 0, step: 1 };
const shareOf = (shard: Shard): Share => ({ start: shard.index - 1, step: shard.count });
/** How many proposals below `max` a share holds. */
const shareSize = (max: number, s: Share): number => Math.max(0, Math.ceil((max - s.start) / s.step));

/**
 * Evaluates the proposals of one generation's share in index order, `concurrency` at a time,
 * until `decide` says the generation is decided or every proposal of the share below `max` is
 * scored. Results may arrive in any order; the decision reads distances by index only.
 *
 * No proposal is started once the generation is decided. Proposals started before (at most
 * 2 × concurrency shares past the first unscored proposal of the generation, so that a slow early
 * result does not idle the workers) may lie past the decision's n-th acceptance: they finish and
 * are stored, and `recordGeneration` marks their particles `used = false` (evaluated, never used
 * by the decision). Which proposals are used depends only on the distances in index order, so it
 * is the same for any worker count and on resume.
 *
 * With a peer exchange (a shard of an SMC calibration), the distances are this shard's and its
 * peers' as published: the shard publishes its own (at most every half poll interval while it
 * works, and always before it waits and once the generation is decided), reads its peers' while
 * it works and every poll interval while it waits for them, and ends the generation when the
 * decision over all of them is taken, or when every proposal below `max` of every shard is
 * scored (the generation is out of budget).
 */
async function evaluateGeneration(
  ev: ProposalEvaluator, kernel: SmcKernel, max: number, decide: (d: Float64Array) => Acceptance, o: GenerationOptions,
  progress: (scored: number, a: Acceptance) => CalibrateProgress, share: Share = WHOLE, exchange: PeerExchange | null = null,
): Promise<{ distances: Float64Array; acceptance: Acceptance; interrupted: boolean }> {
  const g = kernel.generation;
  const distances = await ev.stored(g, max);
  const positions = shareSize(max, share);
  const at = (k: number): number => share.start + k * share.step;
  const own = new Map<number, number>();
  for (let k = 0; k < positions; k++) if (!Number.isNaN(distances[at(k)]!)) own.set(at(k), distances[at(k)]!);
  let dirty = exchange !== null, publishedAt = -Infinity, gatheredAt = performance.now();
  const publish = (force: boolean): void => {
    if (!exchange || !dirty || (!force && performance.now() - publishedAt < exchange.pollMs / 2)) return;
    exchange.publish(g, own);
    dirty = false;
    publishedAt = performance.now();
  };
  publish(true); // a resumed shard publishes what its store holds before anything new
  exchange?.gather(g, distances);
  const active = new Set<Promise<void>>();
  // positions in the share: the next to start, and the first not scored; and the first proposal
  // of the generation not scored by any shard (distances only fill in, so all three only advance)
  let next = 0;
  let firstOwn = 0;
  let first = 0;
  let scored = own.size;
  let fatal: unknown;
  for (;;) {
    if (fatal !== undefined) break;
    if (exchange) {
      // a busy shard too publishes what it has scored (at most every half poll interval) and reads its peers' (every poll interval)
      publish(false);
      if (performance.now() - gatheredAt >= exchange.pollMs) { exchange.gather(g, distances); gatheredAt = performance.now(); }
    }
    if (decide(distances).state === 'done') break;
    if (o.stop?.aborted) break;
    while (next < positions && !Number.isNaN(distances[at(next)]!)) next++;
    while (firstOwn < positions && !Number.isNaN(distances[at(firstOwn)]!)) firstOwn++;
    while (first < max && !Number.isNaN(distances[first]!)) first++;
    // look ahead at most 2 × concurrency of this share's proposals past the first unscored proposal
    // (of any shard, when the shards meet; of this share, when they do not): a slow early result
    // must not let later proposals run far past what the decision will need
    const from = exchange ? first : at(firstOwn);
    if (next < positions && active.size < ev.concurrency && at(next) < from + 2 * ev.concurrency * share.step) {
      const j = at(next++);
      const t: Promise<void> = ev.evaluate(g, j, smcPropose(kernel, j)).then((d) => {
        distances[j] = d;
        own.set(j, d);
        dirty = true;
        o.onProgress?.(progress(++scored, decide(distances)));
      }).catch((e: unknown) => { if (fatal === undefined) fatal = e; }).finally(() => { active.delete(t); });
      active.add(t);
      continue;
    }
    if (!exchange) {
      if (active.size === 0) break; // nothing in flight and nothing more allowed: out of budget
      await Promise.race(active);
      continue;
    }
    if (active.size === 0 && first >= max) break; // every proposal of every shard scored, undecided: out of budget
    // a shard: publish, then wait for one of its own results or a poll interval, and read its peers again
    publish(active.size === 0);
    if (active.size === 0) o.onProgress?.({ ...progress(scored, decide(distances)), waiting: waitingFor(distances, first, max, exchange.shard), waitingIn: exchange.dir });
    await Promise.race([...active, sleep(exchange.pollMs, o.stop)]);
    exchange.gather(g, distances);
    gatheredAt = performance.now();
  }
  await Promise.all(active);
  if (fatal !== undefined) throw fatal;
  publish(true);
  const acceptance = decide(distances);
  return { distances, acceptance, interrupted: acceptance.state !== 'done' && (o.stop?.aborted ?? false) };
}

/** The peers a waiting shard waits for: those owning the first unscored proposals (up to 2 × n of them). */
function waitingFor(d: Float64Array, first: number, max: number, shard: Shard): number[] {
  const who = new Set<number>();
  for (let j = first; j < max && j < first + 2 * shard.count; j++) if (Number.isNaN(d[j]!)) who.add((j % shard.count) + 1);
  who.delete(shard.index);
  return [...who].sort((a, b) => a - b);
}

/** Resolves after ms, or at once when `stop` aborts. */
function sleep(ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.aborted) { resolve(); return; }
    const done = () => { clearTimeout(t); stop?.removeEventListener('abort', done); resolve(); };
    const t = setTimeout(done, ms);
    stop?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Whether every proposal of a share below `max` is scored (a cursor that only advances:
 * amortised O(1) a call, so a share of 10^6 proposals is not quadratic).
 */
function allScored(max: number, share: Share): (d: Float64Array) => number | null {
  const positions = shareSize(max, share);
  let cursor = 0;
  return (d) => {
    while (cursor < positions && !Number.isNaN(d[share.start + cursor * share.step]!)) cursor++;
    return cursor < positions ? share.start + cursor * share.step : null;
  };
}

/**
 * Rejection ABC's decision over every proposal's distance: the ⌈quantile · proposals⌉ closest
 * (`acceptBest`, ties to the lower index), at ε = the largest accepted distance, equal weights.
 * The unsharded calibration and the merge of its shards both decide here.
 */
export function rejectionPopulation(problem: AbcProblem, b: RejectionBudget, distances: Float64Array): AbcPopulation {
  if (distances.length !== b.proposals || distances.some((v) => Number.isNaN(v))) {
    throw new RangeError(`rejection: expected the distances of all ${b.proposals} proposals, found ${distances.filter((v) => !Number.isNaN(v)).length} of ${distances.length}`);
  }
  const kernel = smcKernel(problem, null);
  const keep = Math.ceil(b.quantile * b.proposals);
  const indices = acceptBest(distances, keep);
  let eps = 0;
  for (const j of indices) eps = Math.max(eps, distances[j]!);
  return { ...smcPopulation(kernel, eps, { state: 'done', indices, proposals: distances.length }, distances), acceptanceRate: keep / b.proposals };
}

/**
 * The ABC generations (or the rejection pass) over an evaluator: the populations, in order,
 * and why it stopped. For SMC, generation g's tolerance is the α-quantile of generation g − 1's
 * distances (`nextTolerance`), its population the first n proposals within it (`smcAccept`);
 * a generation that reaches maxProposals undecided ends the run with stop 'budget' (the
 * previous population is the posterior). For rejection, the ⌈quantile · proposals⌉ closest
 * proposals (`rejectionPopulation`).
 */
export async function abcGenerations(
  ev: ProposalEvaluator, problem: AbcProblem, budget: SmcBudget | RejectionBudget, o: GenerationOptions = {},
): Promise<{ populations: AbcPopulation[]; stop: StopReason | null; interrupted: boolean }> {
  const populations: AbcPopulation[] = [];
  const b = budget;
  if (b.method === 'rejection') {
    const kernel = smcKernel(problem, null);
    const missing = allScored(b.proposals, WHOLE);
    const decide = (d: Float64Array): Acceptance => {
      const j = missing(d);
      return j !== null ? { state: 'pending', accepted: 0, next: j } : { state: 'done', indices: new Uint32Array(0), proposals: d.length };
    };
    const progress = (scored: number): CalibrateProgress => ({ stage: 'generation 0', done: scored, wanted: b.proposals, unit: 'proposals' });
    const r = await evaluateGeneration(ev, kernel, b.proposals, decide, o, progress);
    if (r.acceptance.state !== 'done') return { populations, stop: null, interrupted: true };
    const pop = rejectionPopulation(problem, b, r.distances);
    await ev.record(pop);
    return { populations: [pop], stop: 'generations', interrupted: false };
  }
  return smcGenerations(ev, problem, b, o, WHOLE, null);
}

/**
 * The SMC generations over an evaluator, of the whole calibration (share WHOLE, no exchange) or
 * of one shard that meets its peers after each generation: the shard scores its share of every
 * generation's proposals, and takes each generation's decision over its own and its peers'
 * distances, so that every shard, and the unsharded calibration, decides the same populations.
 */
async function smcGenerations(
  ev: ProposalEvaluator, problem: AbcProblem, b: SmcBudget, o: GenerationOptions, share: Share, exchange: PeerExchange | null,
): Promise<{ populations: AbcPopulation[]; stop: StopReason | null; interrupted: boolean }> {
  const populations: AbcPopulation[] = [];
  const stage = exchange ? `shard ${exchange.shard.index}/${exchange.shard.count}, ` : '';
  let prev: AbcPopulation | null = null;
  for (let g = 0; g < b.generations; g++) {
    const kernel = smcKernel(problem, prev);
    const epsilon = prev === null ? Infinity : nextTolerance(prev, b.alpha, b.minEpsilon);
    const progress = (scored: number, a: Acceptance): CalibrateProgress => ({ stage: `${stage}generation ${g}`, done: scored, accepted: a.state === 'done' ? a.indices.length : a.accepted, epsilon });
    const r = await evaluateGeneration(ev, kernel, b.maxProposals, (d) => smcAccept(d, epsilon, b.particles), o, progress, share, exchange);
    if (r.interrupted) return { populations, stop: null, interrupted: true };
    if (r.acceptance.state !== 'done') {
      if (prev === null) throw new Error(`generation 0: expected ${b.particles} particles, found ${r.acceptance.accepted} in ${b.maxProposals} proposals (failed runs?)`);
      return { populations, stop: 'budget', interrupted: false };
    }
    const pop = smcPopulation(kernel, epsilon, r.acceptance, r.distances);
    await ev.record(pop);
    populations.push(pop);
    const stop = smcStop(pop, { minEpsilon: b.minEpsilon, maxGenerations: b.generations });
    if (stop !== null) return { populations, stop, interrupted: false };
    prev = pop;
  }
  return { populations, stop: 'generations', interrupted: false };
}

/**
 * One shard of an SMC calibration: scores its share of each generation's proposals (proposal j
 * belongs to shard (j mod n) + 1, with the seeds and run ids of the unsharded calibration) and
 * meets its peers after each generation through `exchange`: each generation is decided over
 * every shard's distances, as the unsharded calibration decides it, so every shard runs the same
 * generations. The shard records each decided generation in its store (its own particles'
 * weights); `fractable merge` decides them again over all the shards' particles, and
 * `calibrate --resume` on the merged store runs the checks.
 */
export async function abcSmcShard(
  ev: ProposalEvaluator, problem: AbcProblem, budget: SmcBudget, exchange: PeerExchange, o: GenerationOptions = {},
): Promise<{ populations: AbcPopulation[]; stop: StopReason | null; interrupted: boolean }> {
  return smcGenerations(ev, problem, budget, o, shareOf(exchange.shard), exchange);
}

/**
 * One shard of a rejection calibration: scores its share of the prior proposals (proposal j
 * belongs to shard (j mod n) + 1, with the seeds and run ids of the unsharded calibration) and
 * decides nothing: the decision needs every shard's distances and is taken when the shards
 * are merged (`combineRejectionShards`).
 */
export async function abcRejectionShard(
  ev: ProposalEvaluator, problem: AbcProblem, budget: SmcBudget | RejectionBudget, shard: Shard, o: GenerationOptions = {},
): Promise<{ interrupted: boolean; proposals: number; scored: number }> {
  if (budget.method !== 'rejection') throw new TypeError('abcRejectionShard: expected a rejection budget, found method smc (its shards meet after each generation: abcSmcShard)');
  const share = shareOf(shard);
  const kernel = smcKernel(problem, null);
  const missing = allScored(budget.proposals, share);
  const decide = (d: Float64Array): Acceptance => {
    const j = missing(d);
    return j !== null ? { state: 'pending', accepted: 0, next: j } : { state: 'done', indices: new Uint32Array(0), proposals: 0 };
  };
  const proposals = shareSize(budget.proposals, share);
  const stage = `shard ${shard.index}/${shard.count}`;
  const r = await evaluateGeneration(ev, kernel, budget.proposals, decide, o, (scored) => ({ stage, done: scored, wanted: proposals, unit: 'proposals' }), share);
  let scored = 0;
  for (let k = 0; k < proposals; k++) if (!Number.isNaN(r.distances[share.start + k * share.step]!)) scored++;
  return { interrupted: r.acceptance.state !== 'done', proposals, scored };
}

/** One shard's scored proposals, as a merge reads them. */
export interface ShardDistances {
  /** where it came from (a store's path), for messages */
  label: string;
  specHash: string;
  shard: Shard | null;
  /** proposal index → distance (of a rejection calibration; of an SMC calibration, generation 0) */
  distances: ReadonlyMap<number, number>;
  /** an SMC calibration's shard: generation → proposal index → distance */
  generations?: ReadonlyMap<number, ReadonlyMap<number, number>>;
}

/** Which shards a set of rejection shards covers. */
export interface ShardCoverage {
  /** shards n */
  count: number;
  /** proposals of the calibration */
  proposals: number;
  inputs: Array<{ label: string; shard: Shard; scored: number; expected: number }>;
  /** 1-based shards with no input */
  missing: number[];
  incomplete: Array<{ label: string; shard: Shard; lacks: number }>;
  complete: boolean;
}

/**
 * Checks a set of shards of one rejection calibration: the same spec (hash), every input a
 * shard of the same n, no shard twice, every proposal in its own shard; then which shards are
 * missing and which lack proposals. Throws an InputError naming the input for the first four.
 */
export function rejectionShardCoverage(specHash: string, budget: RejectionBudget, inputs: readonly ShardDistances[]): ShardCoverage {
  const count = checkShardInputs(specHash, inputs, (x, shard) => {
    for (const j of x.distances.keys()) {
      if (!(j >= 0 && j < budget.proposals && j % shard.count === shard.index - 1)) {
        throw new InputError(`${x.label}: expected proposals j of shard ${shard.index}/${shard.count} (j mod ${shard.count} = ${shard.index - 1}, j < ${budget.proposals}), found proposal ${j}`, x.label);
      }
    }
  });
  const out: ShardCoverage['inputs'] = inputs.map((x) => ({ label: x.label, shard: x.shard!, scored: x.distances.size, expected: shareSize(budget.proposals, shareOf(x.shard!)) }));
  const seen = new Set(inputs.map((x) => x.shard!.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i) && shareSize(budget.proposals, { start: i - 1, step: count }) > 0);
  const incomplete = out.filter((i) => i.scored < i.expected).map((i) => ({ label: i.label, shard: i.shard, lacks: i.expected - i.scored }));
  return { count, proposals: budget.proposals, inputs: out, missing, incomplete, complete: missing.length === 0 && incomplete.length === 0 };
}

/**
 * The checks every set of calibration shards passes before a merge decides over it: at least
 * one input, the same spec (hash), every input a shard (not a whole store) of the same n, no
 * shard twice; then `owns` checks each input's proposals against its shard. Returns n. Throws
 * an InputError naming the input.
 */
function checkShardInputs(specHash: string, inputs: readonly ShardDistances[], owns: (x: ShardDistances, shard: Shard) => void): number {
  if (inputs.length === 0) throw new InputError('merge: expected at least one shard of the calibration, found none');
  let n: number | null = null;
  const seen = new Map<number, string>();
  for (const x of inputs) {
    if (x.specHash !== specHash) {
      throw new InputError(`${x.label}: expected a shard of the calibration with spec hash ${specHash.slice(0, 12)}, found spec hash ${x.specHash.slice(0, 12)}: shards of different calibration specs cannot be merged`, x.label);
    }
    if (!x.shard) {
      throw new InputError(`${x.label}: expected a shard store of the calibration (fractable calibrate SPEC --shard i/n), found a whole calibration (it is complete on its own: fractable calibrate SPEC --resume continues it)`, x.label);
    }
    if (n === null) n = x.shard.count;
    else if (x.shard.count !== n) throw new InputError(`${x.label}: expected a shard of ${n}, found shard ${x.shard.index}/${x.shard.count}: shards of different splits cannot be merged`, x.label);
    const other = seen.get(x.shard.index);
    if (other !== undefined) throw new InputError(`${x.label}: expected distinct shards, found shard ${x.shard.index}/${x.shard.count} twice (also in ${other})`, x.label);
    seen.set(x.shard.index, x.label);
    owns(x, x.shard);
  }
  return n!;
}

/**
 * The decision of a sharded rejection calibration, over every shard's distances: exactly the
 * population the unsharded calibration decides (`rejectionPopulation`). Refuses an incomplete
 * set, naming the missing shards and those that lack proposals.
 */
export function combineRejectionShards(problem: AbcProblem, budget: RejectionBudget, specHash: string, inputs: readonly ShardDistances[]): AbcPopulation {
  const c = rejectionShardCoverage(specHash, budget, inputs);
  if (!c.complete) {
    const what = [
      ...(c.missing.length ? [`shard(s) ${c.missing.join(', ')} of ${c.count} missing`] : []),
      ...c.incomplete.map((i) => `shard ${i.shard.index}/${i.shard.count} lacks ${i.lacks} proposal(s) (${i.label})`),
    ];
    throw new InputError(`merge: expected every proposal of the calibration (${budget.proposals}) scored, found ${what.join('; ')}: the decision needs them all`);
  }
  const distances = new Float64Array(budget.proposals).fill(NaN);
  for (const x of inputs) for (const [j, d] of x.distances) distances[j] = d;
  return rejectionPopulation(problem, budget, distances);
}

/** The decision over the shards of an SMC calibration, generation by generation (`smcShardDecision`). */
export interface SmcShardDecision {
  /** shards n */
  count: number;
  inputs: Array<{ label: string; shard: Shard; scored: number }>;
  /** the generations decided over the shards' distances, in order */
  populations: AbcPopulation[];
  /** why the calibration stopped, or null while a generation is undecided */
  stop: StopReason | null;
  /** the first undecided generation: its first proposal no shard has scored, and that proposal's shard; null when stopped */
  pending: { generation: number; proposal: number; shard: number } | null;
  /** 1-based shards with no input */
  missing: number[];
  complete: boolean;
}

/**
 * Decides the generations of a sharded SMC calibration over every shard's particles, as the
 * unsharded calibration (and each shard, meeting its peers) decides them: generation g's
 * tolerance from generation g − 1's population, its population the first n proposals within it
 * in index order. Stops where the unsharded calibration would (`smcStop`, or a generation out of
 * budget), or at the first generation the shards have not scored far enough to decide
 * (`pending`). Throws an InputError naming the input for a shard of another spec, a whole store,
 * a shard of another split, a shard twice, or a proposal outside its shard.
 */
export function smcShardDecision(problem: AbcProblem, b: SmcBudget, specHash: string, inputs: readonly ShardDistances[]): SmcShardDecision {
  const count = checkShardInputs(specHash, inputs, (x, shard) => {
    for (const [g, ds] of x.generations ?? new Map<number, ReadonlyMap<number, number>>()) {
      for (const j of ds.keys()) {
        if (!(j >= 0 && j < b.maxProposals && j % shard.count === shard.index - 1)) {
          throw new InputError(`${x.label}: expected proposals j of shard ${shard.index}/${shard.count} (j mod ${shard.count} = ${shard.index - 1}, j < ${b.maxProposals}), found proposal ${j} of generation ${g}`, x.label);
        }
      }
    }
  });
  const out: SmcShardDecision['inputs'] = inputs.map((x) => ({
    label: x.label, shard: x.shard!, scored: [...(x.generations ?? new Map<number, ReadonlyMap<number, number>>()).values()].reduce((a, ds) => a + ds.size, 0),
  }));
  const seen = new Set(inputs.map((x) => x.shard!.index));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i) && i - 1 < b.maxProposals);
  const populations: AbcPopulation[] = [];
  let prev: AbcPopulation | null = null;
  const result = (stop: StopReason | null, pending: SmcShardDecision['pending']): SmcShardDecision =>
    ({ count, inputs: out, populations, stop, pending, missing, complete: pending === null });
  for (let g = 0; g < b.generations; g++) {
    const kernel = smcKernel(problem, prev);
    const epsilon = prev === null ? Infinity : nextTolerance(prev, b.alpha, b.minEpsilon);
    const d = new Float64Array(b.maxProposals).fill(NaN);
    for (const x of inputs) for (const [j, v] of x.generations?.get(g) ?? new Map<number, number>()) d[j] = v;
    const a = smcAccept(d, epsilon, b.particles);
    if (a.state !== 'done') {
      const j = d.findIndex((v) => Number.isNaN(v));
      if (j >= 0) return result(null, { generation: g, proposal: j, shard: (j % count) + 1 });
      if (prev === null) throw new InputError(`merge: generation 0: expected ${b.particles} particles, found ${a.accepted} in ${b.maxProposals} proposals (failed runs?)`);
      return result('budget', null);
    }
    const pop = smcPopulation(kernel, epsilon, a, d);
    populations.push(pop);
    const stop = smcStop(pop, { minEpsilon: b.minEpsilon, maxGenerations: b.generations });
    if (stop !== null) return result(stop, null);
    prev = pop;
  }
  return result('generations', null);
}

/** The evaluator of `fractable calibrate`: proposals run through the pool into the store. */
function storeEvaluator(ex: Executor, cal: ResolvedCalibration): ProposalEvaluator {
  return {
    concurrency: Math.max(1, Math.ceil(ex.limit / cal.replicates)),
    async stored(generation, size) {
      const d = new Float64Array(size).fill(NaN);
      const rows = await ex.store.use(async (c) => (await c.runAndReadAll(`SELECT proposal, distance FROM particles WHERE generation = ${generation}`)).getRowObjectsJS());
      for (const r of rows) if (Number(r.proposal) < size) d[Number(r.proposal)] = Number(r.distance);
      return d;
    },
    async evaluate(generation, index, theta) {
      const r = await ex.execute({ phase: generation, index, theta, replicates: cal.replicates, seedKey: `${cal.scenario}/g${generation}`, label: cal.scenario, overrides: {} });
      return distanceOf(cal, r.means, r.failed);
    },
    record: (pop) => ex.store.use((conn) => transaction(conn, () => recordGeneration(conn, pop))),
  };
}

/**
 * Records a decided generation (inside the caller's transaction): its row, the accepted
 * particles' weights, and which particles the decision used: `used` is true for the proposals
 * before the generation's n-th acceptance (index < proposals) and false for those evaluated
 * past it, in flight when the generation was decided, that no result depends on.
 */
async function recordGeneration(conn: DuckDBConnection, pop: AbcPopulation): Promise<void> {
  const g = pop.generation;
  await conn.run(`DELETE FROM generations WHERE generation = ${g}`);
  await conn.run(`INSERT INTO generations VALUES (${g}, ${sqlNumber(pop.epsilon)}, ${pop.proposals}, ${pop.indices.length}, ${pop.acceptanceRate}, ${pop.ess})`);
  await conn.run(`UPDATE particles SET accepted = false, weight = NULL, used = (proposal < ${pop.proposals}) WHERE generation = ${g}`);
  for (let i = 0; i < pop.indices.length; i++) {
    await conn.run(`UPDATE particles SET accepted = true, weight = ${pop.weights[i]} WHERE generation = ${g} AND proposal = ${pop.indices[i]}`);
  }
}

/** Writes the `posterior` table (inside the caller's transaction): the last population, particle by particle. */
async function writePosteriorTable(conn: DuckDBConnection, d: number, pop: AbcPopulation): Promise<void> {
  await conn.run('DELETE FROM posterior');
  for (let i = 0; i < pop.weights.length; i++) {
    const vals = [i, pop.generation, pop.indices[i]!, ...pop.params.subarray(i * d, i * d + d), pop.weights[i]!, pop.distances[i]!];
    await conn.run(`INSERT INTO posterior VALUES (${vals.map(sqlNumber).join(', ')})`);
  }
}

/** The ABC problem and budget of a calibration store's study row (its `spec.calibration`), or null for a study's store. */
export function calibrationOfSpec(spec: Record<string, unknown>): { problem: AbcProblem; budget: SmcBudget | RejectionBudget; file: string | null } | null {
  const c = spec.calibration as { priors?: unknown; seed?: unknown; budget?: unknown; file?: unknown } | undefined;
  if (!c || typeof c !== 'object') return null;
  if (!Array.isArray(c.priors) || typeof c.seed !== 'number' || !c.budget || typeof c.budget !== 'object') {
    throw new InputError('study.spec.calibration: expected the priors, seed and budget of a calibration, found an incomplete record');
  }
  return { problem: { priors: c.priors as Prior[], seed: c.seed }, budget: c.budget as SmcBudget | RejectionBudget, file: typeof c.file === 'string' ? c.file : null };
}

/**
 * The decision of a merged rejection calibration, written into the merged store `conn` (inside
 * the merge's transaction): the population over every shard's distances, its generation row,
 * the particles' weights, and the posterior table. `fractable calibrate SPEC --resume` on the
 * merged store then finds it decided and goes on to the posterior files and the checks.
 */
export async function decideMergedRejection(conn: DuckDBConnection, spec: Record<string, unknown>, specHash: string, inputs: readonly ShardDistances[]): Promise<{ population: AbcPopulation; summary: ParameterSummary[]; priorShare: number }> {
  const c = calibrationOfSpec(spec);
  if (!c || c.budget.method !== 'rejection') throw new InputError('merge: expected shards of a rejection calibration, found another store');
  const pop = combineRejectionShards(c.problem, c.budget, specHash, inputs);
  await recordGeneration(conn, pop);
  await writePosteriorTable(conn, c.problem.priors.length, pop);
  return { population: pop, summary: posteriorSummary(c.problem.priors, pop), priorShare: priorShare(c.problem.priors, pop).share };
}

/**
 * The decision of a merged SMC calibration, written into the merged store `conn` (inside the
 * merge's transaction): every generation decided over the shards' particles (`smcShardDecision`:
 * the populations the shards and the unsharded calibration decide), its row and its particles'
 * weights, and the posterior table. `fractable calibrate SPEC --resume` on the merged store then
 * finds every generation decided and goes on to the posterior files and the checks.
 */
export async function decideMergedSmc(conn: DuckDBConnection, spec: Record<string, unknown>, specHash: string, inputs: readonly ShardDistances[]): Promise<{ populations: AbcPopulation[]; stop: StopReason; summary: ParameterSummary[]; priorShare: number }> {
  const c = calibrationOfSpec(spec);
  if (!c || c.budget.method !== 'smc') throw new InputError('merge: expected shards of an SMC calibration, found another store');
  const d = smcShardDecision(c.problem, c.budget, specHash, inputs);
  if (d.stop === null) throw new InputError(`merge: generation ${d.pending!.generation} is undecided: proposal ${d.pending!.proposal} (shard ${d.pending!.shard}/${d.count}) is not scored`);
  for (const pop of d.populations) await recordGeneration(conn, pop);
  const pop = d.populations[d.populations.length - 1]!;
  await writePosteriorTable(conn, c.problem.priors.length, pop);
  return { populations: d.populations, stop: d.stop, summary: posteriorSummary(c.problem.priors, pop), priorShare: priorShare(c.problem.priors, pop).share };
}

/** The posterior draws of the checks: indices into the population, by weight, seeded. */
export function posteriorDraws(cal: Pick<ResolvedCalibration, 'seed' | 'checkRuns'>, pop: AbcPopulation): number[] {
  return sampleByWeight(pop.weights, cal.checkRuns, cal.seed, DesignSubstream.posterior);
}

/** Runs (or reads back) the jobs of one check phase; per job, per pattern, its scores. */
async function checkPhase(ex: Executor, cal: ResolvedCalibration, pop: AbcPopulation, draws: number[], phase: number, label: string, overrides: Job['overrides'], o: CalibrateOptions, rules?: Job['rules']): Promise<Map<string, number[]> | null> {
  const d = cal.priors.length;
  const results: JobResult[] = new Array(draws.length);
  const active = new Set<Promise<void>>();
  let fatal: unknown;
  let done = 0;
  for (let j = 0; j < draws.length; j++) {
    if (o.stop?.aborted || fatal !== undefined) break;
    while (active.size >= ex.limit) await Promise.race(active);
    const job: Job = { phase, index: j, theta: pop.params.slice(draws[j]! * d, draws[j]! * d + d), replicates: 1, seedKey: `${cal.scenario}/posterior`, label, overrides, ...(rules ? { rules } : {}) };
    const t: Promise<void> = ex.execute(job).then((r) => {
      results[j] = r;
      o.onProgress?.({ stage: label, done: ++done, wanted: draws.length });
    }).catch((e: unknown) => { if (fatal === undefined) fatal = e; }).finally(() => { active.delete(t); });
    active.add(t);
  }
  await Promise.all(active);
  if (fatal !== undefined) throw fatal;
  if (done < draws.length && o.stop?.aborted) return null;
  const out = new Map<string, number[]>();
  for (const pt of cal.scored) out.set(pt.id, results.flatMap((r) => (r.failed ? [] : r.scores.get(pt.id)!)));
  return out;
}

/**
 * Null model (b): as many histories as posterior check runs, events as Poisson processes at the
 * rates of the full model's check runs (nulls.ts), written to the store as runs of scenario
 * "null:poisson" (block NULL_POISSON_PHASE) and scored, all in one transaction; read back on resume.
 */
async function poissonNullPhase(store: StudyStore, cal: ResolvedCalibration, kinds: readonly string[]): Promise<Map<string, number[]>> {
  const phase = NULL_POISSON_PHASE, lo = phase * BLOCK, hi = lo + cal.checkRuns - 1, ticks = cal.study.scenarios[0]!.ticks;
  return store.use(async (conn) => {
    const have = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM scored WHERE phase = ${phase}`)).getRowObjectsJS()[0]!.n);
    if (have < cal.checkRuns) {
      const full = `run_id BETWEEN ${CHECK_PHASE * BLOCK} AND ${CHECK_PHASE * BLOCK + BLOCK - 1}`;
      const nRuns = Number((await conn.runAndReadAll(`SELECT count(*) AS n FROM runs WHERE ${full} AND status = 'ok'`)).getRowObjectsJS()[0]!.n);
      const evs = (await conn.runAndReadAll(`SELECT kind, actor, detail::VARCHAR AS detail FROM events WHERE ${full} ORDER BY run_id, tick, kind, actor, detail::VARCHAR`)).getRowObjectsJS();
      const rates: EventRate[] = kinds.map((kind) => {
        const mine = evs.filter((e) => e.kind === kind);
        const actors = new Map<string, number>();
        for (const e of mine) actors.set(String(e.actor), (actors.get(String(e.actor)) ?? 0) + 1);
        const actor = [...actors.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? 'null';
        return { kind, rate: nRuns > 0 ? mine.length / (nRuns * ticks) : 0, details: mine.map((e) => (e.detail == null ? null : String(e.detail))), actor };
      });
      await transaction(conn, async () => {
        await conn.run(`DELETE FROM scores WHERE phase = ${phase}`);
        await conn.run(`DELETE FROM scored WHERE phase = ${phase}`);
        await conn.run(`DELETE FROM events WHERE run_id BETWEEN ${lo} AND ${hi}`);
        await conn.run(`DELETE FROM runs WHERE run_id BETWEEN ${lo} AND ${hi}`);
        for (let i = 0; i < cal.checkRuns; i++) {
          await conn.run(`INSERT INTO runs (run_id, design_point, replicate, scenario, seed, status) VALUES (${lo + i}, ${i}, 0, 'null:poisson', ${cal.seed}, 'ok')`);
        }
        const app = await conn.createAppender('events');
        for (let i = 0; i < cal.checkRuns; i++) {
          for (const e of poissonHistory(rates, i, ticks, cal.seed)) {
            app.appendInteger(lo + i); app.appendInteger(e.tick); app.appendVarchar(e.kind); app.appendVarchar(e.actor);
            if (e.detail === null) app.appendNull(); else app.appendVarchar(e.detail);
            app.endRow();
          }
        }
        app.flushSync(); app.closeSync();
        const per = await scorePatterns(conn, cal.patternFile.file, cal.scored, lo, hi, false);
        const sc = await conn.createAppender('scores');
        for (const pt of cal.scored) {
          for (let i = 0; i < cal.checkRuns; i++) {
            sc.appendInteger(lo + i); sc.appendInteger(phase); sc.appendInteger(i); sc.appendVarchar(pt.id); sc.appendDouble(per.get(pt.id)!.get(lo + i)!); sc.endRow();
          }
        }
        sc.flushSync(); sc.closeSync();
        for (let i = 0; i < cal.checkRuns; i++) await conn.run(`INSERT INTO scored VALUES (${phase}, ${i}, false)`);
      });
    }
    const out = new Map<string, number[]>();
    for (const pt of cal.scored) {
      const rows = (await conn.runAndReadAll(`SELECT score FROM scores WHERE phase = ${phase} AND pattern = '${pt.id}' ORDER BY item`)).getRowObjectsJS();
      out.set(pt.id, rows.map((r) => Number(r.score)));
    }
    return out;
  });
}

/**
 * Null model (a)'s rules: every population a fixed mixed strategy at its action shares averaged
 * over every tick of the full model's posterior check runs (the `mean_share_*` columns; the
 * runs that finished, in run order, so that a resumed calibration finds the same numbers).
 */
async function fixedNullRules(store: StudyStore, cal: ResolvedCalibration): Promise<Record<string, RuleSpec>> {
  const m = descriptorOf(cal.study.spec);
  const cols = meanShareColumns(m);
  const rows = await store.use(async (conn) => (await conn.runAndReadAll(
    `SELECT ${cols.map(ident).join(', ')} FROM runs WHERE run_id BETWEEN ${CHECK_PHASE * BLOCK} AND ${CHECK_PHASE * BLOCK + BLOCK - 1} AND status = 'ok' ORDER BY run_id`)).getRowObjectsJS());
  if (rows.length === 0) throw new Error('null model (a): no posterior check run finished, so there are no action shares to fix');
  const sums = new Float64Array(cols.length);
  for (const r of rows) cols.forEach((c, k) => { sums[k] += Number(r[c]); });
  const rules: Record<string, RuleSpec> = {};
  let k = 0;
  for (const p of m.populations) {
    const probabilities = p.actions.map(() => sums[k++]! / rows.length);
    rules[p.name] = { kind: 'fixed', probabilities };
  }
  return rules;
}

/** The scorecard's null rows against the full model's: does the null hold each pattern as often? */
function nullRowsAgainst(nullRows: readonly ScorecardRow[], fullRows: readonly ScorecardRow[]): NullRow[] {
  return nullRows.map((row, i) => {
    const f = fullRows[i]!;
    const p = row.runs > 0 && f.runs > 0 ? twoProportionZTest(row.holds, row.runs, f.holds, f.runs).pLess : 1;
    return { model: row.model, pattern: row.pattern, shareFull: f.share, share: row.share, pValue: p, asWell: !(p < 0.05) };
  });
}

/** One scorecard row per pattern: share of runs in which it holds (Wilson 95 %), mean score, Brier score. */
export function scorecardRows(cal: Pick<ResolvedCalibration, 'scored' | 'targets'>, model: string, scores: ReadonlyMap<string, number[]>): ScorecardRow[] {
  return cal.scored.map((pt) => {
    const s = scores.get(pt.id) ?? [];
    const holds = s.filter((v) => v >= pt.threshold - 1e-12).length;
    const n = s.length;
    const ci = n > 0 ? wilson(holds, n) : { p: NaN, lo: NaN, hi: NaN };
    const share = n > 0 ? holds / n : NaN;
    return {
      model, pattern: pt.id, role: cal.targets.includes(pt) ? 'target' : 'held-out', runs: n, holds, share, lower: ci.lo, upper: ci.hi,
      meanScore: n > 0 ? s.reduce((a, b) => a + b, 0) / n : NaN,
      brier: n > 0 ? brierScore([share], [1]) : NaN,
    };
  });
}

/** Writes the posterior CSV design file (one column per parameter, then weight) and the calibrated scenario. */
function writePosteriorFiles(cal: ResolvedCalibration, pop: AbcPopulation, summary: ParameterSummary[], out: string): { posterior: string; scenario: string } {
  const dir = dirname(resolve(out));
  mkdirSync(dir, { recursive: true });
  const d = cal.priors.length;
  const rows = [[...cal.priors.map((p) => p.name), 'weight'].join(',')];
  for (let i = 0; i < pop.weights.length; i++) rows.push([...Array.from(pop.params.subarray(i * d, i * d + d), String), String(pop.weights[i])].join(','));
  const posterior = join(dir, `${cal.name}.posterior.csv`);
  writeAtomic(posterior, `${rows.join('\n')}\n`);
  const base = cal.study.scenarios[0]!;
  const source = base.sources[base.sources.length - 1]!;
  const ref = String(cal.spec.scenario);
  const builtin = !ref.includes('/') && !/\.ya?ml$/.test(ref);
  // the spec's fixed overrides, then the posterior medians
  const params = structuredClone(cal.fixedParams) as Record<string, Record<string, unknown>>;
  summary.forEach((s) => {
    const [g, n] = s.name.split('.') as [string, string];
    (params[g] ??= {})[n] = s.median;
  });
  const name = `${cal.scenario}-calibrated`;
  const scenario = join(dir, `${name}.yaml`);
  const doc = {
    name,
    extends: builtin ? cal.scenario : relative(dir, source),
    description: `${cal.scenario} at the posterior median of calibration ${cal.name} (fractable calibrate; method ${cal.budget.method}, targets ${cal.targets.map((t) => t.id).join(', ')}).`,
    agents: base.agents,
    ticks: base.ticks,
    params,
  };
  const header = `# Written by fractable calibrate ${cal.file ? relative(dir, cal.file) : cal.name}: the posterior medians of its priors${Object.keys(cal.fixedParams).length ? ', with the parameters its spec fixed' : ''}.\n# The posterior sample itself: ${relative(dir, posterior)} (a design file: method file, weights true).\n`;
  writeAtomic(scenario, header + stringifyYaml(doc));
  return { posterior, scenario };
}

/** Runs a calibration (or resumes one) and its checks. */
export async function runCalibration(cal: ResolvedCalibration, o0: CalibrateOptions): Promise<CalibrateResult> {
  if (o0.shard) checkShard(cal, o0.shard);
  const store = await StudyStore.open(o0.out, cal.study, { resume: o0.resume ?? false, overwrite: o0.overwrite ?? false, shard: o0.shard ?? null });
  // the status file beside the store (the store is locked to every other process while this runs):
  // the current stage, its count and total, failed runs, the ETA of the stage
  let ex: Executor | null = null;
  let last: CalibrateProgress | null = null, stageAt = performance.now(), stageDone = 0;
  let failedBefore = 0;
  const status = o0.statusFile === false ? null : new StatusWriter(
    statusPath(o0.out), { study: cal.name, spec_hash: cal.study.specHash, shard: store.shard, total: 0, slurm: slurmJob() },
    () => calibrationSnapshot(cal.budget, last, failedBefore + (ex?.failedRuns ?? 0), ex?.simulations ?? 0, (performance.now() - stageAt) / 1000, stageDone),
  );
  const o: CalibrateOptions = {
    ...o0,
    onProgress: (p) => {
      if (!last || p.stage !== last.stage) { stageAt = performance.now(); stageDone = p.done; }
      last = p;
      status?.stored();
      o0.onProgress?.(p);
    },
  };
  try {
    failedBefore = (await store.count()).failed;
    status?.start();
    const r = await calibrateInStore(cal, o, store, (e) => { ex = e; });
    status?.finish(r.interrupted ? 'interrupted' : 'finished');
    return r;
  } catch (e) {
    status?.finish('failed');
    throw e;
  }
}

/**
 * The proposals an SMC generation needs at its acceptance rate so far, done × particles ÷
 * accepted (at most maxProposals); null where that says nothing: a stage of known size, a
 * rejection calibration, a shard (whose count is its own share only), nothing accepted yet, or
 * the generation already decided.
 */
export function smcProposalsNeeded(budget: ResolvedCalibration['budget'], p: CalibrateProgress): number | null {
  if (p.wanted !== undefined || budget.method !== 'smc' || p.stage.startsWith('shard') || !p.accepted || p.accepted >= budget.particles) return null;
  return Math.min(budget.maxProposals, Math.ceil((p.done * budget.particles) / p.accepted));
}

/**
 * A calibration status file's figures from the last progress report: the stage, what its count
 * counts, its total (known for a check phase and a rejection shard; for an SMC generation the
 * proposals needed at the acceptance rate so far, as the progress line estimates it), and the
 * stage's ETA at its rate in this session.
 */
export function calibrationSnapshot(budget: ResolvedCalibration['budget'], p: CalibrateProgress | null, failed: number, ran: number, seconds: number, stageDone: number): StatusSnapshot {
  if (!p) return { done: 0, failed, ranNow: ran, total: 0, eta: null, stage: { name: 'starting', unit: 'proposals', detail: 'nothing scored in this session yet' } };
  const unit = p.unit ?? (p.wanted === undefined ? 'proposals' : 'runs');
  const total = p.wanted ?? smcProposalsNeeded(budget, p) ?? undefined;
  const eta = total !== undefined && p.done > stageDone ? Math.round((seconds / (p.done - stageDone)) * Math.max(0, total - p.done)) : null;
  const detail = p.wanted !== undefined
    ? `${p.done} of ${p.wanted} ${unit}`
    : `${p.done} proposals scored, ${p.accepted ?? 0} accepted${Number.isFinite(p.epsilon) ? ` at ε = ${p.epsilon!.toPrecision(3)}` : ''}${total !== undefined ? ` (about ${total} needed at the acceptance rate so far)` : ''}${p.waiting?.length ? `; waiting for shard(s) ${p.waiting.join(', ')}` : ''}`;
  return { done: p.done, failed, ranNow: ran, total: total ?? p.done, eta, stage: { name: p.stage, unit, detail } };
}

/** The calibration proper, in its opened store (closed at the end): `onExecutor` hands the executor to the status file. */
async function calibrateInStore(cal: ResolvedCalibration, o: CalibrateOptions, store: StudyStore, onExecutor: (ex: Executor) => void): Promise<CalibrateResult> {
  const empty: CalibrateResult = {
    out: o.out, interrupted: true, stop: null, populations: [], posterior: null, summary: [], priorShare: null, scorecard: [], knockouts: [], nulls: [], unsupported: [], files: null, simulations: 0, shard: null,
  };
  let ex: Executor | null = null;
  try {
    await store.use((c) => createTables(c, cal));
    const done = await store.completed();
    ex = new Executor(cal, store, done, Math.max(1, Math.floor(o.workers)));
    onExecutor(ex);
    const problem = { priors: cal.priors, seed: cal.seed };
    if (store.shard) {
      // a shard store (new, or resumed with or without --shard): its share of the proposals, and nothing else
      checkShard(cal, store.shard);
      if (cal.budget.method === 'smc') {
        // an SMC shard meets its peers after each generation, through files beside its store
        const exchange = fileExchange(o.out, cal.name, cal.study.specHash, store.shard, o.pollMs ?? DEFAULT_POLL_MS);
        const ev = storeEvaluator(ex, cal);
        const r = await abcSmcShard(ev, problem, cal.budget, exchange, o);
        const scored = await store.use(async (c) => Number((await c.runAndReadAll('SELECT count(*)::BIGINT AS n FROM particles')).getRowObjectsJS()[0]!.n));
        return { ...empty, interrupted: r.interrupted, stop: r.stop, populations: r.populations, simulations: ex.simulations, shard: { shard: store.shard, proposals: null, scored } };
      }
      const r = await abcRejectionShard(storeEvaluator(ex, cal), problem, cal.budget, store.shard, o);
      return { ...empty, interrupted: r.interrupted, simulations: ex.simulations, shard: { shard: store.shard, proposals: r.proposals, scored: r.scored } };
    }
    const gens = await abcGenerations(storeEvaluator(ex, cal), problem, cal.budget, o);
    if (gens.interrupted) return { ...empty, populations: gens.populations, simulations: ex.simulations };
    const pop = gens.populations[gens.populations.length - 1]!;
    const summary = posteriorSummary(cal.priors, pop);
    const share = priorShare(cal.priors, pop);
    const files = writePosteriorFiles(cal, pop, summary, o.out);
    await store.use((conn) => transaction(conn, async () => {
      await writePosteriorTable(conn, cal.priors.length, pop);
      await conn.run('DELETE FROM calibration');
      const ins = await conn.prepare('INSERT INTO calibration VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)');
      ins.bindVarchar(1, cal.name); ins.bindVarchar(2, cal.budget.method); ins.bindVarchar(3, gens.stop ?? 'interrupted');
      ins.bindInteger(4, gens.populations.length);
      ins.bindInteger(5, gens.populations.reduce((a, p) => a + p.proposals, 0) * cal.replicates);
      ins.bindDouble(6, share.share); ins.bindVarchar(7, JSON.stringify(Object.fromEntries(cal.priors.map((p, k) => [p.name, share.perParameter[k]]))));
      ins.bindVarchar(8, JSON.stringify(summary)); ins.bindVarchar(9, JSON.stringify(cal.targets.map((t) => t.id))); ins.bindVarchar(10, JSON.stringify(cal.heldOut.map((t) => t.id)));
      ins.bindVarchar(11, JSON.stringify(cal.spec));
      await ins.run();
      ins.destroySync();
    }));

    // checks: the posterior on every pattern, then the knock-outs on the same draws and seeds
    const draws = posteriorDraws(cal, pop);
    const full = await checkPhase(ex, cal, pop, draws, CHECK_PHASE, `${cal.scenario}/posterior`, {}, o);
    if (!full) return { ...empty, populations: gens.populations, posterior: pop, summary, priorShare: { share: share.share, perParameter: Array.from(share.perParameter) }, files, simulations: ex.simulations };
    const scorecard = scorecardRows(cal, 'posterior', full);
    const fullRows = [...scorecard];
    // null model (a): the same draws and run seeds, every population a fixed mixed strategy
    const fixed = await checkPhase(ex, cal, pop, draws, NULL_FIXED_PHASE, 'null:fixed', {}, o, await fixedNullRules(store, cal));
    if (!fixed) return { ...empty, populations: gens.populations, posterior: pop, summary, scorecard, files, simulations: ex.simulations };
    const fixedRows = scorecardRows(cal, 'null:fixed', fixed);
    // null model (b): event histories as Poisson processes
    const poissonRows = scorecardRows(cal, 'null:poisson', await poissonNullPhase(store, cal, cal.study.model.events.map((e) => e.kind)));
    scorecard.push(...fixedRows, ...poissonRows);
    const nulls: NullRow[] = [...nullRowsAgainst(fixedRows, fullRows), ...nullRowsAgainst(poissonRows, fullRows)];
    const knockouts: KnockoutRow[] = [];
    for (let k = 0; k < cal.knockouts.length; k++) {
      const ko = cal.knockouts[k]!;
      const s = await checkPhase(ex, cal, pop, draws, KNOCKOUT_PHASE + k, `knockout:${ko.mechanism}`, ko.overrides, o);
      if (!s) return { ...empty, populations: gens.populations, posterior: pop, summary, scorecard, files, simulations: ex.simulations };
      const rows = scorecardRows(cal, `knockout:${ko.mechanism}`, s);
      scorecard.push(...rows);
      rows.forEach((row, i) => {
        const f = fullRows[i]!;
        // one-sided: the knock-out holds the pattern less often than the full model
        const pOne = row.runs > 0 && f.runs > 0 ? twoProportionZTest(row.holds, row.runs, f.holds, f.runs).pLess : 1;
        knockouts.push({ mechanism: ko.mechanism, pattern: row.pattern, shareFull: f.share, share: row.share, pValue: pOne, needed: pOne < 0.05 });
      });
    }
    const unsupported = cal.knockouts.map((k) => k.mechanism).filter((m) => !knockouts.some((r) => r.mechanism === m && r.needed));
    await store.use((conn) => transaction(conn, async () => {
      await conn.run('DELETE FROM scorecard');
      for (const r of scorecard) {
        await conn.run(`INSERT INTO scorecard VALUES ('${r.model.replaceAll("'", "''")}', '${r.pattern}', '${r.role}', ${r.runs}, ${r.holds}, ${sqlOrNull(r.share)}, ${sqlOrNull(r.lower)}, ${sqlOrNull(r.upper)}, ${sqlOrNull(r.meanScore)}, ${sqlOrNull(r.brier)})`);
      }
      await conn.run('DELETE FROM nulls');
      for (const r of nulls) await conn.run(`INSERT INTO nulls VALUES ('${r.model}', '${r.pattern}', ${sqlOrNull(r.shareFull)}, ${sqlOrNull(r.share)}, ${sqlOrNull(r.pValue)}, ${r.asWell})`);
      await conn.run('DELETE FROM knockouts');
      for (const r of knockouts) {
        const ko = cal.knockouts.find((k) => k.mechanism === r.mechanism)!;
        const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
        await conn.run(`INSERT INTO knockouts VALUES (${q(r.mechanism)}, ${q(ko.title)}, ${q(ko.justification)}, '${r.pattern}', ${sqlOrNull(r.shareFull)}, ${sqlOrNull(r.share)}, ${sqlOrNull(r.pValue)}, ${r.needed})`);
      }
    }));
    await store.markComplete();
    return {
      out: o.out, interrupted: false, stop: gens.stop, populations: gens.populations, posterior: pop, summary,
      priorShare: { share: share.share, perParameter: Array.from(share.perParameter) }, scorecard, knockouts, nulls, unsupported, files, simulations: ex.simulations, shard: null,
    };
  } finally {
    await ex?.close();
    await store.close();
  }
}

const sqlOrNull = (v: number): string => (Number.isFinite(v) ? String(v) : 'NULL');

/** A shard of a calibration: at most one shard per proposal (of an SMC calibration: per proposal of a generation). */
function checkShard(cal: ResolvedCalibration, shard: Shard): void {
  const most = cal.budget.method === 'rejection' ? cal.budget.proposals : cal.budget.maxProposals;
  if (shard.count > most) {
    throw new InputError(`--shard: expected at most one shard per proposal (${most} ${cal.budget.method === 'rejection' ? 'proposals' : 'proposals in a generation, budget.maxProposals'}), found ${shard.count} shards`);
  }
}

/** What the report shows of a calibration store (null for a store without one). */
export interface ValidationData {
  name: string;
  method: string;
  stop: string;
  targets: string[];
  heldOut: string[];
  priorShare: number;
  summary: ParameterSummary[];
  generations: { generation: number; epsilon: number; proposals: number; accepted: number; acceptanceRate: number; ess: number }[];
  scorecard: ScorecardRow[];
  nulls: NullRow[];
  knockouts: (KnockoutRow & { title: string; justification: string })[];
  /** the accepted particles: per parameter its prior's range (null where the prior is unbounded) and values, and the weights */
  particles: { names: string[]; ranges: Array<[number, number] | null>; values: number[][]; weights: number[] };
  /** `fractable claims --posterior`: each claim across the posterior (empty until it is run) */
  claims: Array<{ claim: string; title: string; draws: number; replicates: number; positive: number; treated: string; treatedMean: number; control: string; controlMean: number; effect: number; pValue: number; test: string; alpha: number; verdict: string; agents: number; ticks: number }>;
}

/** The range of a prior as written in a calibration spec (uniform, log-uniform, or a bounded normal or beta), or null. */
function priorRange(prior: unknown): [number, number] | null {
  if (Array.isArray(prior) && prior.length === 2) return [Number(prior[0]), Number(prior[1])];
  const p = prior as { lower?: unknown; upper?: unknown; kind?: string } | null;
  if (p && typeof p === 'object' && typeof p.lower === 'number' && typeof p.upper === 'number') return [p.lower, p.upper];
  if (p?.kind === 'beta') return [0, 1];
  return null;
}

/** Reads the calibration tables of an open store (read-only), or null when it holds no finished calibration. */
export async function readValidation(conn: DuckDBConnection, tables: readonly string[]): Promise<ValidationData | null> {
  if (!tables.includes('calibration') || !tables.includes('scorecard')) return null;
  const cal = (await conn.runAndReadAll('SELECT * FROM calibration')).getRowObjectsJS()[0];
  if (!cal) return null;
  const num = (v: unknown): number => (v == null ? NaN : Number(v));
  const gens = (await conn.runAndReadAll('SELECT * FROM generations ORDER BY generation')).getRowObjectsJS();
  const sc = (await conn.runAndReadAll("SELECT * FROM scorecard ORDER BY CASE WHEN model = 'posterior' THEN 0 WHEN model LIKE 'null:%' THEN 1 ELSE 2 END, model, pattern")).getRowObjectsJS();
  const nl = tables.includes('nulls') ? (await conn.runAndReadAll('SELECT * FROM nulls ORDER BY model, pattern')).getRowObjectsJS() : [];
  const ko = (await conn.runAndReadAll('SELECT * FROM knockouts')).getRowObjectsJS();
  const summary = JSON.parse(String(cal.summary)) as ParameterSummary[];
  const names = summary.map((x) => x.name);
  const priors = ((JSON.parse(String(cal.spec)) as { priors?: Record<string, unknown> }).priors) ?? {};
  const post = tables.includes('posterior') && names.length
    ? (await conn.runAndReadAll(`SELECT ${names.map(ident).join(', ')}, weight FROM posterior ORDER BY particle`)).getRowObjectsJS() : [];
  const cp = tables.includes('claims_posterior') ? (await conn.runAndReadAll('SELECT * FROM claims_posterior')).getRowObjectsJS() : [];
  return {
    name: String(cal.name), method: String(cal.method), stop: String(cal.stop),
    targets: JSON.parse(String(cal.targets)) as string[], heldOut: JSON.parse(String(cal.held_out)) as string[],
    priorShare: num(cal.prior_share), summary,
    generations: gens.map((g) => ({ generation: num(g.generation), epsilon: num(g.epsilon), proposals: num(g.proposals), accepted: num(g.accepted), acceptanceRate: num(g.acceptance_rate), ess: num(g.ess) })),
    scorecard: sc.map((r) => ({
      model: String(r.model), pattern: String(r.pattern), role: String(r.role) as ScorecardRow['role'], runs: num(r.runs), holds: num(r.holds),
      share: num(r.share), lower: num(r.lower), upper: num(r.upper), meanScore: num(r.mean_score), brier: num(r.brier),
    })),
    nulls: nl.map((r) => ({ model: String(r.model), pattern: String(r.pattern), shareFull: num(r.share_full), share: num(r.share), pValue: num(r.p_value), asWell: r.as_well === true })),
    knockouts: ko.map((r) => ({
      mechanism: String(r.mechanism), title: String(r.title), justification: String(r.justification), pattern: String(r.pattern),
      shareFull: num(r.share_full), share: num(r.share), pValue: num(r.p_value), needed: r.needed === true,
    })),
    particles: { names, ranges: names.map((n) => priorRange(priors[n])), values: post.map((r) => names.map((n) => num(r[n]))), weights: post.map((r) => num(r.weight)) },
    claims: cp.map((r) => ({
      claim: String(r.claim), title: String(r.title), draws: num(r.draws), replicates: num(r.replicates), positive: num(r.positive),
      treated: String(r.treated), treatedMean: num(r.treated_mean), control: String(r.control), controlMean: num(r.control_mean),
      effect: num(r.effect), pValue: num(r.p_value), test: String(r.test), alpha: num(r.alpha), verdict: String(r.verdict), agents: num(r.agents), ticks: num(r.ticks),
    })),
  };
}
