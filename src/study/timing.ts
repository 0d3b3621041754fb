/**
 * A quick calibration for planning: the wall time of a few runs of a study on this machine,
 * each on the calling thread (as one worker would run it), keeping what the study keeps. Rough
 * by nature: the cluster's cores may be faster or slower, and a run's time varies with its
 * parameters.
 */
import { runWorld } from '../engine/run.js';
import { plannedRun, scenarioOf } from './plan.js';
import { keepOf } from './runner.js';
import type { ResolvedStudy } from './spec.js';

export interface RunTiming {
  /** the median seconds of the timed runs */
  secondsPerRun: number;
  /** the run ids timed */
  runIds: number[];
}

/** Times up to `runs` runs spread over the study (first, middle, last, …); the median. */
export async function timeRuns(study: ResolvedStudy, runs = 3): Promise<RunTiming> {
  const k = Math.max(1, Math.min(runs, study.runs));
  const ids = [...new Set(Array.from({ length: k }, (_, j) => Math.floor((j * (study.runs - 1)) / Math.max(1, k - 1))))];
  const keep = keepOf(study);
  const secs: number[] = [];
  for (const id of ids) {
    const sc = scenarioOf(study, plannedRun(study, id));
    const t0 = performance.now();
    await runWorld(study.model, sc, { mode: 'inline', keep });
    secs.push((performance.now() - t0) / 1000);
  }
  secs.sort((a, b) => a - b);
  return { secondsPerRun: secs[Math.floor(secs.length / 2)]!, runIds: ids };
}
