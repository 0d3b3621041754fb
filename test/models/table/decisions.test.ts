/**
 * decisions.ts: a body's running support follows its members' share,
 *   support(t) = (1 − ω) support(t − 1) + ω share(t)   (ω = decisions.deliberation = 0.15),
 * a body acts when its support reaches decisions.majority (0.6), stops a course when it falls to
 * 1 − majority (0.4), and an act done once spends the support.
 */
import { describe, expect, it } from 'vitest';
import { decided, deliberate, spend, votes, withdrawn } from '../../../src/models/table/decisions.js';
import { A, P } from '../../../src/models/table/populations.js';
import { S, world } from './world.js';

describe('decisions: running supports', () => {
  it('support follows the members\' share at the deliberation weight', () => {
    const w = world({
      shares: { 'us.president': { engage: 0.8, hold: 0.2 }, 'iran.snsc': { cap: 0, hold: 0.5, expand: 0, dash: 0.5 } },
      state: (s) => { s[S.engageSupport] = 0.4; s[S.dashSupport] = 0; s[S.pressureSupport] = 0.9; },
    });
    deliberate(w.m);
    // 0.85 · 0.4 + 0.15 · 0.8 = 0.34 + 0.12 = 0.46
    expect(w.n[S.engageSupport]).toBeCloseTo(0.46, 12);
    // 0.85 · 0 + 0.15 · 0.5 = 0.075
    expect(w.n[S.dashSupport]).toBeCloseTo(0.075, 12);
    // the President chose no pressure: 0.85 · 0.9 + 0 = 0.765
    expect(w.n[S.pressureSupport]).toBeCloseTo(0.765, 12);
    // it reads the start-of-tick support (s), not what is being written
    expect(w.s[S.engageSupport]).toBe(0.4);
  });

  it('reads decisions.deliberation (ω = 1: the support is this week\'s share)', () => {
    const w = world({ params: (p) => { p.decisions.deliberation = 1; }, shares: { 'iran.leader': { accept: 0.3, hold: 0.7 } }, state: (s) => { s[S.acceptSupport] = 0.9; } });
    deliberate(w.m);
    expect(w.n[S.acceptSupport]).toBeCloseTo(0.3, 12);
  });

  it('a body acts at the majority and not just below it', () => {
    const w = world();
    const maj = w.p.decisions.majority; // 0.6
    w.n[S.strikeSupport] = maj;
    expect(decided(w.m, S.strikeSupport!)).toBe(true);
    w.n[S.strikeSupport] = maj - 1e-9;
    expect(decided(w.m, S.strikeSupport!)).toBe(false);
    w.p.decisions.majority = 0.75;
    w.n[S.strikeSupport] = 0.7;
    expect(decided(w.m, S.strikeSupport!)).toBe(false);
  });

  it('a course stops at 1 − majority (0.4) and goes on just above it', () => {
    const w = world();
    w.n[S.engageSupport] = 0.4;
    expect(withdrawn(w.m, S.engageSupport!)).toBe(true);
    w.n[S.engageSupport] = 0.4 + 1e-9;
    expect(withdrawn(w.m, S.engageSupport!)).toBe(false);
    // between the thresholds neither decided nor withdrawn
    w.n[S.engageSupport] = 0.5;
    expect(decided(w.m, S.engageSupport!) || withdrawn(w.m, S.engageSupport!)).toBe(false);
  });

  it('an act spends its support; a vote counts members (share × size)', () => {
    const w = world({ shares: { 'us.senate': { 'pro-deal': 0.67, abstain: 0.03, 'anti-deal': 0.3 } } });
    w.n[S.strikeSupport] = 0.9;
    spend(w.m, S.strikeSupport!);
    expect(w.n[S.strikeSupport]).toBe(0);
    // 0.67 × 100 senators = 67
    expect(votes(w.m, P['us.senate'], A['us.senate']['pro-deal'])).toBeCloseTo(67, 9);
    w.m.t = null;
    expect(votes(w.m, P['us.senate'], A['us.senate']['pro-deal'])).toBe(0);
  });
});
