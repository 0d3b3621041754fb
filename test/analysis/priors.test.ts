import { describe, expect, it } from 'vitest';
import { checkPriors, priorCdf, priorDensity, priorQuantile, type Prior, type PriorDist } from '../../src/analysis/index.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('priors: density, CDF and quantile', () => {
  it('match scipy.stats (truncnorm, beta with loc/scale, loguniform)', () => {
    // (dist, u, ppf(u), x, pdf(x), cdf(x)) from scipy 1.17.
    const cases: [PriorDist, number, number, number, number, number][] = [
      [{ kind: 'normal', mean: 1, sd: 2, lower: 0 }, 0.3, 1.0801145958310536, 0.5, 0.27960166925794994, 0.13414486076393356],
      // far in the upper tail: N(0, 1) truncated to [8, 9]
      [{ kind: 'normal', mean: 0, sd: 1, lower: 8, upper: 9 }, 0.5, 8.08488889901817, 8.1, 3.6316244687755597, 0.5583754014201198],
      [{ kind: 'beta', a: 2, b: 3, lower: 2, upper: 5 }, 0.7, 3.525214264617753, 3, 0.5925925925925928, 0.40740740740740744],
      [{ kind: 'loguniform', lower: 0.01, upper: 10 }, 0.25, 0.05623413251903493, 0.5, 0.2895296546021679, 0.5663233347786729],
    ];
    for (const [dist, u, q, x, pdf, cdf] of cases) {
      expect(rel(priorQuantile(dist, u), q)).toBeLessThan(1e-10);
      expect(rel(priorDensity(dist, x), pdf)).toBeLessThan(1e-10);
      expect(rel(priorCdf(dist, x), cdf)).toBeLessThan(1e-10);
    }
  });

  it('quantile inverts the CDF and the density integrates to the CDF', () => {
    const dists: PriorDist[] = [
      { kind: 'uniform', lower: -2, upper: 3 },
      { kind: 'normal', mean: 0.3, sd: 0.1 },
      { kind: 'normal', mean: 0, sd: 1, lower: -1, upper: 0.5 },
      { kind: 'loguniform', lower: 1e-3, upper: 1e2 },
      { kind: 'beta', a: 0.7, b: 2.5 },
    ];
    for (const dist of dists) {
      for (const u of [1e-6, 0.05, 0.5, 0.93, 1 - 1e-6]) {
        expect(Math.abs(priorCdf(dist, priorQuantile(dist, u)) - u)).toBeLessThan(1e-11);
      }
      // Simpson's rule between the 10% and 90% quantiles (smooth there): error ≪ 1e-6.
      // The log-uniform is integrated over s = ln x (density π(eˢ)·eˢ, constant).
      const log = dist.kind === 'loguniform';
      const f = (s: number) => (log ? priorDensity(dist, Math.exp(s)) * Math.exp(s) : priorDensity(dist, s));
      const a = log ? Math.log(priorQuantile(dist, 0.1)) : priorQuantile(dist, 0.1);
      const b = log ? Math.log(priorQuantile(dist, 0.9)) : priorQuantile(dist, 0.9);
      const m = 2000;
      const h = (b - a) / m;
      let s = f(a) + f(b);
      for (let i = 1; i < m; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
      expect(Math.abs((s * h) / 3 - 0.8)).toBeLessThan(1e-6);
    }
  });

  it('is zero outside the support', () => {
    expect(priorDensity({ kind: 'uniform', lower: 0, upper: 1 }, 1.01)).toBe(0);
    expect(priorDensity({ kind: 'normal', mean: 0, sd: 1, lower: 0 }, -0.1)).toBe(0);
    expect(priorDensity({ kind: 'beta', a: 2, b: 2 }, -0.5)).toBe(0);
    expect(priorCdf({ kind: 'loguniform', lower: 1, upper: 10 }, 0.5)).toBe(0);
  });

  it('rejects malformed priors naming the prior and the field', () => {
    const bad = (dist: unknown) => () => checkPriors([{ name: 'x', dist } as Prior]);
    expect(bad({ kind: 'uniform', lower: 1, upper: 0 })).toThrow('priors[0] (x).dist.upper: expected a number above lower = 1, found 0');
    expect(bad({ kind: 'normal', mean: 0, sd: -1 })).toThrow('priors[0] (x).dist.sd: expected a positive finite number, found -1');
    expect(bad({ kind: 'loguniform', lower: 0, upper: 1 })).toThrow('priors[0] (x).dist.lower: expected a positive number, found 0');
    expect(bad({ kind: 'beta', a: 0, b: 1 })).toThrow('priors[0] (x).dist.a: expected a positive shape, found 0');
    expect(bad({ kind: 'normal', mean: 0, sd: 1, lower: 50, upper: 60 })).toThrow('bounds holding some normal mass');
    expect(bad({ kind: 'gamma' })).toThrow("priors[0] (x).dist.kind: expected 'uniform', 'normal', 'loguniform' or 'beta', found gamma");
    expect(() => checkPriors([])).toThrow('priors: expected at least one prior, found none');
  });
});
