/**
 * Null model (b): events as Poisson processes. Oracles: the count of each kind over many runs
 * is Poisson with mean λ·ticks per run (mean and variance within 4 standard errors), details are
 * drawn from the given list in proportion to their multiplicity, and a history is a pure function
 * of its inputs.
 */
import { describe, expect, it } from 'vitest';
import { poissonHistory, type EventRate } from '../../src/study/nulls.js';

const RATES: EventRate[] = [
  { kind: 'offer', rate: 0.05, details: ['{"a":1}', '{"a":1}', '{"a":2}'], actor: 'us' },
  { kind: 'breakout', rate: 0.002, details: [null], actor: 'iran' },
  { kind: 'never', rate: 0, details: [], actor: 'x' },
];

describe('the Poisson null', () => {
  it('gives each kind a Poisson count with mean rate × ticks per run, details by their multiplicity', () => {
    const runs = 2000, ticks = 200;
    const counts = RATES.map(() => new Float64Array(runs));
    let a2 = 0, offers = 0;
    for (let i = 0; i < runs; i++) {
      const h = poissonHistory(RATES, i, ticks, 11);
      for (let k = 1; k < h.length; k++) expect(h[k]!.tick).toBeGreaterThanOrEqual(h[k - 1]!.tick);
      for (const e of h) {
        expect(e.tick >= 0 && e.tick < ticks).toBe(true);
        const k = RATES.findIndex((r) => r.kind === e.kind);
        counts[k]![i]!++;
        if (e.kind === 'offer') { offers++; if (e.detail === '{"a":2}') a2++; }
        expect(e.actor).toBe(RATES[k]!.actor);
      }
    }
    RATES.forEach((r, k) => {
      const m = r.rate * ticks;
      const c = counts[k]!;
      const mean = c.reduce((s, x) => s + x, 0) / runs;
      const v = c.reduce((s, x) => s + (x - mean) ** 2, 0) / (runs - 1);
      if (m === 0) { expect(mean).toBe(0); return; }
      expect(Math.abs(mean - m)).toBeLessThan(4 * Math.sqrt(m / runs));
      // the variance of a Poisson count equals its mean; its sampling sd is about m·√(2/runs) (+ m/runs)
      expect(Math.abs(v - m)).toBeLessThan(4 * Math.sqrt((2 * m * m + m) / runs));
    });
    const share = a2 / offers;
    expect(Math.abs(share - 1 / 3)).toBeLessThan(4 * Math.sqrt((1 / 3) * (2 / 3) / offers));
  });

  it('is a pure function of (rates, run, ticks, seed)', () => {
    expect(poissonHistory(RATES, 5, 300, 3)).toEqual(poissonHistory(RATES, 5, 300, 3));
    expect(poissonHistory(RATES, 5, 300, 3)).not.toEqual(poissonHistory(RATES, 6, 300, 3));
    expect(poissonHistory(RATES, 5, 300, 3)).not.toEqual(poissonHistory(RATES, 5, 300, 4));
  });
});
