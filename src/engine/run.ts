/**
 * Running one world: the engine's run API. Picks the mode by size unless told: a small world runs
 * whole inside one pool worker; a large one is sharded across the pool tick by tick; `inline`
 * runs on the calling thread. All three give the same digest.
 *
 * The engine knows the model only through its declaration; a worker running a whole world finds
 * the declaration by the run's model name in the registry (workers/task.ts), so a run config is
 * all that crosses to it.
 */
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type { Bus } from './bus.js';
import type { ModelDeclaration, RunConfig } from './declaration.js';
import { WorkerPool } from './pool.js';
import { KEEP_ALL, packResult, statsOf, type KeepSpec, type RunMode, type RunResult, type TickProgress } from './protocol.js';
import { runOnPool } from './sharded.js';
import { runWhole, Simulation } from './simulation.js';

/** Worlds at least this large are sharded across the pool when more than one worker is asked for. */
export const SHARD_THRESHOLD = 200_000;

export interface RunOptions {
  workers?: number;
  mode?: RunMode | 'auto';
  /** the caller's bus: events, tick summaries (whole mode: every `progressEvery` ticks), the outcome */
  bus?: Bus;
  /** in whole mode, forward a tick summary every this many ticks (default: none, only events) */
  progressEvery?: number;
  /** an existing pool to use (it is not destroyed) */
  pool?: WorkerPool;
  /** what to keep of the run (default: everything) */
  keep?: KeepSpec;
}

export interface WorldRun extends RunResult { workers: number; mode: RunMode }

export function chooseMode(agents: number, workers: number, mode: RunMode | 'auto' = 'auto'): RunMode {
  if (mode !== 'auto') return mode;
  return workers > 1 && agents >= SHARD_THRESHOLD ? 'sharded' : 'whole';
}

/** Runs one world of a model. */
export async function runWorld(model: ModelDeclaration, run: RunConfig, opts: RunOptions = {}): Promise<WorldRun> {
  const workers = Math.max(1, opts.workers ?? 1);
  const mode = chooseMode(run.agents, workers, opts.mode);
  const keep = opts.keep ?? KEEP_ALL;
  const t0 = performance.now();
  const stats = statsOf(keep);
  if (mode === 'inline') return { ...packResult(runWhole(model, run, opts.bus, stats), run, keep, performance.now() - t0), workers, mode };
  const pool = opts.pool ?? new WorkerPool({ workers: mode === 'whole' ? 1 : workers });
  try {
    if (mode === 'whole') return { ...(await runWholeOnPool(pool, run, keep, opts)), workers, mode };
    const sim = new Simulation(model, run, { shards: workers, ...(opts.bus ? { bus: opts.bus } : {}), ...(stats ? { stats } : {}) });
    return { ...packResult(await runOnPool(sim, pool), run, keep, performance.now() - t0), workers, mode };
  } finally {
    if (!opts.pool) await pool.destroy();
  }
}

/** A whole world in one worker; its events (and, if asked, tick summaries) replayed on the caller's bus in order. */
async function runWholeOnPool(pool: WorkerPool, run: RunConfig, keep: KeepSpec, opts: RunOptions): Promise<RunResult> {
  const bus = opts.bus;
  const every = opts.progressEvery ?? 0;
  let channel: MessageChannel | undefined;
  const tick = (m: TickProgress) => bus!.emit('tick', { tick: m.tick, state: m.state, shares: new Float64Array(0) });
  if (bus && every > 0) {
    channel = new MessageChannel();
    channel.port1.on('message', tick);
  }
  try {
    const reply = await pool.runWorld({ kind: 'world', run, keep: bus ? { ...keep, events: true } : keep, ...(channel ? { progress: { port: channel.port2, every } } : {}) });
    // The reply comes on piscina's port, the summaries on ours: two ports keep no order between
    // them, so the last summaries may still be queued here. The worker posted them before its
    // reply, so they are in the queue now: take them before the port closes.
    if (channel) for (let m; (m = receiveMessageOnPort(channel.port1));) tick(m.message as TickProgress);
    if (reply.state === 'failed') throw new Error(reply.error);
    const r = reply.result;
    if (bus) {
      for (const e of r.events) bus.emit('event', e);
      bus.emit('outcome', r.outcome);
      bus.emit('done', { ticks: run.ticks });
    }
    return keep.events ? r : { ...r, events: [] };
  } finally {
    channel?.port1.close();
  }
}
