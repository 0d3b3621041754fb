/**
 * Running one world: the library API behind `fractable run`. Picks the mode by size unless
 * told: a small world runs whole inside one pool worker; a large one is sharded across the
 * pool tick by tick; `inline` runs on the calling thread. All three give the same digest.
 */
import { createModel } from '../model/index.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { version } from '../paths.js';
import type { Bus, MechanismEvent, Outcome } from './bus.js';
import { runInline, toReply } from './inline.js';
import { WorkerPool } from './pool.js';
import type { WorldReply } from './protocol.js';
import { runOnPool } from './sharded.js';
import { Simulation } from './simulation.js';

export type RunMode = 'auto' | 'inline' | 'whole' | 'sharded';

/** Worlds at least this large are sharded across the pool when more than one worker is asked for. */
export const SHARD_THRESHOLD = 200_000;

export interface RunOptions {
  workers?: number;
  mode?: RunMode;
  bus?: Bus;
  /** an existing pool to use (it is not destroyed) */
  pool?: WorkerPool;
  /** keep the per-tick series (default true) */
  series?: boolean;
}

export interface RunResult {
  scenario: string;
  seed: number;
  agents: number;
  ticks: number;
  workers: number;
  mode: Exclude<RunMode, 'auto'>;
  version: string;
  outcome: Outcome;
  /** the final global state by name */
  final: Record<string, number>;
  /** each population's final action shares */
  shares: Record<string, Record<string, number>>;
  stateNames: readonly string[];
  /** ticks × stateNames, row-major (null when not kept) */
  seriesState: Float64Array | null;
  /** ticks × (populations × actions), row-major (null when not kept) */
  seriesShares: Float64Array | null;
  events: MechanismEvent[];
  digest: string;
  bytesPerAgent: number;
}

export function chooseMode(agents: number, workers: number, mode: RunMode = 'auto'): Exclude<RunMode, 'auto'> {
  if (mode !== 'auto') return mode;
  return workers > 1 && agents >= SHARD_THRESHOLD ? 'sharded' : 'whole';
}

export async function runScenario(sc: ResolvedScenario, opts: RunOptions = {}): Promise<RunResult> {
  const workers = Math.max(1, opts.workers ?? 1);
  const mode = chooseMode(sc.agents, workers, opts.mode);
  const keep = opts.series ?? true;
  const model = createModel(sc);
  const base = { scenario: sc.name, seed: sc.seed, agents: sc.agents, ticks: sc.ticks, workers, mode, version: version() };
  const sharesOf = (fs: Float64Array) => {
    const out: Record<string, Record<string, number>> = {};
    let o = 0;
    for (const p of model.populations) { out[p.name] = Object.fromEntries(p.actions.map((a, k) => [a, fs[o + k]])); o += p.actions.length; }
    return out;
  };
  const result = (r: WorldReply): RunResult => ({
    ...base, outcome: r.outcome, final: Object.fromEntries(r.stateNames.map((n, i) => [n, r.final[i]])), shares: sharesOf(r.finalShares),
    stateNames: r.stateNames, seriesState: r.seriesState, seriesShares: r.seriesShares, events: r.events, digest: r.digest, bytesPerAgent: r.bytesPerAgent,
  });

  if (mode === 'inline') return result(toReply(runInline(sc, opts.bus), keep));
  const pool = opts.pool ?? new WorkerPool({ workers: mode === 'whole' ? 1 : workers });
  try {
    if (mode === 'whole') {
      const r = await pool.runWorld({ kind: 'world', scenario: sc, series: keep });
      // replay the worker's events on the coordinator's bus, in order
      if (opts.bus) {
        for (const e of r.events) opts.bus.emit('mechanism', e);
        opts.bus.emit('outcome', r.outcome);
        opts.bus.emit('done', { ticks: sc.ticks });
      }
      return result(r);
    }
    const sim = new Simulation(model, { seed: sc.seed, ticks: sc.ticks, shards: workers, ...(opts.bus ? { bus: opts.bus } : {}) });
    return result(toReply(await runOnPool(sim, pool), keep));
  } finally {
    if (!opts.pool) await pool.destroy();
  }
}
