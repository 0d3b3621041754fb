/**
 * Running a study: every pending run of the (shard of the) study goes to one WorkerPool, with
 * at most 2 × workers runs in flight (running, queued, or being written; 8 × workers when
 * every run is a small world, see inFlightLimit), so memory stays flat however many runs there are. Each result is written to the store as soon as it
 * arrives (group-committed: whole runs only, see store.ts). Small worlds run whole inside one worker each; a large
 * world (as the engine decides: `chooseMode`) is sharded across the whole pool tick by tick,
 * one such run at a time. Both give the same digest, so results never depend on the mode.
 *
 * A run that throws is stored as failed with its error and the study goes on; a worker that
 * dies (out of memory under the pool's resource limits, or a crash) fails the run it held,
 * piscina replaces the worker, and the study goes on.
 *
 * `stop` (first Ctrl-C): schedule nothing more, let the runs in flight finish and be stored.
 * `drop` (second Ctrl-C): destroy the pool; the runs in flight are dropped (not stored).
 * Either way the store is closed cleanly and `--resume` runs what is missing.
 *
 * While it runs, the store's status file (`<store>.status.json`, see status.ts) says how far it
 * is, every few seconds and at the end: the store itself is locked to every other process.
 */
import { WorkerPool } from '../engine/pool.js';
import type { KeepSpec } from '../engine/protocol.js';
import { chooseMode } from '../engine/run.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { pendingRuns, scenarioOf, shardSize, type PlannedRun, type Shard } from './plan.js';
import { seriesSources, type ResolvedStudy } from './spec.js';
import { slurmJob } from './slurm.js';
import { LIVE_POINTS, LiveTally, STATUS_EVERY_MS, StatusWriter, statusPath, type StatusFile, type StudyState } from './status.js';
import { COMMIT_ROWS, StudyStore, type FailureRow, type RunReply } from './store.js';
import { StoreError } from '../errors.js';
import { version } from '../paths.js';

/**
 * A study stopped because its store could not be written (a full disk, a permission, a
 * read-only file system, its directory removed): scheduling stopped, the runs in flight were
 * dropped, and the store holds `stored` whole runs (committed before the failure). Exit code 4.
 */
export class StudyWriteError extends StoreError {
  constructor(cause: StoreError, readonly out: string, readonly stored: number, readonly total: number, readonly shard: Shard | null) {
    super(cause.message, cause.file);
    this.name = 'StudyWriteError';
  }
}

/** What a study keeps of each run: the recorded series (downsampled in the worker) and events. */
export function keepOf(study: ResolvedStudy): KeepSpec {
  const series = study.record.series;
  const src = series ? seriesSources(study.model, series.variables) : null;
  return {
    // action shares only when a share variable is recorded (a study of state variables keeps what it always kept)
    series: series && src ? { every: series.every, state: src.state, shares: src.shares.length ? src.shares : false, ...(src.stats.length ? { stats: src.stats } : {}) } : null,
    events: study.record.events || study.record.metrics,
  };
}

export interface StudyProgress {
  /** runs of this shard stored so far (including those of earlier sessions) */
  done: number;
  /** runs of this shard in all */
  total: number;
  /** runs finished in this session */
  ranNow: number;
  /** failed runs stored so far in this session */
  failedNow: number;
  /** runs in flight */
  inFlight: number;
}

export interface RunStudyOptions {
  out: string;
  workers: number;
  /** continue an existing store; 'or-create': or start it when there is none */
  resume?: boolean | 'or-create';
  overwrite?: boolean;
  shard?: Shard | null;
  /** run again the runs stored as failed (with resume) */
  retryFailed?: boolean;
  /** stop scheduling (in-flight runs finish and are stored) */
  stop?: AbortSignal;
  /** drop the runs in flight */
  drop?: AbortSignal;
  /** after each run is stored */
  onProgress?: (p: StudyProgress, run: PlannedRun & { status: 'ok' | 'failed' }) => void;
  /** called once the store is open, before any run is scheduled */
  onStart?: (p: StudyProgress & { shard: Shard | null }) => void;
  onWarn?: (msg: string, detail?: Record<string, unknown>) => void;
  /** runs running or queued at the pool at once, and at most as many again finished and waiting for their transaction (default: inFlightLimit and commitBacklog) */
  maxInFlight?: number;
  /** the status file (default `<out>.status.json`; false: none) */
  statusFile?: string | false;
  /** milliseconds between two writes of the status file (default 2000) */
  statusEveryMs?: number;
  /** told of every status written (progress, and outcome shares so far): the `--serve` page */
  onStatus?: (body: StatusFile) => void;
  /** most design points the live status shows (default LIVE_POINTS: the pairs of scenario and point with the most runs) */
  livePoints?: number;
}

export interface RunStudyResult {
  out: string;
  shard: Shard | null;
  total: number;
  done: number;
  ranNow: number;
  failedNow: number;
  /** every failed run in the store */
  failures: FailureRow[];
  /** stopped before every run was stored */
  interrupted: boolean;
  /** sum of the wall_ms of the runs of this session */
  runMs: number;
  /** the store's study instance id: with the spec hash, the identity of the study these results belong to */
  instance: string;
}

export async function runStudy(study: ResolvedStudy, o: RunStudyOptions): Promise<RunStudyResult> {
  const workers = Math.max(1, Math.floor(o.workers));
  const store = await StudyStore.open(o.out, study, { resume: o.resume ?? false, overwrite: o.overwrite ?? false, shard: o.shard ?? null });
  const shard = store.shard;
  const total = shardSize(study.runs, shard);
  let pool: WorkerPool | undefined;
  let ranNow = 0, failedNow = 0, runMs = 0, inFlight = 0, doneCount = 0, failedBefore = 0;
  let fatal: unknown;
  let interrupted = false;
  let endState: Exclude<StudyState, 'running'> = 'failed';
  const live = new LiveTally({
    model: study.model.name, version: version(), seed: study.seed, design_method: study.design?.method ?? null,
    design_points: study.points, replicates: study.replicates, labels: study.model.outputs.outcomes.map((x) => x.name),
  }, study.scenarios.map((x) => x.name), study.design ? { parameters: study.design.names, points: study.design.points } : null, o.livePoints ?? LIVE_POINTS);
  const status = o.statusFile === false && !o.onStatus ? null : new StatusWriter(
    o.statusFile === false ? null : o.statusFile ?? statusPath(o.out),
    { study: study.name, spec_hash: study.specHash, shard, total, slurm: slurmJob() },
    () => ({ done: doneCount, failed: failedBefore + failedNow, ranNow, live: live.view() }),
    o.onStatus,
  );
  try {
    if (o.retryFailed) await store.deleteFailed();
    const done = await store.completed();
    doneCount = done.size;
    failedBefore = (await store.count()).failed;
    for (const c of await store.outcomeCounts()) live.add(c.scenario, c.status, c.outcome, c.n, c.design_point);
    status?.start(o.statusEveryMs ?? STATUS_EVERY_MS);
    const progress = (): StudyProgress => ({ done: doneCount, total, ranNow, failedNow, inFlight });
    o.onStart?.({ ...progress(), shard });

    const keep = keepOf(study);

    if (doneCount < total) {
      pool = new WorkerPool({ workers, ...(study.workerMemoryMb ? { maxOldGenerationSizeMb: study.workerMemoryMb } : {}) });
      const p = pool;
      p.piscina.on('error', (e: Error) => o.onWarn?.('worker error outside a run', { error: e.message }));
      const dropped = () => o.drop?.aborted === true;
      o.drop?.addEventListener('abort', () => { void p.destroy().catch(() => undefined); }, { once: true });

      // A large world's coordinator runs inside one pool worker, with the shards on a pool of that
      // worker's own: a fault of the coordinator (out of the worker's heap limit) ends that worker
      // and fails this run only, as a whole world's fault does.
      const runLarge = (sc: ResolvedScenario): Promise<RunReply> =>
        p.runShardedWorld({ kind: 'sharded-world', run: sc, keep, workers, ...(study.workerMemoryMb ? { maxOldGenerationSizeMb: study.workerMemoryMb } : {}) });

      // `release` gives the run's worker capacity back as soon as its reply is here: waiting for
      // the store's transaction (COMMIT_WAIT_MS at most) must not keep a worker idle
      const execute = async (run: PlannedRun, sc: ResolvedScenario, large: boolean, release: () => void): Promise<void> => {
        let reply: RunReply;
        try {
          reply = large ? await runLarge(sc) : await p.runWorld({ kind: 'world', run: sc, keep });
        } catch (e) {
          if (dropped()) return; // the pool was destroyed on purpose: the run is dropped
          const msg = e instanceof Error ? e.message : String(e);
          o.onWarn?.('worker died; the run is recorded as failed and the worker replaced', { run_id: run.runId, error: msg });
          reply = { state: 'failed', error: `worker died: ${msg}`, wallMs: null };
        } finally {
          release();
        }
        if (dropped()) return;
        // stored as failed when its outputs could not be computed (store.ts)
        const stored = await store.insert(run, reply);
        live.add(run.scenario, stored, stored === 'ok' && reply.state === 'ok' ? reply.result.outcome.kind : null, 1, run.designPoint);
        doneCount++; ranNow++;
        if (stored === 'failed') failedNow++;
        status?.stored();
        const ms = reply.state === 'ok' ? reply.result.wallMs : reply.wallMs;
        if (ms !== null) runMs += ms;
        o.onProgress?.(progress(), { ...run, status: stored });
      };

      // capacity: a whole-world run takes 1, a sharded (large) run takes it all, until its reply
      // is here; runs waiting for their transaction are bounded apart (`waiting`)
      const limit = Math.max(1, o.maxInFlight ?? inFlightLimit(study, workers));
      const waiting = o.maxInFlight !== undefined ? limit : commitBacklog(study, limit);
      const active = new Set<Promise<void>>();
      let used = 0;
      // woken whenever a run's reply arrives or a run is stored
      let wake!: () => void;
      let woken = new Promise<void>((r) => { wake = r; });
      const signal = (): void => { const w = wake; woken = new Promise<void>((r) => { wake = r; }); w(); };
      const stopped = () => o.stop?.aborted === true || o.drop?.aborted === true || fatal !== undefined;
      for (const run of pendingRuns(study, shard, done)) {
        const sc = scenarioOf(study, run);
        const large = workers > 1 && chooseMode(sc.agents, workers) === 'sharded';
        const weight = large ? limit : 1;
        while (active.size > 0 && (used + weight > limit || active.size >= limit + waiting) && !stopped()) await woken;
        if (stopped()) break;
        used += weight;
        let released = false;
        const release = (): void => { if (!released) { released = true; used -= weight; signal(); } };
        const t: Promise<void> = execute(run, sc, large, release)
          .catch((e: unknown) => { if (fatal === undefined) fatal = e; })
          .finally(() => { release(); active.delete(t); inFlight = active.size; signal(); });
        active.add(t);
        inFlight = active.size;
      }
      done.clear(); // the set of stored ids is no longer needed
      await Promise.all(active);
      await store.flush();
      if (fatal !== undefined) throw store.writeError ?? fatal;
      interrupted = doneCount < total;
    }
    if (doneCount >= total) await store.markComplete();
    const failures = await store.failures();
    endState = interrupted ? 'interrupted' : 'finished';
    return { out: o.out, shard, total, done: doneCount, ranNow, failedNow, failures, interrupted, runMs, instance: store.instanceId };
  } catch (e) {
    const w = store.writeError ?? (e instanceof StoreError ? e : undefined);
    if (w) throw new StudyWriteError(w, o.out, doneCount, total, shard);
    throw e;
  } finally {
    if (pool) await pool.destroy().catch(() => undefined);
    try {
      await store.close();
    } finally {
      status?.finish(endState);
    }
  }
}

/**
 * Runs whose reply is here but whose transaction is not yet committed, at most, beyond the runs
 * in flight: two transactions' worth (COMMIT_ROWS each) for small worlds, whose results are a few
 * kilobytes; as many as run at once otherwise, so that large results held in memory stay bounded.
 */
export function commitBacklog(study: Pick<ResolvedStudy, 'scenarios'>, limit: number): number {
  const small = study.scenarios.every((s) => s.agents * s.ticks <= SMALL_RUN_AGENT_TICKS);
  return small ? Math.max(limit, 2 * COMMIT_ROWS) : limit;
}

/** Agent-ticks at or below which a run is a small world (100 agents × 520 ticks is 52,000). */
export const SMALL_RUN_AGENT_TICKS = 1_000_000;

/**
 * Runs in flight (running, queued at the pool, or being written). 2 per worker keeps each worker
 * busy while its last result is written, and bounds memory for large worlds. A small world runs
 * in milliseconds, so the round trip between a worker's result and its next task (the main
 * thread's turn, the group commit) is a visible share of its time: with 8 per worker the pool's
 * queue is never empty. Their results are a few kilobytes, so memory stays small either way.
 */
export function inFlightLimit(study: Pick<ResolvedStudy, 'scenarios'>, workers: number): number {
  const small = study.scenarios.every((s) => s.agents * s.ticks <= SMALL_RUN_AGENT_TICKS);
  return (small ? 8 : 2) * workers;
}
