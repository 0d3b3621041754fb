import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bmStimulus, bushMostellerUpdate, stepBushMosteller } from '../../src/learning/bush-mosteller.js';
import { roulette } from '../../src/learning/choice.js';
import { initialVector, stepSlice } from '../../src/learning/rules.js';
import { agentHash, nextHash, Stream, tickKey, u01 } from '../../src/random/rng.js';
import { makeSlice, mean, note, variance, Z_ALPHA } from './helpers.js';

/**
 * Prisoner's Dilemma with [T, R, P, S] = [4, 3, 1, 0], aspiration A = 2 fixed (habituation 0)
 * and stimulus scale 2 = sup |pi - A| (Macy & Flache 2002). Action 0 = cooperate, 1 = defect.
 * PAY[mine][theirs] is my payoff. Stimuli: CC +1/2, CD -1, DC +1, DD -1/2.
 */
const PAY = [[3, 0], [4, 1]];
const ASP = 2, SCALE = 2;
/** The symmetric fixed point: E[dp] = l (1-p)(1/2 - p - p^2) vanishes at p^2 + p - 1/2 = 0. */
const P_STAR = (Math.sqrt(3) - 1) / 2;

/** Exact E[p' - p] for player 1 when both cooperate with probability p, by enumerating the four
 *  outcomes and applying the library's own update to each. */
function expectedChange(p: number, l: number): number {
  const pf = Math.fround(p);
  const prob = [pf, 1 - pf];
  let e = 0;
  for (const a of [0, 1]) for (const b of [0, 1]) {
    const v = Float32Array.from([pf, 1 - pf]);
    bushMostellerUpdate(v, 0, 2, a, bmStimulus(PAY[a][b], ASP, SCALE), l);
    e += prob[a] * prob[b] * (v[0] - pf);
  }
  return e;
}

/** Runs `pairs` independent pairs from cooperation probability p0 for T ticks, with both choices
 *  drawn from the counter RNG (player 2k and 2k+1 of stream `test`), and calls `each` after every
 *  tick with the probability array (2 floats per player). */
function playPairs(pairs: number, p0: number, T: number, l: number, seed: number, each: (t: number, P: Float32Array) => void): void {
  const P = new Float32Array(pairs * 4);
  for (let i = 0; i < 2 * pairs; i++) { P[2 * i] = p0; P[2 * i + 1] = 1 - p0; }
  for (let t = 0; t < T; t++) {
    const key = tickKey(seed, t, Stream.test);
    for (let k = 0; k < pairs; k++) {
      const a = roulette(P, 4 * k, 2, u01(agentHash(key, 2 * k)));
      const b = roulette(P, 4 * k + 2, 2, u01(agentHash(key, 2 * k + 1)));
      bushMostellerUpdate(P, 4 * k, 2, a, bmStimulus(PAY[a][b], ASP, SCALE), l);
      bushMostellerUpdate(P, 4 * k + 2, 2, b, bmStimulus(PAY[b][a], ASP, SCALE), l);
    }
    each(t, P);
  }
}

/** Mean cooperation probability over all players. */
function meanCoop(P: Float32Array): number {
  let s = 0;
  for (let i = 0; i < P.length; i += 2) s += P[i];
  return s / (P.length / 2);
}

describe('Bush–Mosteller in the Prisoner\'s Dilemma (Macy & Flache 2002)', () => {
  it('stimuli are (R, S, T, P) -> (+1/2, -1, +1, -1/2), clamped to [-1, 1]', () => {
    expect(bmStimulus(3, ASP, SCALE)).toBe(0.5);
    expect(bmStimulus(0, ASP, SCALE)).toBe(-1);
    expect(bmStimulus(4, ASP, SCALE)).toBe(1);
    expect(bmStimulus(1, ASP, SCALE)).toBe(-0.5);
    expect(bmStimulus(100, ASP, SCALE)).toBe(1);
    expect(bmStimulus(-100, ASP, SCALE)).toBe(-1);
  });

  it('(a) E[dp] under symmetric play is zero at (sqrt 3 - 1)/2, positive below, negative above', () => {
    // Enumerating the four outcomes by hand:
    //   CC p^2:      dp = +l (1-p)/2      CD p(1-p): dp = -l p
    //   DC (1-p)p:   dp = -l p            DD (1-p)^2: dp = +l (1-p)/2
    // so E[dp] = l (1-p)(1/2 - p - p^2), zero at p* = (sqrt 3 - 1)/2 = 0.36603 and at p = 1.
    const l = 0.05;
    const atStar = expectedChange(P_STAR, l);
    note('BM E[dp] at p*', atStar);
    // float32: p* is stored with error <= 3e-8 (|dE/dp| = 1.1 l there) and each of the four
    // updated probabilities is rounded (<= 6e-8); 2e-7 bounds the total.
    expect(Math.abs(atStar)).toBeLessThan(2e-7);
    let worst = 0;
    for (let i = 1; i < 100; i++) {
      const p = i / 100;
      const e = expectedChange(p, l);
      const closed = l * (1 - Math.fround(p)) * (0.5 - Math.fround(p) - Math.fround(p) ** 2);
      worst = Math.max(worst, Math.abs(e - closed));
      if (p < P_STAR) expect(e).toBeGreaterThan(0);
      else expect(e).toBeLessThan(0);
    }
    expect(worst).toBeLessThan(2e-7);
    expect(expectedChange(1, l)).toBe(0);
  });

  it('(a\') one simulated tick from p = 0.2 moves the mean by the exact E[dp]', () => {
    const l = 0.05, pairs = 20_000;
    const exact = expectedChange(0.2, l); // 0.05 * 0.8 * 0.26 = 0.0104
    const pairMeans: number[] = [];
    playPairs(pairs, 0.2, 1, l, 5, (_t, P) => {
      for (let k = 0; k < pairs; k++) pairMeans.push((P[4 * k] + P[4 * k + 2]) / 2 - Math.fround(0.2));
    });
    // Pairs are independent (the two players of a pair are not): the sd of the grand mean is the
    // sd of the pair means over sqrt(pairs), ~0.02/sqrt(20000) = 1.5e-4.
    const m = mean(pairMeans), se = Math.sqrt(variance(pairMeans) / pairs);
    note('BM one tick from 0.2: mean dp', m, 'exact', exact, 'tol', Z_ALPHA * se);
    expect(Math.abs(m - exact)).toBeLessThan(Z_ALPHA * se);
  });

  it('(b) from 0.2, 0.366 and 0.6 the mean cooperation probability drifts to and stays at p*', () => {
    // Stationary mean: for the one-dimensional diffusion approximation with drift l g(p),
    // g(p) = (1-p)(1/2 - p - p^2) = 1/2 - 3p/2 + p^3, the stationary variance is
    // Var ~ l v / (2 |g'(p*)|) with g'(p*) = -1.098 and v = E[(dp/l)^2](p*) = 0.116, i.e.
    // Var ~ 0.0026 (sd ~0.05) at l = 0.05, and the mean is shifted from p* by
    // -g''(p*) Var / (2 g'(p*)) = +0.0026 (g'' = 6p = 2.2): predicted 0.3686 (measured ~0.369).
    // The statistical error of the window average over 2 x 4000 players is ~2e-4 (sd 0.05, about
    // 8 independent samples per player in the 150-tick window, correlation time 1/(l|g'|) = 18
    // ticks), so 5 sd = 1e-3. The tolerance 0.006 around p* covers the O(l) shift plus 5 sd, and
    // excludes both starting points by a wide margin.
    const l = 0.05, pairs = 4000, T = 300, from = 150;
    const results: Record<string, { at10: number; window: number; locked: number }> = {};
    for (const p0 of [0.2, P_STAR, 0.6]) {
      let at10 = NaN, acc = 0, cnt = 0, locked = 0;
      let mf = p0; // mean-field path p <- p + l g(p)
      let mfAt10 = NaN;
      playPairs(pairs, p0, T, l, 600 + Math.round(p0 * 100), (t, P) => {
        mf += l * (1 - mf) * (0.5 - mf - mf * mf);
        if (t === 9) { at10 = meanCoop(P); mfAt10 = mf; }
        if (t >= from) { acc += meanCoop(P); cnt++; }
        if (t === T - 1) for (let i = 0; i < P.length; i += 2) if (P[i] > 0.99) locked++;
      });
      results[p0.toFixed(3)] = { at10, window: acc / cnt, locked };
      note(`BM PD from ${p0.toFixed(3)}: mean at tick 10`, at10, 'mean-field', mfAt10, '| window mean', acc / cnt, 'p*', P_STAR, '| locked-in players', locked);
      // Early drift follows the mean-field path (to O(l) = 0.01) and points toward p*.
      expect(Math.abs(at10 - mfAt10)).toBeLessThan(0.01);
      if (p0 < P_STAR - 0.01) expect(at10).toBeGreaterThan(p0 + 0.05);
      if (p0 > P_STAR + 0.01) expect(at10).toBeLessThan(p0 - 0.05);
      expect(Math.abs(acc / cnt - P_STAR)).toBeLessThan(0.006);
    }
  });

  it('(c) mutual cooperation is absorbing: from p = (1, 1) both cooperate forever', () => {
    const pairs = 100, T = 1000;
    let defections = 0;
    playPairs(pairs, 1, T, 0.3, 77, (_t, P) => {
      for (let i = 0; i < P.length; i += 2) if (P[i] !== 1 || P[i + 1] !== 0) defections++;
    });
    expect(defections).toBe(0);
  });
});

describe('stepBushMosteller kernel', () => {
  it('matches a hand-computed update on a one-agent population', () => {
    // p = (1/2, 1/2), A = 1, R = (3, 3): whatever is chosen, r = 3, s = clamp((3 - 1)/2) = 1,
    // so p_a <- 1/2 + (1/2)(0.2)(1) = 0.6, the other 0.4; A <- (1 - 0.25) 1 + 0.25 * 3 = 1.5.
    const s = makeSlice({ kind: 'bush-mosteller', learningRate: 0.2, habituation: 0.25, scale: 2, aspiration: { mean: 1, sd: 0 }, initial: 1 }, 1, 2);
    s.aux[0] = 1;
    s.rewards.set([3, 3, 0, 0, 0, 0]);
    stepSlice(s.v, s.p, 0, 1, tickKey(1, 0, Stream.choice), 0, 0);
    const a = s.tally.indexOf(1);
    expect(s.state[a]).toBeCloseTo(0.6, 6);
    expect(s.state[1 - a]).toBeCloseTo(0.4, 6);
    expect(s.aux[0]).toBe(1.5);
    // Second tick, now r = 3 against A = 1.5: s = 0.75 on whichever action is chosen.
    s.tally.fill(0);
    const before = Array.from(s.state);
    stepSlice(s.v, s.p, 0, 1, tickKey(1, 1, Stream.choice), 0, 0);
    const b = s.tally.indexOf(1);
    const pb = before[b] + (1 - before[b]) * 0.2 * 0.75;
    expect(s.state[b]).toBeCloseTo(pb, 6);
    expect(s.state[1 - b]).toBeCloseTo(1 - pb, 6);
    expect(s.aux[0]).toBeCloseTo(0.75 * 1.5 + 0.25 * 3, 6);
  });

  it('matches the documented update for every agent of a population (K = 3, traits, noise, habituation)', () => {
    const n = 400, K = 3, l = 0.3, hab = 0.2, scale = 2, noise = 1;
    const s = makeSlice({ kind: 'bush-mosteller', learningRate: l, habituation: hab, scale, aspiration: { mean: 0, sd: 0 }, initial: [1, 2, 1] }, n, K, noise);
    // Trait bytes round(255 x); H and F as the engine leaves them, already divided by 255.
    s.rewards.set([1, 2, -1, /* H */ 1 / 255, -1 / 255, 0.5 / 255, /* F */ 0, 1 / 255, 2 / 255]);
    for (let i = 0; i < n; i++) {
      s.setTraits(i, (i * 37) % 256, (i * 13) % 256);
      s.aux[i] = -1 + 4 * ((i * 29) % 17) / 17; // aspirations in [-1, 3)
    }
    const key = tickKey(31, 0, Stream.choice);
    let worstP = 0, worstA = 0, pos = 0, neg = 0, clamped = 0, badChoice = 0;
    for (let i = 0; i < n; i++) {
      const b = i * K;
      const p = Array.from(s.state.subarray(b, b + K));
      const A = s.aux[i];
      s.tally.fill(0);
      stepBushMosteller(s.v, s.p, i, i + 1, key, 0, 0);
      const a = s.tally.indexOf(1);
      const h = agentHash(key, i);
      const x = u01(h) * (p[0] + p[1] + p[2]);
      const lo = p.slice(0, a).reduce((u, v) => u + v, 0);
      if (!(x >= lo && x < lo + p[a])) badChoice++;
      const r = s.rewards[a] + s.trait(i, 0) * s.rewards[K + a] + s.trait(i, 1) * s.rewards[2 * K + a] + noise * (u01(nextHash(h)) - 0.5);
      let st = (r - A) / scale;
      if (st > 1 || st < -1) clamped++;
      st = Math.max(-1, Math.min(1, st));
      if (st >= 0) pos++; else neg++;
      const pa = st >= 0 ? p[a] + (1 - p[a]) * l * st : p[a] + p[a] * l * st;
      for (let k = 0; k < K; k++) {
        const expected = k === a ? pa : (p[k] * (1 - pa)) / (1 - p[a]);
        worstP = Math.max(worstP, Math.abs(s.state[b + k] - expected));
      }
      worstA = Math.max(worstA, Math.abs(s.aux[i] - ((1 - hab) * A + hab * r)) / Math.max(1, Math.abs(r)));
    }
    note('BM kernel: worst |dp|', worstP, 'worst aspiration err', worstA, 'branches +/-/clamped', pos, neg, clamped);
    expect(badChoice).toBe(0);
    expect(pos).toBeGreaterThan(0);
    expect(neg).toBeGreaterThan(0);
    expect(clamped).toBeGreaterThan(0);
    expect(worstP).toBeLessThan(2 ** -23);
    expect(worstA).toBeLessThan(2 ** -22);
  });
});

describe('Bush–Mosteller update: properties', () => {
  /** K in 2..4 and a probability vector on a 2^-20 grid: exactly representable in float32 and
   *  summing to exactly 1. */
  const exactSimplex = fc.integer({ min: 2, max: 4 }).chain((K) =>
    fc.array(fc.nat({ max: 1 << 20 }), { minLength: K - 1, maxLength: K - 1 }).map((cuts) => {
      const c = [0, ...cuts.sort((x, y) => x - y), 1 << 20];
      return Float32Array.from({ length: K }, (_, k) => (c[k + 1] - c[k]) / (1 << 20));
    }));

  it('from an exact probability vector, one update gives a probability vector (sum 1 within float32 error) with the documented p_a and unchanged proportions of the others', () => {
    fc.assert(fc.property(
      exactSimplex,
      fc.nat(),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (p0, which, st, l) => {
        const K = p0.length, a = which % K;
        const p = Float32Array.from(p0);
        bushMostellerUpdate(p, 0, K, a, st, l);
        const pa = p0[a];
        const npa = st >= 0 ? pa + (1 - pa) * l * st : pa + pa * l * st;
        let sum = 0;
        for (let k = 0; k < K; k++) {
          if (!(p[k] >= 0 && p[k] <= 1)) return false;
          sum += p[k];
        }
        if (Math.abs(p[a] - npa) > 2 ** -24) return false;
        // Others: p_k (1 - npa)/(1 - pa), or an even split of 1 - npa when pa = 1.
        for (let k = 0; k < K; k++) {
          if (k === a) continue;
          const e = pa < 1 ? (p0[k] * (1 - npa)) / (1 - pa) : (1 - npa) / (K - 1);
          if (Math.abs(p[k] - e) > 2 ** -24 * Math.max(e, 2 ** -126)) return false;
        }
        return Math.abs(sum - 1) <= (K + 1) * 2 ** -24;
      },
    ), { seed: 2024, numRuns: 5000 });
  });

  // Regression: the update once rescaled the other actions by (1 - p_a')/(1 - p_a), assuming the
  // stored float32 vector sums to exactly 1; the error was amplified when p_a is near 1 and the
  // agent is dissatisfied, and over a run vectors left the simplex (components from -17 to 18 after
  // 2000 ticks). It now divides by the stored sum of the others, which corrects rounding each step.
  it('property: probabilities stay in [0, 1] and sum to 1 within float32 error for any float32-normalised input', () => {
    fc.assert(fc.property(
      fc.integer({ min: 2, max: 4 }).chain((K) => fc.array(fc.float({ min: 0, max: Math.fround(1e6), noNaN: true }), { minLength: K, maxLength: K })),
      fc.nat(),
      fc.double({ min: -1, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (w, which, st, l) => {
        const K = w.length, a = which % K;
        const tot = w.reduce((x, y) => x + y, 0);
        if (!(tot > 0)) return true;
        const p = Float32Array.from(w, (x) => x / tot); // normalised as initialVector does, in float32
        bushMostellerUpdate(p, 0, K, a, st, l);
        const sum = p.reduce((x, y) => x + y, 0);
        return p.every((x) => x >= 0 && x <= 1) && Math.abs(sum - 1) <= 4 * K * 2 ** -24;
      },
    ), { seed: 99, numRuns: 20_000 });
  });

  it('one dissatisfied step from the initial vector of weights (1e7, 1) keeps the sum at 1', () => {
    // initialVector normalises (1e7, 1) in float32 to (1 - 2^-23, 1e-7): a valid probability
    // vector to float32 precision (sum 1 - 1.9e-8), but 1 - p_0 = 1.19e-7 while p_1 = 1.0e-7.
    // After a dissatisfied choice of action 0 (s = -1, l = 0.1) the rule says
    // p_0 = 0.9 p_0 ~ 0.9 and p_1 = 1 - 0.9 p_0 ~ 0.1; the update gives p_1 = 0.084 (sum 0.984).
    const p = initialVector({ kind: 'bush-mosteller', learningRate: 0.1, habituation: 0, scale: 1, aspiration: { mean: 0, sd: 0 }, initial: [1e7, 1] }, 2);
    bushMostellerUpdate(p, 0, 2, 0, -1, 0.1);
    note('BM (1e7, 1) one step: p', p[0], p[1], 'sum', p[0] + p[1]);
    expect(p[1]).toBeCloseTo(1 - 0.9 * (1 - 2 ** -23), 5);
    expect(p[0] + p[1]).toBeCloseTo(1, 6);
  });

  it('stepBushMosteller keeps every agent on the probability simplex over a long run', () => {
    const n = 1000, K = 2, T = 2000;
    const s = makeSlice({ kind: 'bush-mosteller', learningRate: 0.1, habituation: 0.05, scale: 1, aspiration: { mean: 0.75, sd: 0 }, initial: 1 }, n, K, 0.5);
    s.aux.fill(0.75);
    s.rewards.set([1, 0.5, 0, 0, 0, 0]);
    let worst = 0, minP = Infinity, maxP = -Infinity;
    for (let t = 0; t < T; t++) {
      s.tally.fill(0);
      stepSlice(s.v, s.p, 0, n, tickKey(1, t, Stream.choice), 0, 0);
    }
    for (let i = 0; i < n; i++) {
      const p0 = s.state[2 * i], p1 = s.state[2 * i + 1];
      worst = Math.max(worst, Math.abs(p0 + p1 - 1));
      minP = Math.min(minP, p0, p1); maxP = Math.max(maxP, p0, p1);
    }
    note('BM long run: worst |sum - 1|', worst, 'min p', minP, 'max p', maxP);
    expect(minP).toBeGreaterThanOrEqual(0);
    expect(maxP).toBeLessThanOrEqual(1);
    expect(worst).toBeLessThan(1e-5);
  });
});
