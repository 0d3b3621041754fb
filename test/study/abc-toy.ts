/**
 * The toy model of the calibration pipeline's tests (calibrate-oracle, calibrate-shards): the
 * mean μ of 25 draws from N(μ, 1), observed ȳ = 0.8, prior μ ~ N(0, 2²), whose posterior is
 * normal with mean 0.795 and sd 0.199 (conjugate); and an evaluator over it with results out
 * of order and stored distances that persist across sessions.
 */
import { expect } from 'vitest';
import type { AbcPopulation, Prior, Simulate } from '../../src/analysis/index.js';
import { CounterStream, Stream } from '../../src/random/rng.js';
import type { ProposalEvaluator } from '../../src/study/calibrate.js';

export const TAU = 0.2; // sd of the mean of 25 draws of N(μ, 1)
export const Y_OBS = 0.8;
export const PRIORS: Prior[] = [{ name: 'mu', dist: { kind: 'normal', mean: 0, sd: 2 } }];

export const simulate: Simulate = (theta, { generation, index }) => {
  const z = new CounterStream(101, Stream.test, index, generation).normal();
  return Math.abs(theta[0]! + TAU * z - Y_OBS);
};

/**
 * An evaluator over the toy model: each result arrives after a pseudo-random delay (so results
 * come back out of order), stored distances persist in `store` (keys "g/j") across calls, and
 * `stop` aborts scheduling after that many new evaluations (an interruption).
 */
export function toyEvaluator(store: Map<string, number>, concurrency: number, stop?: { after: number; controller: AbortController }) {
  let calls = 0;
  const records: AbcPopulation[] = [];
  const evaluated: Array<{ generation: number; index: number }> = [];
  const ev: ProposalEvaluator = {
    concurrency,
    async stored(g, size) {
      const d = new Float64Array(size).fill(NaN);
      for (let j = 0; j < size; j++) { const v = store.get(`${g}/${j}`); if (v !== undefined) d[j] = v; }
      return d;
    },
    async evaluate(g, j, theta) {
      calls++;
      evaluated.push({ generation: g, index: j });
      if (stop && calls >= stop.after) stop.controller.abort();
      const delay = new CounterStream(7, Stream.test, j, 1000 + g).next();
      await new Promise((r) => setTimeout(r, delay < 0.9 ? 0 : 2));
      const d = simulate(theta, { generation: g, index: j });
      store.set(`${g}/${j}`, d);
      return d;
    },
    async record(pop) { records.push(pop); },
  };
  return { ev, calls: () => calls, records, evaluated };
}

export function expectSamePopulations(a: AbcPopulation[], b: AbcPopulation[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((p, t) => {
    expect(p.epsilon).toBe(b[t]!.epsilon);
    expect(Array.from(p.indices)).toEqual(Array.from(b[t]!.indices));
    expect(Array.from(p.params)).toEqual(Array.from(b[t]!.params));
    expect(Array.from(p.weights)).toEqual(Array.from(b[t]!.weights));
    expect(p.proposals).toBe(b[t]!.proposals);
  });
}
