import { describe, it, expect } from 'vitest';
import { stepEwa, EWA_NNEW, EWA_NPREV } from '../../src/learning/ewa.js';
import { logitProbabilities } from '../../src/learning/choice.js';
import { beforeTick, type RuleSpec } from '../../src/learning/rules.js';
import { agentHash, Stream, tickKey, u01 } from '../../src/random/rng.js';
import { makeSlice, note } from './helpers.js';
import type { TestSlice } from './helpers.js';

/** Time-varying payoff vector of tick t (some negative, so no clipping is assumed anywhere). */
function payoffs(t: number, K: number): number[] {
  return Array.from({ length: K }, (_, j) => Math.sin(0.7 * t + 1.3 * j) * 2 + 0.25 * j - 0.3);
}

interface Trace {
  /** chosen action per tick and agent */
  chosen: number[][];
  /** attractions per tick (after the tick) and agent, K each */
  after: Float32Array[];
  /** (N(t-1), N(t)) slots the kernel read during each tick */
  slots: [number, number][];
  /** u1 of every agent per tick, and the agents' attractions before the tick */
  u1: number[][];
  before: Float32Array[];
}

/**
 * Drives an EWA population for T ticks the way the engine does (beforeTick(t), then the kernel
 * with the tick-t choice key), with the payoff vector of each tick set before it. Each agent is
 * stepped on its own with a fresh tally to read off its choice; a parallel copy stepped as one
 * slice must end bit-identical.
 */
function drive(rule: RuleSpec, n: number, K: number, T: number, seed: number): { trace: Trace; s: TestSlice } {
  const s = makeSlice(rule, n, K);
  const whole = makeSlice(rule, n, K);
  const trace: Trace = { chosen: [], after: [], slots: [], u1: [], before: [] };
  for (let t = 0; t < T; t++) {
    beforeTick(s.params, 0, t);
    beforeTick(whole.params, 0, t);
    const R = payoffs(t, K);
    for (let j = 0; j < K; j++) { s.rewards[j] = R[j]; whole.rewards[j] = R[j]; }
    trace.slots.push([s.params[EWA_NPREV], s.params[EWA_NNEW]]);
    trace.before.push(Float32Array.from(s.state));
    const key = tickKey(seed, t, Stream.choice);
    trace.u1.push(Array.from({ length: n }, (_, i) => u01(agentHash(key, i))));
    const ch: number[] = [];
    for (let i = 0; i < n; i++) {
      s.tally.fill(0);
      stepEwa(s.v, s.p, i, i + 1, key, 0, 0);
      ch.push(s.tally.indexOf(1));
    }
    whole.tally.fill(0);
    stepEwa(whole.v, whole.p, 0, n, key, 0, 0);
    trace.chosen.push(ch);
    trace.after.push(Float32Array.from(s.state));
  }
  expect(Array.from(whole.state)).toEqual(Array.from(s.state));
  return { trace, s };
}

/** Max |A - oracle| / bound over all ticks, agents and actions, where the bound accumulates one
 *  float32 rounding (2^-24 relative) of every stored attraction, doubled for safety. */
function worstRatio(after: Float32Array[], oracle: number[][][], n: number, K: number): number {
  let worst = 0;
  const bound = new Float64Array(n * K);
  for (let t = 0; t < after.length; t++) {
    for (let i = 0; i < n; i++) for (let j = 0; j < K; j++) {
      const o = oracle[t][i][j];
      bound[i * K + j] += 2 ** -24 * Math.max(Math.abs(o), 1e-6);
      worst = Math.max(worst, Math.abs(after[t][i * K + j] - o) / (2 * bound[i * K + j]));
    }
  }
  return worst;
}

describe('EWA special cases against direct computation (time-varying payoffs)', () => {
  const n = 40, K = 3, T = 60;

  it('delta = 0, rho = 0, phi = 1, N0 = 1 is cumulative reinforcement: A_j(t) = A_j(0) + sum of j\'s payoffs on the ticks j was chosen', () => {
    const A0 = [0.5, 0, -0.5];
    const { trace } = drive({ kind: 'ewa', phi: 1, delta: 0, rho: 0, lambda: 0.7, n0: 1, initial: A0 }, n, K, T, 1234);
    const cur = Array.from({ length: n }, () => [...A0]);
    const oracle: number[][][] = [];
    const seen = new Set<number>();
    let badChoice = 0;
    for (let t = 0; t < T; t++) {
      const R = payoffs(t, K);
      for (let i = 0; i < n; i++) {
        const a = trace.chosen[t][i];
        seen.add(a);
        cur[i][a] += R[a];
        // The choice is the logit interval of the agent's first draw, with the attractions
        // before the tick and lambda = 0.7.
        const p = logitProbabilities(trace.before[t].subarray(i * K, i * K + K), 0.7);
        let lo = 0;
        for (let k = 0; k < a; k++) lo += p[k];
        const u = trace.u1[t][i];
        if (!(u >= lo - 1e-12 && u < lo + p[a] + 1e-12)) badChoice++;
      }
      oracle.push(cur.map((v) => [...v]));
    }
    const worst = worstRatio(trace.after, oracle, n, K);
    note('EWA cumulative reinforcement: worst |A - oracle| / float32 bound', worst, 'N slots', trace.slots.slice(0, 3));
    expect(seen.size).toBe(K);
    expect(badChoice).toBe(0);
    expect(worst).toBeLessThanOrEqual(1);
    for (const [np, nn] of trace.slots) { expect(np).toBe(1); expect(nn).toBe(1); }
  });

  // Regression: beforeTick once skipped tick 0, so the first update divided by N(0) instead of
  // N(1) = rho N(0) + 1 and every later tick used the experience weights one step late.
  it('delta = 1, rho = phi is weighted fictitious play: A_j(t) = (phi^t N0 A_j(0) + sum_s phi^(t-s) pi_j(s)) / (phi^t N0 + sum_s phi^(t-s))', () => {
    const phi = 0.8, N0 = 2, A0 = [1, 0, -1];
    const { trace } = drive({ kind: 'ewa', phi, delta: 1, rho: phi, lambda: 1.5, n0: N0, initial: A0 }, n, K, T, 99);
    const oracle: number[][][] = [];
    const num = [...A0].map((x) => N0 * x);
    let den = N0;
    for (let t = 0; t < T; t++) {
      const R = payoffs(t, K);
      for (let j = 0; j < K; j++) num[j] = phi * num[j] + R[j];
      den = phi * den + 1;
      const A = num.map((x) => x / den);
      oracle.push(Array.from({ length: n }, () => A));
    }
    const worst = worstRatio(trace.after, oracle, n, K);
    note('EWA weighted FP: tick 0 agent 0', Array.from(trace.after[0].subarray(0, K)), 'oracle', oracle[0][0], '| worst ratio', worst);
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('the experience weights read during tick t are N(t) and N(t+1), N(t+1) = rho N(t) + 1', () => {
    const rho = 0.5, N0 = 3;
    const { trace } = drive({ kind: 'ewa', phi: 0.9, delta: 0.5, rho, lambda: 1, n0: N0, initial: 0 }, 2, 2, 5, 1);
    let N = N0;
    const expected: [number, number][] = [];
    for (let t = 0; t < 5; t++) { expected.push([N, rho * N + 1]); N = rho * N + 1; }
    note('EWA N slots per tick: found', trace.slots, 'expected', expected);
    expect(trace.slots).toEqual(expected); // found [[3, 3], [3, 2.5], [2.5, 2.25], ...]
  });

  it('N0 = 0 (allowed by the schema) gives finite attractions', () => {
    const { s } = drive({ kind: 'ewa', phi: 0.9, delta: 0.5, rho: 0.9, lambda: 1, n0: 0, initial: 0 }, 3, 2, 3, 5);
    expect(Array.from(s.state).every(Number.isFinite)).toBe(true);
  });

  it('general EWA: the kernel applies A_j <- (phi N_prev A_j + (delta + (1 - delta)[j = a]) pi_j) / N_new with the N slots it is given', () => {
    // This isolates the kernel from the N bookkeeping above: whatever (N_prev, N_new) the
    // parameter slots hold during a tick, the update is the Camerer–Ho formula with them.
    const phi = 0.9, delta = 0.4, rho = 0.7, lambda = 1.2, A0 = [0.2, -0.1, 0.4];
    const { trace } = drive({ kind: 'ewa', phi, delta, rho, lambda, n0: 1.5, initial: A0 }, n, K, T, 4321);
    const cur = Array.from({ length: n }, () => [...A0]);
    const oracle: number[][][] = [];
    for (let t = 0; t < T; t++) {
      const R = payoffs(t, K);
      const [np, nn] = trace.slots[t];
      for (let i = 0; i < n; i++) {
        const a = trace.chosen[t][i];
        // Propagate from the stored float32 state so the comparison is one step at a time.
        for (let j = 0; j < K; j++) {
          const prev = trace.before[t][i * K + j];
          cur[i][j] = (phi * np * prev + (j === a ? 1 : delta) * R[j]) / nn;
        }
      }
      oracle.push(cur.map((v) => [...v]));
    }
    let worst = 0;
    for (let t = 0; t < T; t++) for (let i = 0; i < n; i++) for (let j = 0; j < K; j++) {
      const o = oracle[t][i][j];
      worst = Math.max(worst, Math.abs(trace.after[t][i * K + j] - o) / Math.max(Math.abs(o), 1e-3));
    }
    note('EWA general one-step: worst relative error', worst);
    expect(worst).toBeLessThan(2 ** -23);
  });
});
