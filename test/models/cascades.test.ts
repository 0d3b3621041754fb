/**
 * Oracles of the threshold rule and the networks, through the model seam (the `cascades` model):
 *
 * Watts (2002), "A simple model of global cascades on random networks", PNAS 99:5766. With
 * homogeneous thresholds φ = 0.18 on Erdős–Rényi graphs, an agent of degree k is vulnerable
 * (one active neighbour tips it) when 1/k ≥ φ, i.e. k ≤ 5. Global cascades from one seed occur
 * when the vulnerable agents percolate: Σ_{k≤5} k(k−1) p_k > z with p_k Poisson(z), which holds
 * for 1.02 < z < 5.75 (computed below). Inside the window a single seed sets off a global cascade
 * in most runs; below it (no giant component) and above it (too few vulnerable agents) almost never.
 *
 * Granovetter (1978), "Threshold models of collective behavior", AJS 83:1420. In a complete crowd
 * the active share follows r(t+1) = F(r(t)), with F the thresholds' distribution function, from
 * r = 0: it settles at the smallest fixed point of r = F(r). With normal thresholds of mean 0.25
 * the low fixed point vanishes at σ ≈ 0.1225 (Granovetter's 12.2 of 100): just below, a few per
 * cent riot; just above, everyone does.
 */
import { describe, expect, it } from 'vitest';
import { runInline } from '../helpers.js';
import { scenarioFrom } from '../../src/scenarios/load.js';

const poisson = (z: number, k: number) => { let p = Math.exp(-z); for (let i = 1; i <= k; i++) p *= z / i; return p; };
/** Watts's cascade condition for φ = 0.18: Σ_{k≤5} k(k−1) p_k − z (positive inside the window). */
const condition = (z: number) => { let s = 0; for (let k = 2; k <= 5; k++) s += k * (k - 1) * poisson(z, k); return s - z; };

function globalShare(z: number, runs: number, n: number): number {
  let global = 0;
  for (let seed = 1; seed <= runs; seed++) {
    const r = runInline(scenarioFrom({
      model: 'cascades', agents: n, ticks: 80, seed,
      populations: { agents: { network: { kind: 'erdos-renyi', meanDegree: z } } },
    }));
    if (r.outcome.kind === 'global') global++;
  }
  return global / runs;
}

describe('Watts (2002): the cascade window, φ = 0.18, one seed, Erdős–Rényi graphs', () => {
  it('the analytic window is (1.02, 5.75)', () => {
    expect(condition(1.0)).toBeLessThan(0);
    expect(condition(1.05)).toBeGreaterThan(0);
    expect(condition(5.7)).toBeGreaterThan(0);
    expect(condition(5.8)).toBeLessThan(0);
  });

  // 100 runs of 2000 agents per mean degree. Inside the window the share of global cascades is
  // the chance that the seed reaches the vulnerable cluster (about 0.9 at z = 3); asserting ≥ 0.5
  // fails for a correct engine with probability below 1e-20 (binomial tail). Outside, a global
  // cascade needs a percolating vulnerable cluster that does not exist; asserting ≤ 0.03 of 100
  // allows three finite-size flukes.
  const R = 100, N = 2000;
  it('global cascades in most runs inside the window (z = 3 and z = 4)', () => {
    const s3 = globalShare(3, R, N), s4 = globalShare(4, R, N);
    console.log(`global cascades: z = 3: ${s3}, z = 4: ${s4}`);
    expect(s3).toBeGreaterThanOrEqual(0.5);
    expect(s4).toBeGreaterThanOrEqual(0.5);
  });

  it('almost none below it (z = 0.5) or above it (z = 8)', () => {
    const below = globalShare(0.5, R, N), above = globalShare(8, R, N);
    console.log(`global cascades: z = 0.5: ${below}, z = 8: ${above}`);
    expect(below).toBeLessThanOrEqual(0.03);
    expect(above).toBeLessThanOrEqual(0.03);
  });
});

describe('Granovetter (1978): a complete crowd settles at the fixed point of r = F(r)', () => {
  const Phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
  function erf(x: number): number { // Abramowitz & Stegun 7.1.26 is too coarse here: use a series / continued fraction
    const t = Math.abs(x);
    let s = 0, term = t, n = 0;
    if (t < 3) { while (Math.abs(term) > 1e-17) { s += term / (2 * n + 1); n++; term *= -(t * t) / n; } s *= 2 / Math.sqrt(Math.PI); }
    else { let f = 0; for (let k = 60; k >= 1; k--) f = (k / 2) / (t + f); s = 1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + f); }
    return x < 0 ? -s : s;
  }
  /** the smallest fixed point of r = F(r) reached from r = 0, F the normal(0.25, σ) CDF */
  const fixedPoint = (sigma: number) => { let r = 0; for (let i = 0; i < 100_000; i++) { const nx = Phi((r - 0.25) / sigma); if (Math.abs(nx - r) < 1e-14) break; r = nx; } return r; };
  const crowd = (sigma: number, seed: number) => runInline(scenarioFrom({
    model: 'cascades', agents: 20_000, ticks: 120, seed,
    populations: { agents: { network: { kind: 'complete' }, rule: { kind: 'threshold', threshold: { kind: 'normal', mean: 0.25, sd: sigma, min: -1, max: 2 }, seeds: { count: 0 } } } },
  })).outputs.active as number;

  it('the fixed point from the normal CDF (the oracle) jumps at σ ≈ 0.1225', () => {
    expect(fixedPoint(0.122)).toBeLessThan(0.06);
    expect(fixedPoint(0.123)).toBeGreaterThan(0.99);
  });

  // The realised thresholds' empirical F_N differs from F by about sqrt(F(1 − F)/N), 0.001 at
  // N = 20,000 and r ≈ 0.02; near the fixed point the map's slope (≤ 0.4 here) amplifies it by
  // 1/(1 − slope) < 1.7. The tolerance 0.006 is more than 3.5 such errors.
  for (const sigma of [0.10, 0.11, 0.14]) {
    it(`σ = ${sigma}: the final active share is the fixed point ${fixedPoint(sigma).toFixed(4)}`, () => {
      for (const seed of [1, 2, 3]) expect(Math.abs(crowd(sigma, seed) - fixedPoint(sigma))).toBeLessThan(0.006);
    });
  }

  it('the collapse point: below σ* a few riot, above it everyone does', () => {
    expect(crowd(0.115, 4)).toBeLessThan(0.05);
    expect(crowd(0.13, 4)).toBeGreaterThan(0.99);
  });
});
