/**
 * The docking oracle of the table's bargaining (issue 10): with learning switched off and two
 * actors, Zeuthen's concession process (zeuthen.ts, as table.ts runs it week by week) reaches the
 * Nash bargaining solution, the maximiser of g_1(x) · g_2(x) over the terms both prefer to the
 * disagreement point (Nash 1950; Harsanyi 1956 showed Zeuthen's rule converges to it).
 *
 * Why it should: side i concedes when risk_i ≤ risk_j, which is
 *   g_i(x_j) / g_i(x_i) ≥ g_j(x_i) / g_j(x_j)  ⇔  g_i(x_j) g_j(x_j) ≥ g_i(x_i) g_j(x_i),
 * i.e. the side whose own proposal has the smaller Nash product concedes.
 *
 * Tolerances.
 * 1-D, linear gains: the Nash product is a quadratic in x, symmetric about its maximiser x*, so the
 * side with the smaller product is the one farther from x*; it moves a share rate < ½ of the gap,
 * so it never passes x*: the proposals straddle x* until they are within agreeGap, and the
 * agreement (their midpoint) is within agreeGap / 2 of x*. Tolerance: agreeGap / 2.
 * 2-D, quadratic utilities: the product along the segment between the proposals is a quartic, not
 * symmetric, so the side that concedes can step past x* by at most one step, rate × gap; the
 * grid search resolves x* to its mesh. Tolerance: agreeGap / 2 + rate × (the gap when the
 * proposals first come within 0.1: 0.1) + the mesh, stated below as a number.
 */
import { describe, expect, it } from 'vitest';
import { D, DIM, gain } from '../../../src/models/table/issues.js';
import { table } from '../../../src/models/table/mechanisms/table.js';
import { PHASE } from '../../../src/models/table/state.js';
import { concede, type Side } from '../../../src/models/table/zeuthen.js';
import { ofKind, player, S, v, world } from './world.js';

const E = DIM.enrichment, R = DIM.relief;

/** Runs concession rounds until agreement; the agreed terms (throws if stuck or too slow). */
function bargain(a: Side, b: Side, rate: number, agreeGap: number): { at: Float64Array; rounds: number } {
  for (let i = 0; i < 100_000; i++) {
    const s = concede(a, b, rate, agreeGap);
    if (s.kind === 'agreed') return { at: s.at, rounds: i };
    if (s.kind === 'stuck') throw new Error('stuck');
  }
  throw new Error('no agreement');
}

describe('docking: Zeuthen concessions reproduce the Nash bargaining solution', () => {
  it('one issue, linear gains: x* = the midpoint of the two zero-gain points (closed form)', () => {
    // relief only (salience 0 on every dimension, so u(x) = u(q)):
    //   US   g_1(x) = 1.4 − 2 x     (reliefCost 2, outside −1.4): zero at 0.7
    //   Iran g_2(x) = 0.5 x − 0.05  (reliefCost −0.5, outside 0.05): zero at 0.1
    // d/dx[(1.4 − 2x)(0.5x − 0.05)] = −2(0.5x − 0.05) + 0.5(1.4 − 2x) = (−x + 0.1) + (0.7 − x) = 0.8 − 2x
    //   → x* = 0.4 (= (0.7 + 0.1) / 2: Nash's solution ignores the scale of the gains)
    const us = player({ reliefCost: 2, outside: -1.4 }), iran = player({ reliefCost: -0.5, outside: 0.05 });
    const a: Side = { principal: us, vetoes: [us], proposal: v(0, 0, 0, 0, 0), flexibility: 1 };
    const b: Side = { principal: iran, vetoes: [iran], proposal: v(0, 0, 1, 0, 0), flexibility: 1 };
    const agreeGap = 0.002, rate = 0.04;
    const { at } = bargain(a, b, rate, agreeGap);
    expect(Math.abs(at[R]! - 0.4)).toBeLessThanOrEqual(agreeGap / 2);
    // not the split of the opening proposals (½): the oracle discriminates
    expect(Math.abs(at[R]! - 0.5)).toBeGreaterThan(0.09);
    // and the closed form moves with the disagreement point: Iran's outside option 0.15 → zero at 0.3, x* = 0.5
    const iran2 = player({ reliefCost: -0.5, outside: 0.15 });
    const r2 = bargain({ principal: us, vetoes: [us], proposal: v(0, 0, 0, 0, 0), flexibility: 1 }, { principal: iran2, vetoes: [iran2], proposal: v(0, 0, 1, 0, 0), flexibility: 1 }, rate, agreeGap);
    expect(Math.abs(r2.at[R]! - 0.5)).toBeLessThanOrEqual(agreeGap / 2);
  });

  it('one issue: unequal flexibility changes the path, not the solution', () => {
    const us = player({ reliefCost: 2, outside: -1.4 }), iran = player({ reliefCost: -0.5, outside: 0.05 });
    const { at } = bargain({ principal: us, vetoes: [us], proposal: v(0, 0, 0, 0, 0), flexibility: 0.3 }, { principal: iran, vetoes: [iran], proposal: v(0, 0, 1, 0, 0), flexibility: 1 }, 0.04, 0.002);
    expect(Math.abs(at[R]! - 0.4)).toBeLessThanOrEqual(0.001);
  });

  it('two issues, quadratic utilities: the NBS found by an independent grid search', () => {
    // enrichment limits (x1) and relief (x2); status quo q = (0, 0); proportional saliences, so the
    // contract curve is the segment between the ideal points and the Zeuthen path runs along it.
    //   US   ideal (1, 0), salience (1, 0.5):  g_1 = 1 − (x1 − 1)² − 0.5 x2²        (u(q) = −1)
    //   Iran ideal (0, 1), salience (2, 1), outside option 0.1:
    //                                          g_2 = 1 − 2 x1² − (x2 − 1)² − 0.1   (u(q) = −1)
    const us = player({ ideal: v(1, 0, 0, 0, 0), sal: v(1, 0, 0.5, 0, 0) });
    const iran = player({ ideal: v(0, 0, 1, 0, 0), sal: v(2, 0, 1, 0, 0), outside: 0.1 });
    const g1 = (x1: number, x2: number) => 1 - (x1 - 1) ** 2 - 0.5 * x2 ** 2;
    const g2 = (x1: number, x2: number) => 1 - 2 * x1 ** 2 - (x2 - 1) ** 2 - 0.1;
    // the test's own gains agree with issues.ts's (so the grid searches the same problem)
    expect(gain(v(0.3, 0, 0.6, 0, 0), us)).toBeCloseTo(g1(0.3, 0.6), 12);
    expect(gain(v(0.3, 0, 0.6, 0, 0), iran)).toBeCloseTo(g2(0.3, 0.6), 12);
    // the NBS: a grid of mesh 1/1000 over [0, 1]², then a finer one (1e-5) around the best point
    const search = (lo1: number, hi1: number, lo2: number, hi2: number, n: number) => {
      let best = -Infinity, b1 = 0, b2 = 0;
      for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) {
        const x1 = lo1 + ((hi1 - lo1) * i) / n, x2 = lo2 + ((hi2 - lo2) * j) / n;
        const a = g1(x1, x2), b = g2(x1, x2);
        if (a >= 0 && b >= 0 && a * b > best) { best = a * b; b1 = x1; b2 = x2; }
      }
      return [b1, b2] as const;
    };
    const [c1, c2] = search(0, 1, 0, 1, 1000);
    const [n1, n2] = search(c1 - 0.002, c1 + 0.002, c2 - 0.002, c2 + 0.002, 400);
    // it lies on the segment between the ideals (x1 + x2 = 1) up to the mesh
    expect(Math.abs(n1 + n2 - 1)).toBeLessThan(1e-4);
    const rate = 0.02, agreeGap = 0.002;
    const { at } = bargain({ principal: us, vetoes: [us], proposal: v(1, 0, 0, 0, 0), flexibility: 1 }, { principal: iran, vetoes: [iran], proposal: v(0, 0, 1, 0, 0), flexibility: 1 }, rate, agreeGap);
    // tolerance: agreeGap / 2 + rate × 0.1 + mesh = 0.001 + 0.002 + 1e-5 ≈ 0.003
    const tol = agreeGap / 2 + rate * 0.1 + 1e-5;
    expect(Math.hypot(at[E]! - n1, at[R]! - n2)).toBeLessThanOrEqual(tol);
    // the NBS is not the midpoint of the openings (½, ½): Iran's outside option and saliences move it
    expect(Math.hypot(n1 - 0.5, n2 - 0.5)).toBeGreaterThan(0.05);
  });

  it('two issues, non-proportional saliences: the process finds the NBS on the segment between the openings (a documented limit)', () => {
    // concessions move a proposal straight toward the other's, so the agreement lies on the
    // segment between the opening proposals; with non-proportional saliences the contract curve
    // bends away from it and the unconstrained NBS is off the path. The process then reproduces
    // the Nash product's maximiser along that segment.
    const us = player({ ideal: v(1, 0, 0, 0, 0), sal: v(1, 0, 0.25, 0, 0) });
    const iran = player({ ideal: v(0, 0, 1, 0, 0), sal: v(0.25, 0, 1, 0, 0) });
    const g1 = (x1: number, x2: number) => 1 - (x1 - 1) ** 2 - 0.25 * x2 ** 2;
    const g2 = (x1: number, x2: number) => 1 - 0.25 * x1 ** 2 - (x2 - 1) ** 2;
    let best = -Infinity, tBest = 0;
    for (let i = 0; i <= 100_000; i++) { const t = i / 100_000, p = g1(1 - t, t) * g2(1 - t, t); if (p > best) { best = p; tBest = t; } }
    let best2 = -Infinity;
    for (let i = 0; i <= 400; i++) for (let j = 0; j <= 400; j++) { const p = g1(i / 400, j / 400) * g2(i / 400, j / 400); if (p > best2) best2 = p; }
    // the unconstrained maximum is higher than the best on the segment (the contract curve bends)
    expect(best2).toBeGreaterThan(best * 1.01);
    const { at } = bargain({ principal: us, vetoes: [us], proposal: v(1, 0, 0, 0, 0), flexibility: 1 }, { principal: iran, vetoes: [iran], proposal: v(0, 0, 1, 0, 0), flexibility: 1 }, 0.02, 0.002);
    expect(Math.hypot(at[E]! - (1 - tBest), at[R]! - tBest)).toBeLessThanOrEqual(0.001 + 0.002 + 1e-5);
  });

  for (const agenda of ['modular', 'grand'] as const) {
    it(`through the table mechanism itself (${agenda} agenda, real players, learning off): the principals' NBS on the path`, () => {
      // The model's two sides as players.ts builds them from a fixed state and fixed (uniform)
      // tallies: no learning, so the sides do not change from week to week. table.update runs the
      // weeks: talks open at the two positions, the sides concede, an interim freeze, the deal.
      // Oracle: the maximiser of g_US · g_Iran (the principals' gains, issues.ts) along the segment
      // between the opening positions (the path concessions take, see the test above), by a grid of
      // 10⁴ steps. Tolerance: the agreement is the midpoint of two proposals within agreeGap (set to
      // its lower bound 0.01) on either side of the maximiser, or one concession step past it
      // (concession · flexibility · gap ≤ 0.04 · ½ · 0.01): agreeGap / 2 + 0.0002 + the grid's 1e-4.
      const w = world({
        params: (p) => { p.interventions.agenda = agenda; p.table.agreeGap = 0.01; },
        state: (s) => { s[S.weaponBelief] = 0.1; s[S.stress] = 0.5; s[S.engageSupport] = 0.6; s[S.acceptSupport] = 0.6; s[S.rejectSupport] = 0; },
      });
      table.update!(w.m);
      expect(w.n[S.phase]).toBe(PHASE.talks);
      const b = w.m.players.b;
      const us0 = Float64Array.from(b.us.position), ir0 = Float64Array.from(b.ir.position);
      if (agenda === 'modular') us0[DIM.regional] = ir0[DIM.regional] = w.n[S.regionalTrack]!;
      for (let k = 0; k < 1000 && w.n[S.phase] !== PHASE.deal; k++) table.update!(w.m);
      expect(w.n[S.phase]).toBe(PHASE.deal);
      const signed = ofKind(w, 'deal-signed')[0]!.detail!;
      const at = ['enrichment', 'access', 'relief', 'durability', 'regional'].map((d) => signed[d] as number);
      let best = -Infinity, tBest = 0;
      const x = new Float64Array(D);
      for (let i = 0; i <= 10_000; i++) {
        const t = i / 10_000;
        for (let d = 0; d < D; d++) x[d] = us0[d]! + t * (ir0[d]! - us0[d]!);
        const gu = gain(x, b.us.principal), gi = gain(x, b.ir.principal);
        if (gu >= 0 && gi >= 0 && gu * gi > best) { best = gu * gi; tBest = t; }
      }
      for (let d = 0; d < D; d++) x[d] = us0[d]! + tBest * (ir0[d]! - us0[d]!);
      expect(Math.hypot(...at.map((a, d) => a - x[d]!))).toBeLessThanOrEqual(0.01 / 2 + 0.0002 + 1e-4);
      // the maximiser is interior: neither side's opening position
      expect(tBest).toBeGreaterThan(0.05);
      expect(tBest).toBeLessThan(0.95);
    });
  }
});
