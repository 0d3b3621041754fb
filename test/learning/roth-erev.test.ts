import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { rothErevUpdate, stepRothErev } from '../../src/learning/roth-erev.js';
import { modifiedRothErevUpdate, stepModifiedRothErev } from '../../src/learning/modified-roth-erev.js';
import { stepSlice } from '../../src/learning/rules.js';
import { agentHash, nextHash, Stream, tickKey, u01 } from '../../src/random/rng.js';
import { ALPHA, chiSquarePValue, kolmogorovSf, ksStatistic, makeSlice, mean, note, setPayoffs, variance, Z_ALPHA } from './helpers.js';
import type { TestSlice } from './helpers.js';

/** Runs ticks [t0, t1) of a one-population slice through the rule dispatch, as the engine does. */
function run(s: TestSlice, n: number, _K: number, seed: number, t0: number, t1: number, each?: (t: number) => void): void {
  for (let t = t0; t < t1; t++) {
    stepSlice(s.v, s.p, 0, n, tickKey(seed, t, Stream.choice), 0, 0);
    each?.(t);
  }
}

/** Steps agent i alone for one tick and returns the action it chose (read off a fresh tally). */
function stepOne(step: typeof stepRothErev, s: TestSlice, _K: number, i: number, key: number): number {
  s.tally.fill(0);
  step(s.v, s.p, i, i + 1, key, 0, 0);
  return s.tally.indexOf(1);
}

describe('basic Roth–Erev (phi = 0, epsilon = 0) is a Pólya urn', () => {
  // Two actions both paying 1 with initial propensities (1, 3): each tick the chosen action's
  // propensity grows by 1, i.e. a Pólya urn with one white and three black balls. The share of
  // action 1 (index 0) after T ticks is (1 + X) / (4 + T) with X ~ BetaBinomial(T, 1, 3), so
  //   E[share_T]   = 1/4 exactly (the share is a martingale),
  //   Var[share_T] = 3T / (80 (T + 4))  -> 3/80 = 0.0375, the variance of Beta(1, 3),
  // and share_T -> Beta(1, 3) in distribution (CDF 1 - (1 - x)^3). Every agent draws from its own
  // counter key (seed, tick, agent), so the n agents are n independent urns.
  const n = 4000, T = 2000, seed = 101;
  const s = makeSlice({ kind: 'roth-erev', phi: 0, epsilon: 0, initial: [1, 3] }, n, 2);
  setPayoffs(s, [1, 1]);
  const counts = new Float64Array(2);
  run(s, n, 2, seed, 0, T, () => { counts[0] += s.tally[0]; counts[1] += s.tally[1]; s.tally.fill(0); });
  const share = Array.from({ length: n }, (_, i) => s.state[2 * i] / (s.state[2 * i] + s.state[2 * i + 1]));

  it('propensities count the draws exactly (integers, total 4 + T per urn)', () => {
    let bad = 0;
    for (let i = 0; i < n; i++) {
      const q0 = s.state[2 * i], q1 = s.state[2 * i + 1];
      if (!Number.isInteger(q0) || !Number.isInteger(q1) || q0 + q1 !== 4 + T || q0 < 1 || q1 < 3) bad++;
    }
    expect(bad).toBe(0);
    // The tally is the number of draws of each colour over all urns.
    let white = 0;
    for (let i = 0; i < n; i++) white += s.state[2 * i] - 1;
    expect(counts[0]).toBe(white);
    expect(counts[0] + counts[1]).toBe(n * T);
  });

  it('the share of action 1 has mean 1/4 and variance 3T/(80(T+4)) ≈ 0.0375', () => {
    const m = mean(share), v = variance(share);
    const varTrue = (3 * T) / (80 * (T + 4));
    // Mean: sd of the sample mean is sqrt(Var/n) = sqrt(0.0375/4000) = 0.0031, so the bound
    // Z_ALPHA * 0.0031 = 0.0135 is exceeded with probability 1e-5 by a correct urn.
    const tolMean = Z_ALPHA * Math.sqrt(varTrue / n);
    // Variance: sd of the sample variance is sqrt((mu4 - sigma^4)/n). For Beta(1, 3) the excess
    // kurtosis is 6[(a-b)^2(a+b+1) - ab(a+b+2)] / [ab(a+b+2)(a+b+3)] = 12/126, so
    // mu4 = sigma^4 (3 + 12/126) and the sd is 8.6e-4; tolerance Z_ALPHA * 8.6e-4 = 0.0038.
    const mu4 = varTrue ** 2 * (3 + 12 / 126);
    const tolVar = Z_ALPHA * Math.sqrt((mu4 - varTrue ** 2) / n);
    note('polya mean', m, 'expected 0.25 tol', tolMean, '| variance', v, 'expected', varTrue, 'tol', tolVar);
    expect(Math.abs(m - 0.25)).toBeLessThan(tolMean);
    expect(Math.abs(v - varTrue)).toBeLessThan(tolVar);
  });

  it('the share is Beta(1, 3)-distributed (Kolmogorov–Smirnov)', () => {
    // Asymptotic KS: P(sqrt(n) D > 2.47) = 1e-5, i.e. D < 0.039 for n = 4000. The finite-T
    // distribution lives on a lattice of step 1/(T+4) = 5e-4 and differs from Beta(1,3) by
    // O(1/T) in CDF (at most ~ density 3 x step = 1.5e-3), far below the bound.
    const d = ksStatistic(share, (x) => 1 - (1 - x) ** 3);
    const p = kolmogorovSf(Math.sqrt(n) * d);
    note('polya KS D', d, 'p', p);
    expect(p).toBeGreaterThan(ALPHA);
  });
});

describe('Erev–Roth with epsilon = (M-1)/M keeps choice uniform forever', () => {
  // With K = M actions and epsilon = (M-1)/M, the chosen action keeps r(1 - eps) = r/M and each
  // other action receives r eps/(M-1) = r/M: every propensity gets the same increment every tick,
  // so equal initial propensities stay equal (up to float32 rounding; in fact exactly, since the
  // chosen component's correction r*keep - r*spill is ~1e-17 r) and choice stays uniform.
  for (const M of [2, 3, 4]) {
    it(`M = ${M}`, () => {
      const n = 500, T = 300, K = M;
      const s = makeSlice({ kind: 'roth-erev', phi: 0.05, epsilon: (M - 1) / M, initial: 1 }, n, K, 0.8);
      setPayoffs(s, Array.from({ length: K }, (_, k) => 1 + k)); // unequal payoffs, plus noise
      const counts = new Float64Array(K);
      let spread = 0;
      run(s, n, K, 200 + M, 0, T, () => {
        for (let k = 0; k < K; k++) counts[k] += s.tally[k];
        s.tally.fill(0);
        for (let i = 0; i < n; i++) {
          let lo = Infinity, hi = -Infinity;
          for (let k = 0; k < K; k++) { lo = Math.min(lo, s.state[i * K + k]); hi = Math.max(hi, s.state[i * K + k]); }
          spread = Math.max(spread, (hi - lo) / hi);
        }
      });
      note(`eps=(M-1)/M, M=${M}: max relative propensity spread`, spread, 'counts', Array.from(counts));
      // Float32 rounding bound: one ulp relative, 2^-23.
      expect(spread).toBeLessThanOrEqual(2 ** -23);
      // Choice is uniform on every tick, so the n*T choices are uniform multinomial:
      // chi-square with M - 1 df, p > 1e-5.
      expect(chiSquarePValue(counts, new Array(K).fill(1 / K)).p).toBeGreaterThan(ALPHA);
    });
  }
});

describe('Erev–Roth with forgetting and experimentation: mean-field fixed point', () => {
  // Two deterministic arms paying (2, 1), epsilon = 0.2, phi = 0.01, K = 2. With p = q1/(q1+q2)
  // the probability of arm 1, the expected one-tick change is
  //   E[dq1] = -phi q1 + 2 (1-eps) p + 1 eps (1-p)       = -phi q1 + 1.6 p + 0.2 (1-p)
  //   E[dq2] = -phi q2 + 2 eps p     + 1 (1-eps) (1-p)   = -phi q2 + 0.4 p + 0.8 (1-p)
  // At the mean-field fixed point q1 = (1.4p + 0.2)/phi and q2 = (0.8 - 0.4p)/phi, so
  // q1 + q2 = (1 + p)/phi and p = q1/(q1+q2) = (1.4p + 0.2)/(1 + p), i.e.
  //   p^2 - 0.4 p - 0.2 = 0,   p* = 0.2 + sqrt(0.24) = 0.68990.
  // Exact stationary identities (linear in p, so no mean-field approximation):
  //   E[q1 + q2] = (1 + E[P])/phi,   E[q1] = (0.2 + 1.4 E[P])/phi,   P = q1/(q1+q2).
  const pStar = 0.2 + Math.sqrt(0.24);
  const n = 2000, burnIn = 1000, T = 2000, every = 10, phi = 0.01;
  const s = makeSlice({ kind: 'roth-erev', phi, epsilon: 0.2, initial: 1 }, n, 2);
  setPayoffs(s, [2, 1]);
  const sampleP: number[] = [], sampleQ1: number[] = [], sampleS: number[] = [];
  const perAgentP = new Float64Array(n);
  let snapshots = 0;
  run(s, n, 2, 303, 0, T, (t) => {
    if (t < burnIn || (t - burnIn) % every !== 0) return;
    let mp = 0, mq = 0, ms = 0;
    for (let i = 0; i < n; i++) {
      const q1 = s.state[2 * i], q2 = s.state[2 * i + 1], p = q1 / (q1 + q2);
      mp += p; mq += q1; ms += q1 + q2;
      perAgentP[i] += p;
    }
    sampleP.push(mp / n); sampleQ1.push(mq / n); sampleS.push(ms / n);
    snapshots++;
  });

  it('the mean share of arm 1 settles at p* = 0.690', () => {
    const m = mean(sampleP);
    // Statistical error: agents are independent, so the sd of the grand mean is the sd of the
    // agents' time-averaged shares over sqrt(n) (measured 0.0095/sqrt(2000) = 2.1e-4; the
    // instantaneous sd across agents is ~0.019). Asserted below: Z_ALPHA * se < 0.0025.
    const agentMeans = Array.from(perAgentP, (x) => x / snapshots);
    const se = Math.sqrt(variance(agentMeans) / n);
    // Systematic error: the stationary mean of the ratio differs from the mean-field root at
    // second order in the fluctuations, ~ Var(P) ~ 3.5e-4 times an O(1) curvature, i.e. ~1e-3
    // (it shrinks with phi). The tolerance 0.005 covers Z_ALPHA * se plus three times that.
    const tol = 0.005;
    note('RE fixed point: mean share', m, 'p*', pStar, 'se', se, 'agent sd', Math.sqrt(variance(agentMeans)), 'tol', tol);
    expect(Z_ALPHA * se).toBeLessThan(0.0025);
    expect(Math.abs(m - pStar)).toBeLessThan(tol);
  });

  it('the stationary totals satisfy the exact linear identities', () => {
    const mP = mean(sampleP), mQ1 = mean(sampleQ1), mS = mean(sampleS);
    const eS = (1 + mP) / phi, eQ1 = (0.2 + 1.4 * mP) / phi;
    // S is an AR(1) with coefficient 1 - phi and shocks r in {1, 2} (sd ~0.46), so its
    // stationary sd is 0.46/sqrt(2 phi) ~ 3.3 per agent (q1 similar, shocks 1.6 or 0.2). The
    // population mean over n = 2000 agents has sd ~0.07 per snapshot, and the 100 snapshots
    // (10 ticks apart, correlation time 1/phi = 100 ticks) are worth ~10 independent ones:
    // sd ~0.023, i.e. 1.4e-4 relative; (1 + E[P])/phi carries a similar error from E[P].
    // A 0.2% relative tolerance is > 5 combined sd and still sharp (E[P] off by 0.004 would
    // move E[S] by 0.2%).
    note('RE identities: E[S]', mS, 'expected', eS, '| E[q1]', mQ1, 'expected', eQ1);
    expect(Math.abs(mS / eS - 1)).toBeLessThan(0.002);
    expect(Math.abs(mQ1 / eQ1 - 1)).toBeLessThan(0.002);
  });
});

describe('Roth–Erev per-agent update', () => {
  it('closed-form one-step update (kernel, K = 3, with traits and noise)', () => {
    const n = 200, K = 3, phi = 0.1, eps = 0.3, noise = 0.4;
    const s = makeSlice({ kind: 'roth-erev', phi, epsilon: eps, initial: [1, 2, 3] }, n, K, noise);
    // r = R[a] + hawk H[a] + patience F[a] + noise (u2 - 1/2), clipped at 0. Traits are stored
    // as bytes round(255 x) and the engine pre-divides H and F by 255, so the kernel multiplies
    // the byte by the stored vector: here trait bytes 0..255 and H, F given already divided.
    s.rewards.set([1, -0.5, 2, /* H */ 0.5 / 255, 1 / 255, -1 / 255, /* F */ 0.2 / 255, 0, 1 / 255]);
    for (let i = 0; i < n; i++) { s.setTraits(i, (i * 37) % 256, (i * 101) % 256); }
    const key = tickKey(7, 0, Stream.choice);
    let worst = 0;
    const seen = new Set<number>();
    let clipped = 0, badChoice = 0;
    for (let i = 0; i < n; i++) {
      const before = Array.from(s.state.subarray(i * K, i * K + K));
      const a = stepOne(stepRothErev, s, K, i, key);
      seen.add(a);
      const h = agentHash(key, i);
      // The choice is the roulette interval of the first draw: sum_{k<a} q_k <= u1 Q < sum_{k<=a} q_k.
      const Q = before[0] + before[1] + before[2], x = u01(h) * Q;
      const lo = before.slice(0, a).reduce((p, c) => p + c, 0);
      if (!(x >= lo && x < lo + before[a])) badChoice++;
      // r = R[a] + hawk H[a] + patience F[a] + noise (u2 - 1/2) with u2 the agent's second draw.
      let r = s.rewards[a] + s.trait(i, 0) * s.rewards[K + a] + s.trait(i, 1) * s.rewards[2 * K + a] + noise * (u01(nextHash(h)) - 0.5);
      if (r < 0) { r = 0; clipped++; }
      for (let k = 0; k < K; k++) {
        const expected = (1 - phi) * before[k] + (k === a ? r * (1 - eps) : (r * eps) / (K - 1));
        worst = Math.max(worst, Math.abs(s.state[i * K + k] - expected) / Math.max(1, expected));
      }
    }
    note('RE one-step: worst relative error', worst, 'actions seen', [...seen], 'clipped', clipped);
    expect(seen.size).toBe(3);
    expect(badChoice).toBe(0);
    expect(clipped).toBeGreaterThan(0); // the clipping branch was exercised (action 1 pays -0.5)
    expect(worst).toBeLessThan(4 * 2 ** -24);
  });

  it('property: propensities stay non-negative and the total follows (1 - phi) total + r (K >= 2)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 5 }).chain((K) => fc.tuple(
        fc.constant(K),
        fc.array(fc.float({ min: 0, max: Math.fround(1e4), noNaN: true }), { minLength: K, maxLength: K }).filter((q) => q.some((x) => x > 0)),
        fc.nat({ max: K - 1 }),
      )),
      fc.double({ min: 0, max: 1e3, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 0.99, noNaN: true }),
      ([K, q0, a], r, phi, eps) => {
        const q = Float32Array.from(q0);
        const total0 = q.reduce((x, y) => x + y, 0);
        rothErevUpdate(q, 0, K, a, r, 1 - phi, 1 - eps, eps / (K - 1));
        const total1 = q.reduce((x, y) => x + y, 0);
        const expected = (1 - phi) * total0 + r;
        // Each stored component is rounded to float32 (relative 2^-24), the chosen one twice,
        // and the spill sp = r eps/(K-1) is subtracted back after rounding: absolute error per
        // component <= 2^-24 (component + sp), so <= (K + 2) 2^-24 (total0 + r) in all.
        const tol = (K + 2) * 2 ** -24 * (total0 + r) + 1e-30;
        return q.every((x) => x >= 0) && Math.abs(total1 - expected) <= tol;
      },
    ), { seed: 42, numRuns: 3000 });
  });

  // Regression: the chosen component was once fround(q_a (1-phi) + sp) + (r (1-eps) - sp), which
  // cancels catastrophically when r (1-eps) + q_a (1-phi) is below half an ulp of sp; with
  // epsilon = 1 a tiny chosen propensity went negative. It is now q_a (1-phi) + r (1-eps) directly.
  it('epsilon = 1 with a tiny chosen propensity keeps it non-negative', () => {
    const q = Float32Array.from([1e-9, 1]);
    rothErevUpdate(q, 0, 2, 0, 0.7, 1, 0, 1); // phi = 0, eps = 1, r = 0.7, action 0 chosen
    expect(q[0]).toBeGreaterThanOrEqual(0); // found: -1.19e-8
  });
});

describe('modified Roth–Erev (Nicolaisen, Petrov & Tesfatsion 2001)', () => {
  it('closed-form one-step update: chosen (1-phi) q_a + r (1-eps), others q_j (1 - phi + eps/(K-1))', () => {
    const n = 300, K = 3, phi = 0.1, eps = 0.3;
    const s = makeSlice({ kind: 'modified-roth-erev', phi, epsilon: eps, initial: [1, 2, 3] }, n, K);
    setPayoffs(s, [2, 0.5, -1]); // action 2's payoff is clipped to 0
    const key = tickKey(8, 0, Stream.choice);
    let worst = 0;
    for (let i = 0; i < n; i++) {
      const before = Array.from(s.state.subarray(i * K, i * K + K));
      const a = stepOne(stepModifiedRothErev, s, K, i, key);
      const r = Math.max(0, s.rewards[a]);
      for (let k = 0; k < K; k++) {
        const expected = k === a ? (1 - phi) * before[k] + r * (1 - eps) : before[k] * (1 - phi + eps / (K - 1));
        worst = Math.max(worst, Math.abs(s.state[i * K + k] - expected) / expected);
      }
    }
    note('MRE one-step: worst relative error', worst);
    expect(worst).toBeLessThan(2 * 2 ** -24);
    // The per-agent function on a hand-computed case: q = (1, 2, 3), a = 1, r = 2, phi = 0.1, eps = 0.3:
    // chosen 0.9 * 2 + 2 * 0.7 = 3.2; others x 1.05: 1.05 and 3.15.
    const q = Float32Array.from([1, 2, 3]);
    modifiedRothErevUpdate(q, 0, 3, 1, 2, 0.9, 0.7, 0.15);
    expect(q[0]).toBeCloseTo(1.05, 6);
    expect(q[1]).toBeCloseTo(3.2, 6);
    expect(q[2]).toBeCloseTo(3.15, 6);
  });

  it('with zero payoff the chosen action loses ground, unlike the original rule', () => {
    // Original Roth–Erev at r = 0: every propensity is multiplied by (1 - phi), so the choice
    // probabilities do not move (and nothing at all changes when phi = 0). Modified Roth–Erev at
    // r = 0: the chosen propensity decays by (1 - phi) while the unchosen ones are multiplied by
    // (1 - phi + eps/(K-1)) > (1 - phi): the zero-payoff action's probability falls. When
    // phi > eps/(K-1) the unchosen propensities decay too (here 0.2 > 0.1/2).
    const K = 3, n = 200;
    for (const [phi, eps] of [[0, 0.2], [0.2, 0.1]]) {
      const orig = makeSlice({ kind: 'roth-erev', phi, epsilon: eps, initial: [1, 2, 3] }, n, K);
      const mod = makeSlice({ kind: 'modified-roth-erev', phi, epsilon: eps, initial: [1, 2, 3] }, n, K);
      const key = tickKey(9, 0, Stream.choice);
      for (let i = 0; i < n; i++) {
        const b = i * K;
        const a0 = stepOne(stepRothErev, orig, K, i, key);
        const a1 = stepOne(stepModifiedRothErev, mod, K, i, key);
        expect(a1).toBe(a0); // same propensities, same draws, same choice
        const pOrig = orig.state[b + a0] / (orig.state[b] + orig.state[b + 1] + orig.state[b + 2]);
        const pMod = mod.state[b + a1] / (mod.state[b] + mod.state[b + 1] + mod.state[b + 2]);
        const p0 = (a0 + 1) / 6;
        expect(pOrig).toBeCloseTo(p0, 6);
        expect(pMod).toBeLessThan(p0 - 1e-3);
        for (let k = 0; k < K; k++) {
          expect(orig.state[b + k]).toBeCloseTo((1 - phi) * (k + 1), 5);
          const f = k === a1 ? 1 - phi : 1 - phi + eps / (K - 1);
          expect(mod.state[b + k]).toBeCloseTo(f * (k + 1), 5);
          if (k !== a1 && phi > eps / (K - 1)) expect(mod.state[b + k]).toBeLessThan(k + 1);
        }
      }
    }
  });
});
