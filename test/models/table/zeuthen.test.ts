/**
 * zeuthen.ts: concession bargaining (Zeuthen 1930; Harsanyi 1956).
 *   risk_i = (g_i(own_i) − g_i(own_j)) / g_i(own_i)   (0 when g_i(own_i) ≤ 0)
 * The side with the smaller risk limit concedes rate × flexibility of the gap, never out of its
 * win-set; if it cannot, the other concedes; if neither can, the round is stuck. Proposals within
 * agreeGap whose midpoint is in both win-sets are agreed at the midpoint.
 *
 * Hand-built sides with linear gains on relief (salience 0 everywhere, so u(x) = u(q)):
 *   US:   reliefCost 1, outside −0.8  → g_US(x)   = 0.8 − x_relief
 *   Iran: reliefCost −1, outside 0.2  → g_Iran(x) = x_relief − 0.2
 * (The docking oracle against the Nash bargaining solution is docking.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { DIM } from '../../../src/models/table/issues.js';
import { concede, riskLimit, type Side } from '../../../src/models/table/zeuthen.js';
import { player, v } from './world.js';

const R = DIM.relief;
const at = (x: number) => { const p = v(0, 0, 0, 0, 0); p[R] = x; return p; };
const us = player({ reliefCost: 1, outside: -0.8 });
const iran = player({ reliefCost: -1, outside: 0.2 });
const side = (principal: typeof us, x: number, flexibility = 1, vetoes = [principal]): Side => ({ principal, vetoes, proposal: at(x), flexibility });

describe('zeuthen: risk limits and concessions', () => {
  it('risk limit = share of the own proposal\'s gain lost by accepting the other\'s', () => {
    const a = side(us, 0.1), b = side(iran, 0.7);
    // US: g(0.1) = 0.7, g(0.7) = 0.1 → (0.7 − 0.1) / 0.7 = 0.857142…
    expect(riskLimit(a, b)).toBeCloseTo(0.6 / 0.7, 12);
    // Iran: g(0.7) = 0.5, g(0.1) = −0.1 → (0.5 + 0.1) / 0.5 = 1.2
    expect(riskLimit(b, a)).toBeCloseTo(1.2, 12);
    // an own proposal that gains nothing: 0 (Iran at 0.2)
    expect(riskLimit(side(iran, 0.2), a)).toBe(0);
  });

  it('the side with the smaller risk limit concedes rate × flexibility of the gap', () => {
    const a = side(us, 0.1, 0.5), b = side(iran, 0.7);
    const step = concede(a, b, 0.1, 0.05);
    // the US (0.857 < 1.2) moves 0.1 · 0.5 · 0.6 = 0.03 toward 0.7
    expect(step.kind).toBe('conceded');
    if (step.kind === 'conceded') { expect(step.side).toBe(0); expect(step.moved).toBeCloseTo(0.03, 12); }
    expect(a.proposal[R]).toBeCloseTo(0.13, 12);
    expect(b.proposal[R]).toBe(0.7);
    // swapped argument order: the same side concedes (reported as side 1)
    const c = side(us, 0.1, 0.5), d = side(iran, 0.7);
    const s2 = concede(d, c, 0.1, 0.05);
    expect(s2.kind === 'conceded' && s2.side).toBe(1);
    expect(c.proposal[R]).toBeCloseTo(0.13, 12);
  });

  it('never out of the win-set; the other side concedes when one cannot; stuck when neither can', () => {
    // a US veto player that accepts relief only up to 0.12: g = 0.12 − x
    const hawk = player({ reliefCost: 1, outside: -0.12 });
    const a = side(us, 0.1, 1, [us, hawk]), b = side(iran, 0.7);
    const s1 = concede(a, b, 0.1, 0.05);
    // wanted 0.1 + 0.06 = 0.16, kept at the edge 0.12 (bisection to 2^-24 of the step)
    expect(s1.kind === 'conceded' && s1.side).toBe(0);
    expect(a.proposal[R]).toBeCloseTo(0.12, 6);
    // now the US cannot move: Iran concedes 0.1 · (0.7 − 0.12) = 0.058
    const s2 = concede(a, b, 0.1, 0.05);
    expect(s2.kind === 'conceded' && s2.side).toBe(1);
    expect(b.proposal[R]).toBeCloseTo(0.7 - 0.058, 6);
    // Iran held to its edge too (a veto player wanting relief ≥ 0.6): stuck, nothing moves
    const a2 = side(us, 0.12, 1, [us, hawk]), b2 = side(iran, 0.6, 1, [iran, player({ reliefCost: -1, outside: 0.6 })]);
    expect(concede(a2, b2, 0.1, 0.05).kind).toBe('stuck');
    expect(a2.proposal[R]).toBeCloseTo(0.12, 12);
    expect(b2.proposal[R]).toBeCloseTo(0.6, 12);
    // a side with no flexibility cannot concede either
    const a3 = side(us, 0.12, 0, [us, hawk]), b3 = side(iran, 0.6, 0);
    expect(concede(a3, b3, 0.1, 0.05).kind).toBe('stuck');
  });

  it('proposals within agreeGap agree at their midpoint, if it is in both win-sets', () => {
    const a = side(us, 0.4), b = side(iran, 0.44);
    const step = concede(a, b, 0.1, 0.05);
    expect(step.kind).toBe('agreed');
    if (step.kind === 'agreed') expect(step.at[R]).toBeCloseTo(0.42, 12);
    // just outside the gap: a concession instead
    expect(concede(side(us, 0.4), side(iran, 0.4501), 0.1, 0.05).kind).toBe('conceded');
    // within the gap but the midpoint out of a win-set (a US veto wanting relief ≤ 0.41): no agreement
    const cap = player({ reliefCost: 1, outside: -0.41 });
    const s2 = concede(side(us, 0.4, 1, [us, cap]), side(iran, 0.44), 0.1, 0.05);
    expect(s2.kind).not.toBe('agreed');
  });
});
