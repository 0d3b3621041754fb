/**
 * Every message between the coordinator and the pool's workers, and the one run-result type
 * every mode returns. One task function (workers/task.ts) takes a `WorkerTask` and returns the
 * matching reply; its typed arrays are moved, not copied (`movable`).
 */
import { Piscina } from 'piscina';
import type { MessagePort } from 'node:worker_threads';
import type { ModelEvent, Outcome, RunConfig } from './declaration.js';
import type { StatRequest, StatsSpec } from './learning-stats.js';
import type { NetworkStats } from './networks.js';
import type { SimulationResult } from './simulation.js';
import type { WorldBuffers, WorldLayout } from './world.js';

/** What of a run to keep and send back (a study keeps less than `fractable run`). */
export interface KeepSpec {
  /**
   * the per-tick series: every k-th tick (and the last); `state`: indices of the state variables
   * (null: all); `shares`: the action shares too (true: all of them, population after population;
   * a list: those columns of that row, in that order); `stats`: learning statistics to compute
   * and keep (learning-stats.ts; none when absent or empty)
   */
  series: { every: number; state: number[] | null; shares: boolean | readonly number[]; stats?: readonly StatRequest[] } | null;
  events: boolean;
}

export const KEEP_ALL: KeepSpec = { series: { every: 1, state: null, shares: true }, events: true };

/** The learning statistics a run must compute for what it keeps (undefined: none). */
export function statsOf(keep: KeepSpec): StatsSpec | undefined {
  const s = keep.series;
  return s && s.stats && s.stats.length > 0 ? { requests: s.stats, every: s.every } : undefined;
}

/** Run a whole small world inside the worker; no per-tick messages. */
export interface WorldTask {
  kind: 'world';
  run: RunConfig;
  keep: KeepSpec;
  /** if set, the worker posts a TickProgress on this port every `every` ticks */
  progress?: { port: MessagePort; every: number };
}

/** A tick summary posted by a worker running a whole world (for per-tick progress). */
export interface TickProgress { tick: number; state: Float64Array }

/**
 * Step one shard of a large world for every tick, in place in the shared buffers, as one
 * long-running task: the worker waits on the control array's barrier for each tick instead of
 * receiving a message (SharedArrayBuffers are shared, not copied).
 */
export interface ShardLoopTask {
  kind: 'shard-loop';
  buffers: WorldBuffers;
  /** Int32Array slots, see Ctl */
  control: SharedArrayBuffer;
  layout: WorldLayout;
  seed: number;
  shard: number;
  shards: number;
}

/**
 * Slots of the control Int32Array of a sharded world (one per world).
 * GEN: the coordinator bumps it to release the workers for one tick; TICK: which tick;
 * DONE: workers that finished the tick (the last one wakes the coordinator); READY: workers
 * whose loop has started; STOP: set to end the loops; FAILED: a worker's step threw.
 */
export const Ctl = { GEN: 0, TICK: 1, DONE: 2, READY: 3, STOP: 4, FAILED: 5, SLOTS: 8 } as const;

/**
 * Run a large world sharded, with its coordinator inside this worker: the worker makes a pool of
 * its own for the shards (nested worker threads) and runs the tick pipeline there. A study runs
 * its large worlds this way so that a fault of the coordinator (the model's update running out
 * of the worker's heap limit, a crash) ends this worker and fails this one run, not the study.
 */
export interface ShardedWorldTask {
  kind: 'sharded-world';
  run: RunConfig;
  keep: KeepSpec;
  /** shards (and threads of the nested pool) */
  workers: number;
  /** heap limit of the nested pool's workers, MiB */
  maxOldGenerationSizeMb?: number;
}

export type WorkerTask = WorldTask | ShardLoopTask | ShardedWorldTask;

export type RunMode = 'inline' | 'whole' | 'sharded';

/** The result of one run, whatever the mode: the only shape that crosses between threads and layers. */
export interface RunResult {
  model: string;
  scenario: string;
  seed: number;
  ticks: number;
  /** total of the mass populations */
  agents: number;
  populations: Array<{ name: string; size: number; fixed: boolean; actions: readonly string[] }>;
  networks: NetworkStats[];
  outcome: Outcome;
  outputs: Record<string, number | string | boolean | null>;
  /** the final state, in the model's declared order */
  final: Float64Array;
  /** the last tick's action shares, population after population */
  finalShares: Float64Array;
  /** the action shares averaged over every tick, population after population */
  meanShares: Float64Array;
  /**
   * the kept series: the ticks kept, and per kept tick the kept state variables (and shares: all,
   * or the kept columns; and the learning statistics asked for, in the order of `keep.series.stats`)
   */
  series: { ticks: Int32Array; state: Float64Array; stateColumns: number[]; shares: Float64Array | null; stats: Float64Array | null } | null;
  /** the event history (empty when not kept) */
  events: ModelEvent[];
  digest: string;
  bytesPerAgent: number;
  /** wall time of the run where it ran (the only timing in a result) */
  wallMs: number;
}

/** The ticks kept for a series: 0, every, 2·every, … and the last. */
export function seriesTicks(ticks: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < ticks; t += every) out.push(t);
  if (out[out.length - 1] !== ticks - 1) out.push(ticks - 1);
  return out;
}

/** The one packer: a finished simulation's result, reduced to what `keep` asks for. */
export function packResult(r: SimulationResult, run: RunConfig, keep: KeepSpec, wallMs: number): RunResult {
  let series: RunResult['series'] = null;
  if (keep.series) {
    const ns = r.series.stateNames.length, cols = keep.series.state ?? Array.from({ length: ns }, (_, i) => i);
    const kept = seriesTicks(run.ticks, keep.series.every);
    const width = r.finalShares.length;
    const state = new Float64Array(kept.length * cols.length);
    const pick = Array.isArray(keep.series.shares) ? keep.series.shares as readonly number[] : null;
    const sw = pick ? pick.length : width;
    const shares = keep.series.shares === false || (pick && pick.length === 0) ? null : new Float64Array(kept.length * sw);
    const nst = keep.series.stats?.length ?? 0;
    if (nst > 0 && (!r.stats || r.stats.length !== run.ticks * nst)) throw new Error(`packResult: expected the ${nst} learning statistic(s) asked for, found ${r.stats ? r.stats.length / run.ticks : 0} (the run was not told to compute them)`);
    const stats = nst > 0 ? new Float64Array(kept.length * nst) : null;
    kept.forEach((tick, i) => {
      for (let j = 0; j < cols.length; j++) state[i * cols.length + j] = r.series.state[tick * ns + cols[j]!]!;
      if (stats) stats.set(r.stats!.subarray(tick * nst, (tick + 1) * nst), i * nst);
      if (!shares) return;
      if (pick) for (let j = 0; j < sw; j++) shares[i * sw + j] = r.series.shares[tick * width + pick[j]!]!;
      else shares.set(r.series.shares.subarray(tick * width, (tick + 1) * width), i * width);
    });
    series = { ticks: Int32Array.from(kept), state, stateColumns: cols, shares, stats };
  }
  return {
    model: run.model, scenario: run.name, seed: run.seed, ticks: run.ticks, agents: run.agents,
    populations: r.populations, networks: r.networks, outcome: r.outcome, outputs: r.outputs,
    final: r.final, finalShares: r.finalShares, meanShares: r.meanShares, series, events: keep.events ? r.events : [],
    digest: r.digest, bytesPerAgent: r.bytesPerAgent, wallMs,
  };
}

/** A worker's reply to a WorldTask: the result, or the error the run threw (a tagged union, never a cast). */
export type WorldReply =
  | { state: 'ok'; result: RunResult }
  | { state: 'failed'; error: string; wallMs: number };

/** A reply marked so that piscina moves its typed arrays' buffers instead of copying them. */
export function movable(reply: WorldReply): unknown {
  if (reply.state === 'failed') return reply;
  const r = reply.result;
  const list: ArrayBuffer[] = [r.final.buffer as ArrayBuffer, r.finalShares.buffer as ArrayBuffer, r.meanShares.buffer as ArrayBuffer];
  if (r.series) {
    list.push(r.series.ticks.buffer as ArrayBuffer, r.series.state.buffer as ArrayBuffer);
    if (r.series.shares) list.push(r.series.shares.buffer as ArrayBuffer);
    if (r.series.stats) list.push(r.series.stats.buffer as ArrayBuffer);
  }
  return Piscina.move({
    get [Piscina.transferableSymbol]() { return list; },
    get [Piscina.valueSymbol]() { return reply; },
  } as never);
}
