/**
 * strike.ts: the preventive-war calculus (Fearon 1995),
 *   P(success) = clamp(successBase + exposure · max(0, access − safeguards) − airDefence · buffer.airDefence)
 *   value      = preventionValue · weaponBelief · latency · P(success) − warCost
 * defaults: successBase 0.6, exposure 0.4, safeguards 0.3, buffer.airDefence 0.25, preventionValue 3, warCost 0.8.
 */
import { describe, expect, it } from 'vitest';
import { strikeSuccessOf, strikeValue } from '../../../src/models/table/strike.js';
import { S, world } from './world.js';

describe('strike: chance of success and value of a preventive strike', () => {
  it('access raises the chance, Russian air defence lowers it', () => {
    const w = world({ state: (s) => { s[S.access] = 0.8; s[S.airDefence] = 0.4; } });
    // 0.6 + 0.4 · (0.8 − 0.3) − 0.4 · 0.25 = 0.6 + 0.2 − 0.1 = 0.7
    expect(strikeSuccessOf(w.s, w.p)).toBeCloseTo(0.7, 12);
    // access below safeguards adds nothing (max(0, ·)): 0.6 − 0.1 = 0.5
    w.s[S.access] = 0.1;
    expect(strikeSuccessOf(w.s, w.p)).toBeCloseTo(0.5, 12);
  });

  it('is clamped to [0, 1]', () => {
    const w = world({ params: (p) => { p.military.successBase = 0.9; }, state: (s) => { s[S.access] = 1; s[S.airDefence] = 0; } });
    // 0.9 + 0.4 · 0.7 = 1.18 → 1
    expect(strikeSuccessOf(w.s, w.p)).toBe(1);
    w.p.military.successBase = 0.1;
    w.s[S.access] = 0.3; w.s[S.airDefence] = 1;
    // 0.1 + 0 − 0.25 = −0.15 → 0
    expect(strikeSuccessOf(w.s, w.p)).toBe(0);
  });

  it('value = preventionValue · belief · latency · P(success) − warCost', () => {
    const w = world({ state: (s) => { s[S.access] = 0.8; s[S.airDefence] = 0.4; s[S.weaponBelief] = 0.5; s[S.latency] = 0.6; } });
    // 3 · 0.5 · 0.6 · 0.7 − 0.8 = 0.63 − 0.8 = −0.17
    expect(strikeValue(w.s, w.p)).toBeCloseTo(-0.17, 12);
    w.s[S.weaponBelief] = 1; w.s[S.latency] = 1;
    // 3 · 0.7 − 0.8 = 1.3
    expect(strikeValue(w.s, w.p)).toBeCloseTo(1.3, 12);
  });
});
