import { describe, expect, it } from 'vitest';
import { initialVector, stepSlice } from '../../src/learning/rules.js';
import { Stream, tickKey } from '../../src/random/rng.js';
import { ALPHA, chiSquarePValue, makeSlice, note, setPayoffs } from './helpers.js';

describe('a fixed mixed strategy (null model (a)): constant probabilities, no learning', () => {
  // 3 actions with weights 1 : 2 : 1 → probabilities 1/4, 1/2, 1/4, whatever the payoffs
  const n = 5000, T = 40, seed = 7;
  const s = makeSlice({ kind: 'fixed', probabilities: [1, 2, 1] }, n, 3);
  setPayoffs(s, [5, 0, 1]); // payoffs a learner would chase: a fixed strategy ignores them
  const before = Float32Array.from(s.state);
  const counts = new Float64Array(3);
  const perTick: number[] = [];
  for (let t = 0; t < T; t++) {
    s.tally.fill(0);
    stepSlice(s.v, s.p, 0, n, tickKey(seed, t, Stream.choice), 0, t);
    for (let a = 0; a < 3; a++) counts[a] += s.tally[a]!;
    perTick.push(s.tally[0]! / n);
  }

  it('normalises its weights once and never changes its state', () => {
    expect(Array.from(initialVector({ kind: 'fixed', probabilities: [1, 2, 1] }, 3))).toEqual([0.25, 0.5, 0.25]);
    expect(Array.from(s.state)).toEqual(Array.from(before));
  });

  it('chooses with the fixed probabilities (chi-square over n × T draws)', () => {
    const r = chiSquarePValue(counts, [0.25, 0.5, 0.25]);
    note('fixed chi2', r.stat, 'p', r.p);
    expect(r.p).toBeGreaterThan(ALPHA);
  });

  it('does not drift toward the paying action: the first and last ten ticks agree', () => {
    // the share of action 0 (payoff 5) per tick has sd sqrt(3/16 / 5000) = 0.0061; the mean of ten
    // ticks has sd 0.0019, the difference of two such means 0.0027; 4.417 sd = 0.012
    const head = perTick.slice(0, 10).reduce((a, b) => a + b, 0) / 10, tail = perTick.slice(-10).reduce((a, b) => a + b, 0) / 10;
    expect(Math.abs(tail - head)).toBeLessThan(4.417 * Math.sqrt((2 * (3 / 16)) / (10 * n)));
  });

  it('refuses weights that do not fit the actions', () => {
    expect(() => initialVector({ kind: 'fixed', probabilities: [1, 2] }, 3, 'populations.x.rule.initial')).toThrow('populations.x.rule.probabilities: expected 3 values (one per action), found 2');
    expect(() => initialVector({ kind: 'fixed', probabilities: [0, 0, 0] }, 3, 'populations.x.rule.initial')).toThrow('expected weights with a positive finite sum');
  });
});
