/**
 * Mechanism 5, the asymmetric value of nuclear latency (mechanisms/latency.ts):
 *   breakoutWeeks = breakoutMaxWeeks · ln(90 / e) / ln(90 / 3.67) / (½ + ½ min(1, stock / referenceStock))
 *   latency       = 1 − min(1, breakoutWeeks / breakoutMaxWeeks)
 * Expanding adds 1 / stepWeeks of progress and stockGrowth a week (up to 60% without a dash);
 * capping rolls back (levels − 1) / rollbackWeeks a week toward what an agreement allows and the
 * stockpile by (stock − stockCap) / rollbackWeeks; under an agreement expanding is a breach, found
 * with chance detection · access. Defaults: levels 3.67, 5, 20, 60, 90; breakoutMaxWeeks 52,
 * referenceStock 400, stepWeeks 12, stockGrowth 2, rollbackWeeks 26, stockCap 300, detection 0.3,
 * leverageValue 1.5, expandCost 0.15, complianceValue 0.4, weaponValue 0.5, dashRisk 2, warCost 0.8.
 * ln(90/3.67) = 3.199618, ln(1.5) = 0.405465, ln(4.5) = 1.504077.
 */
import { describe, expect, it } from 'vitest';
import { allowedLevel, breakoutWeeks, latency, levels, strikeRisk } from '../../../src/models/table/mechanisms/latency.js';
import { PHASE } from '../../../src/models/table/state.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

describe('latency: breakout time, enrichment steps, rollback', () => {
  it('breakout time by hand', () => {
    const { p } = world();
    expect(levels(p)).toEqual([3.67, 5, 20, 60, 90]);
    // at the cap with the reference stock: 52 · 1 / 1 = 52
    expect(breakoutWeeks(3.67, 400, p)).toBeCloseTo(52, 12);
    // 60% with 200 kg: 52 · 0.405465 / 3.199618 / 0.75 = 8.7861
    expect(breakoutWeeks(60, 200, p)).toBeCloseTo(8.7861, 4);
    // 20% with 400 kg: 52 · 1.504077 / 3.199618 = 24.4442
    expect(breakoutWeeks(20, 400, p)).toBeCloseTo(24.4442, 4);
    // weapons grade (or above): 0
    expect(breakoutWeeks(90, 100, p)).toBe(0);
    expect(breakoutWeeks(95, 100, p)).toBe(0);
    // an empty stockpile doubles it: 52 / ½ = 104 at the cap
    expect(breakoutWeeks(3.67, 0, p)).toBeCloseTo(104, 12);
  });

  it('what an agreement allows, and the SNSC\'s expected cost of a strike', () => {
    const w = world({ state: (s) => { s[S.phase] = PHASE.deal; } });
    expect(allowedLevel(w.m)).toBe(0);
    w.n[S.phase] = PHASE.interim;
    expect(allowedLevel(w.m)).toBe(1);
    w.n[S.phase] = PHASE.talks;
    expect(allowedLevel(w.m)).toBe(4);
    // level 2 → next 60 reaches the red line (60): 0.8 · (0.5 + (0.2 + 0.3) · 0.4) = 0.8 · 0.7 = 0.56
    const r = world({ state: (s) => { s[S.level] = 2; s[S.redLine] = 60; s[S.threatCredibility] = 0.5; s[S.strikeSupport] = 0.2; s[S.israelStrikeSupport] = 0.3; s[S.latency] = 0.4; } });
    expect(strikeRisk(r.m)).toBeCloseTo(0.56, 12);
    // level 1 → next 20 is below the line: 0.8 · 0.2 = 0.16
    r.n[S.level] = 1;
    expect(strikeRisk(r.m)).toBeCloseTo(0.16, 12);
  });

  it('expanding: 1/12 of a level and 2 kg a week; a level crossed', () => {
    const w = world({ state: (s) => { s[S.level] = 2; s[S.progress] = 0.5; s[S.stockpile] = 200; s[S.expandSupport] = 0.6; } });
    latency.update!(w.m);
    expect(w.n[S.progress]).toBeCloseTo(0.5 + 1 / 12, 12);
    expect(w.n[S.stockpile]).toBe(202);
    expect(w.n[S.level]).toBe(2);
    expect(w.n[S.enrichment]).toBe(20); // no dash: the level's enrichment
    // breakout 52 · 1.504077 / 3.199618 / (½ + ½ · 202/400) = 24.4442 / 0.7525 = 32.4840; latency 1 − 32.4840 / 52 = 0.375308
    expect(w.n[S.breakoutWeeks]).toBeCloseTo(32.484, 3);
    expect(w.n[S.latency]).toBeCloseTo(1 - w.n[S.breakoutWeeks]! / 52, 12);
    expect(w.draws).toEqual([]); // no agreement: no breach to detect
    const c = world({ state: (s) => { s[S.level] = 2; s[S.progress] = 0.95; s[S.expandSupport] = 0.6; } });
    latency.update!(c.m);
    expect(c.n[S.level]).toBe(3);
    expect(c.n[S.progress]).toBe(0);
    expect(c.n[S.enrichment]).toBe(60);
    expect(ofKind(c, 'enrichment-crossed')).toHaveLength(1);
    // not at the majority: nothing moves
    const n = world({ state: (s) => { s[S.level] = 2; s[S.progress] = 0.5; s[S.expandSupport] = 0.59; } });
    latency.update!(n.m);
    expect(n.n[S.progress]).toBe(0.5);
  });

  it('a breach under an agreement is found with chance detection · access', () => {
    // interim (allows level 1), access 0.5: chance 0.3 · 0.5 = 0.15
    const found = world({ draws: { detection: 0.149 }, state: (s) => { s[S.phase] = PHASE.interim; s[S.level] = 1; s[S.access] = 0.5; s[S.expandSupport] = 0.7; } });
    latency.update!(found.m);
    expect(found.n[S.breaches]).toBe(1);
    expect(ofKind(found, 'breach-detected')).toHaveLength(1);
    const missed = world({ draws: { detection: 0.151 }, state: (s) => { s[S.phase] = PHASE.interim; s[S.level] = 1; s[S.access] = 0.5; s[S.expandSupport] = 0.7; } });
    latency.update!(missed.m);
    expect(missed.n[S.breaches]).toBe(0);
  });

  it('capping under a deal rolls back 4/26 of a level a week and the stockpile toward 300 kg', () => {
    const w = world({ state: (s) => { s[S.phase] = PHASE.deal; s[S.level] = 2; s[S.progress] = 0; s[S.stockpile] = 400; s[S.capSupport] = 0.6; } });
    latency.update!(w.m);
    // progress 0 − 4/26 = −0.153846; stock 400 − 100/26 = 396.1538
    expect(w.n[S.progress]).toBeCloseTo(-4 / 26, 12);
    expect(w.n[S.level]).toBe(2);
    expect(w.n[S.stockpile]).toBeCloseTo(400 - 100 / 26, 9);
    // a full level rolled back
    const l = world({ state: (s) => { s[S.phase] = PHASE.deal; s[S.level] = 2; s[S.progress] = -0.9; s[S.capSupport] = 0.6; } });
    latency.update!(l.m);
    expect(l.n[S.level]).toBe(1);
    expect(l.n[S.progress]).toBe(0);
    expect(l.n[S.enrichment]).toBe(5);
  });

  it('a dash: decided at 60%, then 1 / breakoutWeeks a week to weapons grade', () => {
    const d = world({ state: (s) => { s[S.level] = 3; s[S.dashSupport] = 0.6; } });
    latency.update!(d.m);
    expect(d.n[S.dash]).toBe(1);
    expect(d.n[S.dashSupport]).toBe(0);
    expect(ofKind(d, 'breakout-decision')).toHaveLength(1);
    // a dash from 20% is not possible (level < 3)
    const no = world({ state: (s) => { s[S.level] = 2; s[S.dashSupport] = 0.6; } });
    latency.update!(no.m);
    expect(no.n[S.dash]).toBe(0);
    // running: progress 0.5 + 1/10 = 0.6; enrichment 60 + 0.6 · 30 = 78
    const r = world({ state: (s) => { s[S.level] = 3; s[S.dash] = 1; s[S.progress] = 0.5; s[S.breakoutWeeks] = 10; } });
    latency.update!(r.m);
    expect(r.n[S.progress]).toBeCloseTo(0.6, 12);
    expect(r.n[S.enrichment]).toBeCloseTo(78, 9);
    const b = world({ state: (s) => { s[S.level] = 3; s[S.dash] = 1; s[S.progress] = 0.95; s[S.breakoutWeeks] = 10; } });
    latency.update!(b.m);
    expect(b.n[S.level]).toBe(4);
    expect(b.n[S.enrichment]).toBe(90);
    expect(b.n[S.latency]).toBe(1);
    expect(ofKind(b, 'breakout')).toHaveLength(1);
  });

  it('the SNSC\'s pay: compliance, the bargaining chip, the dash', () => {
    const st = (s: Float64Array) => {
      s[S.level] = 2; s[S.stockpile] = 400; s[S.latency] = 1 - 24.444175657958 / 52; s[S.threatCredibility] = 0.5;
      s[S.redLine] = 60; s[S.strikeSupport] = 0; s[S.israelStrikeSupport] = 0; s[S.residual] = 0.5;
    };
    const w = forRewards(world({ params: (p) => { p.principals.hawkTilt = 0; }, state: st }));
    const out = new Sink();
    latency.rewards!(w.m, out);
    // cap: 0.4 · max(0, residual 0.5) = 0.2
    expect(out.get('iran.snsc.cap')).toBeCloseTo(0.2, 12);
    // chip = latency at 60% − latency now = (1 − 6.5896/52) − (1 − 24.4442/52) = 0.343357
    // risk = 0.8 · 0.5 = 0.4; expand = 1.5 · 0.343357 − 0.15 − 0.4 = −0.034964
    expect(out.get('iran.snsc.expand')).toBeCloseTo(-0.034964, 5);
    // dash below 60%: 0 − 0.15 − 2 · 0.4 = −0.95
    expect(out.get('iran.snsc.dash')).toBeCloseTo(-0.95, 12);
    // under a deal the cap pays the full complianceValue 0.4
    const d = forRewards(world({ params: (p) => { p.principals.hawkTilt = 0; }, state: (s) => { st(s); s[S.phase] = PHASE.deal; s[S.relief] = 0.5; s[S.access] = 0.6; } }));
    const o2 = new Sink();
    latency.rewards!(d.m, o2);
    expect(o2.get('iran.snsc.cap')).toBeCloseTo(0.4, 12);
  });

  // the header documents the chip only while no agreement binds: under an agreement in force
  // expanding is a breach, not a chip
  it('under an agreement, expanding pays no chip: only its costs (the documented formula)', () => {
    const st = (s: Float64Array) => {
      s[S.level] = 2; s[S.stockpile] = 400; s[S.latency] = 1 - 24.444175657958 / 52; s[S.threatCredibility] = 0.5;
      s[S.redLine] = 60; s[S.strikeSupport] = 0; s[S.israelStrikeSupport] = 0; s[S.phase] = PHASE.deal; s[S.relief] = 0.5; s[S.access] = 0.6;
    };
    const d = forRewards(world({ params: (p) => { p.principals.hawkTilt = 0; }, state: st }));
    const out = new Sink();
    latency.rewards!(d.m, out);
    // no chip under an agreement: − 0.15 − 0.4 − 0.4 · 0.5 · 0.3 · 0.6 = −0.15 − 0.4 − 0.036 = −0.586
    expect(out.get('iran.snsc.expand')).toBeCloseTo(-0.586, 5);
  });
});
