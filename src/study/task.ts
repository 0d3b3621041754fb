/**
 * The pool task of a study run (dist/src/study/task.js, run on the engine's WorkerPool with
 * piscina's per-task `filename`): runs one world whole inside the worker and returns only
 * what the store keeps (outcome, final state and shares, event counts, the digest and the
 * downsampled series), with the run's own wall time. A run that throws comes back as
 * `{ ok: false, error }`; a worker that dies rejects the task (the coordinator records it).
 */
import { performance } from 'node:perf_hooks';
import { runWhole } from '../engine/simulation.js';
import { createModel } from '../model/index.js';
import type { ResolvedScenario } from '../scenarios/schema.js';

export interface StudyTask {
  kind: 'study-run';
  scenario: ResolvedScenario;
  metrics: boolean;
  /** downsampling of the series: keep ticks t with t % every == 0 and the last; `columns` index the state */
  series: { every: number; columns: number[] } | null;
}

export type StudyReply =
  | {
    ok: true;
    outcome: { kind: string; tick: number };
    final: Float64Array | null;
    shares: Float64Array | null;
    events: Record<string, number> | null;
    digest: string;
    /** rows × (1 + columns): the tick, then the kept variables */
    series: Float64Array | null;
    wallMs: number;
  }
  | { ok: false; error: string; wallMs: number };

export function seriesTicks(ticks: number, every: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < ticks; t += every) out.push(t);
  if (out[out.length - 1] !== ticks - 1) out.push(ticks - 1);
  return out;
}

/** What a finished world gives, whichever way it ran (whole in a worker, or sharded across the pool). */
export interface FinishedWorld {
  outcome: { kind: string; tick: number };
  final: Float64Array;
  finalShares: Float64Array;
  /** ticks × state variables, row-major */
  seriesState: Float64Array | null;
  stateCount: number;
  events: readonly { kind: string }[];
  digest: string;
}

/** Packs a finished world into the reply the store takes. */
export function packReply(t: StudyTask, w: FinishedWorld, wallMs: number): StudyReply {
  let series: Float64Array | null = null;
  if (t.series && w.seriesState) {
    const ns = w.stateCount, cols = t.series.columns, width = 1 + cols.length;
    const keep = seriesTicks(t.scenario.ticks, t.series.every);
    series = new Float64Array(keep.length * width);
    keep.forEach((tick, i) => {
      series![i * width] = tick;
      for (let j = 0; j < cols.length; j++) series![i * width + 1 + j] = w.seriesState![tick * ns + cols[j]!]!;
    });
  }
  let events: Record<string, number> | null = null;
  if (t.metrics) {
    events = {};
    for (const e of w.events) events[e.kind] = (events[e.kind] ?? 0) + 1;
  }
  return {
    ok: true,
    outcome: { kind: w.outcome.kind, tick: w.outcome.tick },
    final: t.metrics ? w.final : null,
    shares: t.metrics ? w.finalShares : null,
    events,
    digest: w.digest,
    series,
    wallMs,
  };
}

export default function studyTask(t: StudyTask): StudyReply {
  const t0 = performance.now();
  try {
    const sc = t.scenario;
    const r = runWhole(createModel(sc), { seed: sc.seed, ticks: sc.ticks });
    return packReply(t, {
      outcome: r.outcome, final: r.final, finalShares: r.finalShares, seriesState: r.series.state,
      stateCount: r.series.stateNames.length, events: r.events, digest: r.digest,
    }, performance.now() - t0);
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e), wallMs: performance.now() - t0 };
  }
}
