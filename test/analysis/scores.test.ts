import { describe, expect, it } from 'vitest';
import { brierDecomposition, brierScore, brierSkillScore, logScore } from '../../src/analysis/index.js';
import { CounterStream, Stream } from '../../src/random/rng.js';

describe('Brier score and its Murphy decomposition', () => {
  it("one bin per forecast value (Murphy's original): hand-computed", () => {
    const p = [0.1, 0.1, 0.5, 0.5, 0.9, 0.9];
    const o = [0, 1, 0, 1, 1, 1];
    // BS = (0.01 + 0.81 + 0.25 + 0.25 + 0.01 + 0.01)/6; ō = 2/3, UNC = 2/9;
    // REL = (2·0.4² + 0 + 2·0.1²)/6; RES = (2·(1/6)² + 2·(1/6)² + 2·(1/3)²)/6 = 1/18.
    const dec = brierDecomposition(p, o, 'unique');
    expect(brierScore(p, o)).toBeCloseTo(1.34 / 6, 15);
    expect(dec.brier).toBeCloseTo(1.34 / 6, 15);
    expect(dec.uncertainty).toBeCloseTo(2 / 9, 15);
    expect(dec.reliability).toBeCloseTo(0.34 / 6, 15);
    expect(dec.resolution).toBeCloseTo(1 / 18, 15);
    expect(dec.withinBinVariance).toBe(0);
    expect(dec.withinBinCovariance).toBe(0);
    expect(dec.bins.map((b) => [b.lower, b.count, b.observedFrequency])).toEqual([[0.1, 2, 0.5], [0.5, 2, 0.5], [0.9, 2, 1]]);
  });

  it('equal-width bins: the two within-bin terms of Stephenson et al. (2008), hand-computed', () => {
    const p = [0.1, 0.3, 0.6, 0.8];
    const o = [0, 1, 1, 1];
    // bins [0, .5) and [.5, 1]: p̄ = .2, .7; ō_k = .5, 1; ō = .75.
    // BS = 0.7/4; REL = 0.36/4; RES = 0.25/4; UNC = 0.1875; WBV = 0.04/4;
    // WBC = (2/4)((0−.5)(−.1) + (1−.5)(.1)) = 0.05.
    const dec = brierDecomposition(p, o, 2);
    expect(dec.brier).toBeCloseTo(0.175, 15);
    expect(dec.reliability).toBeCloseTo(0.09, 15);
    expect(dec.resolution).toBeCloseTo(0.0625, 15);
    expect(dec.uncertainty).toBeCloseTo(0.1875, 15);
    expect(dec.withinBinVariance).toBeCloseTo(0.01, 15);
    expect(dec.withinBinCovariance).toBeCloseTo(0.05, 15);
    expect(dec.bins.map((b) => [b.lower, b.upper, b.count])).toEqual([[0, 0.5, 2], [0.5, 1, 2]]);
    expect(dec.bins[0]!.meanForecast).toBeCloseTo(0.2, 15);
    expect(dec.bins[1]!.meanForecast).toBeCloseTo(0.7, 15);
  });

  it('BS = REL − RES + UNC + WBV − WBC holds exactly on random forecasts', () => {
    const rng = new CounterStream(11, Stream.test, 0);
    const p = Array.from({ length: 500 }, () => rng.next());
    const o = p.map((x) => (rng.next() < x * x ? 1 : 0));
    for (const bins of [1, 5, 10, 37, 'unique'] as const) {
      const d = brierDecomposition(p, o, bins);
      expect(d.reliability - d.resolution + d.uncertainty + d.withinBinVariance - d.withinBinCovariance).toBeCloseTo(d.brier, 13);
    }
  });

  it('skill score against climatology, log score by hand', () => {
    const p = [0.1, 0.3, 0.6, 0.8];
    const o = [0, 1, 1, 1];
    // reference 0.75: BS_ref = (0.75² + 3·0.25²)/4 = 0.1875 (= UNC); BSS = 1 − 0.175/0.1875.
    expect(brierSkillScore(p, o, 0.75)).toBeCloseTo(1 - 0.175 / 0.1875, 15);
    expect(brierSkillScore(p, o, [0.1, 0.3, 0.6, 0.8])).toBe(0);
    expect(brierSkillScore(o, o, 0.5)).toBe(1);
    expect(logScore(p, o)).toBeCloseTo(-(Math.log(0.9) + Math.log(0.3) + Math.log(0.6) + Math.log(0.8)) / 4, 15);
    expect(logScore([1, 0], [0, 0])).toBe(Infinity);
    expect(logScore([1, 0], [true, false])).toBe(0);
  });

  it('rejects probabilities outside [0, 1] and non-binary outcomes', () => {
    expect(() => brierScore([0.2, 1.2], [0, 1])).toThrow('forecasts[1]: expected a probability in [0, 1], found 1.2');
    expect(() => brierScore([0.2, 0.5], [0, 2])).toThrow('outcomes[1]: expected 0/1 or false/true, found 2');
    expect(() => brierScore([0.2], [0, 1])).toThrow('outcomes: expected 1 entries (one per forecast), found 2');
    expect(() => brierDecomposition([0.2], [0], 0)).toThrow("bins: expected a positive integer or 'unique', found 0");
  });
});
