/**
 * Force (mechanisms/force.ts): tension relaxes at kinetic.decay + kinetic.mediation · mediate(Gulf)
 * and rises with escalateTension · escalate(IRGC); a kinetic episode starts at kinetic.threshold and
 * ends in a ceasefire below kinetic.ceasefire (US deaths warDeaths a week while it lasts). A decided
 * strike adds strikeTension, enforces a crossed red line and, if nature's draw is below P(success),
 * destroys setbackWeeks of progress and stockLoss of the stockpile; sabotage destroys sabotageWeeks.
 * Pay: strike = preventionValue · belief · latency · P(success) − warCost (+ Israel: usGreenLight ·
 * (1 − engage(President))); sabotage = sabotageValue · latency − sabotageCost; Gulf mediate
 * stability · tension, hedge hedging, align alignment · attacks.
 * Defaults: decay 0.04, mediation 0.06, escalateTension 0.004, threshold 1, ceasefire 0.5,
 * warDeaths 5, strikeTension 0.8, setbackWeeks 52, stockLoss 0.3, sabotageWeeks 8,
 * sabotageSuccess 0.3, stepWeeks 12, usGreenLight 0.5, sabotageValue 0.2, sabotageCost 0.15,
 * stability 0.5, hedging 0.2, alignment 0.3.
 */
import { describe, expect, it } from 'vitest';
import { force } from '../../../src/models/table/mechanisms/force.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

const calm = { gulf: { mediate: 0, hedge: 1, align: 0 }, 'iran.irgc': { restrain: 0, hold: 1, escalate: 0 } };

describe('force: tension, episodes, strikes and sabotage', () => {
  it('tension relaxes with mediation and rises with the IRGC\'s escalation', () => {
    const w = world({ shares: { gulf: { mediate: 0.5, hedge: 0.5, align: 0 }, 'iran.irgc': { restrain: 0, hold: 0.5, escalate: 0.5 } }, state: (s) => { s[S.tension] = 0.5; } });
    force.update!(w.m);
    // 0.5 · (1 − 0.04 − 0.06 · 0.5) + 0.004 · 0.5 = 0.465 + 0.002 = 0.467
    expect(w.n[S.tension]).toBeCloseTo(0.467, 12);
  });

  it('an episode starts at the threshold and ends in a ceasefire below 0.5 (hysteresis)', () => {
    const w = world({ shares: calm, state: (s) => { s[S.tension] = 1.1; s[S.usDeaths] = 0; } });
    force.update!(w.m);
    // 1.1 · 0.96 = 1.056 ≥ 1: an episode, 5 US deaths
    expect(w.n[S.kinetic]).toBe(1);
    expect(w.n[S.usDeaths]).toBe(5);
    expect(ofKind(w, 'kinetic-episode-started')).toHaveLength(1);
    // 1.04 · 0.96 = 0.9984 < 1: none
    const below = world({ shares: calm, state: (s) => { s[S.tension] = 1.04; } });
    force.update!(below.m);
    expect(below.n[S.kinetic]).toBe(0);
    // in an episode: 0.6 · 0.96 = 0.576 ≥ 0.5 goes on; 0.5 · 0.96 = 0.48 < 0.5 ends
    const on = world({ shares: calm, state: (s) => { s[S.tension] = 0.6; s[S.kinetic] = 1; } });
    force.update!(on.m);
    expect(on.n[S.kinetic]).toBe(1);
    const off = world({ shares: calm, state: (s) => { s[S.tension] = 0.5; s[S.kinetic] = 1; s[S.usDeaths] = 3; } });
    force.update!(off.m);
    expect(off.n[S.kinetic]).toBe(0);
    expect(off.n[S.usDeaths]).toBe(3);
    expect(ofKind(off, 'ceasefire')).toHaveLength(1);
  });

  it('a successful US strike sets the programme back 52 weeks and burns 30% of the stock', () => {
    // P(success) = 0.6 at access 0.3 and no air defence; the draw 0.59 succeeds
    const w = world({ shares: calm, draws: { 'strike-success': 0.59 }, state: (s) => { s[S.strikeSupport] = 0.6; s[S.level] = 3; s[S.progress] = 0.5; s[S.stockpile] = 400; s[S.tension] = 0; s[S.crossedFor] = 2; s[S.enforcedSeen] = 1; } });
    force.update!(w.m);
    // progress 0.5 − 52/12 = −3.83 → level 2 (−2.83), 1 (−1.83), 0 (−0.83) → level 0, progress 0, 3.67%
    expect(w.n[S.level]).toBe(0);
    expect(w.n[S.progress]).toBe(0);
    expect(w.n[S.enrichment]).toBe(3.67);
    expect(w.n[S.stockpile]).toBeCloseTo(280, 9);
    // tension 0 + 0.8; the strike spends the support, enforces the crossed line
    expect(w.n[S.tension]).toBeCloseTo(0.8, 12);
    expect(w.n[S.strikes]).toBe(1);
    expect(w.n[S.strikeSupport]).toBe(0);
    expect(w.n[S.enforcedSeen]).toBe(2);
    expect(ofKind(w, 'strike')[0]).toMatchObject({ actor: 'us.president', detail: { success: true } });
    // the draw 0.61 fails: no setback, the tension all the same
    const f = world({ shares: calm, draws: { 'strike-success': 0.61 }, state: (s) => { s[S.strikeSupport] = 0.6; s[S.level] = 3; s[S.progress] = 0.5; s[S.stockpile] = 400; s[S.tension] = 0; } });
    force.update!(f.m);
    expect(f.n[S.level]).toBe(3);
    expect(f.n[S.stockpile]).toBe(400);
    expect(f.n[S.tension]).toBeCloseTo(0.8, 12);
  });

  it('Israeli sabotage sets back 8 weeks; a decided strike comes first', () => {
    const w = world({ shares: calm, draws: { 'sabotage-success': 0.29 }, state: (s) => { s[S.sabotageSupport] = 0.6; s[S.level] = 2; s[S.progress] = 0.5; s[S.dash] = 1; } });
    force.update!(w.m);
    // 0.5 − 8/12 = −0.1667 → level 1, progress 0.8333; enrichment 5; the dash is stopped
    expect(w.n[S.level]).toBe(1);
    expect(w.n[S.progress]).toBeCloseTo(0.5 - 8 / 12 + 1, 12);
    expect(w.n[S.enrichment]).toBe(5);
    expect(w.n[S.dash]).toBe(0);
    expect(w.n[S.sabotageSupport]).toBe(0);
    const both = world({ shares: calm, state: (s) => { s[S.israelStrikeSupport] = 0.6; s[S.sabotageSupport] = 0.6; } });
    force.update!(both.m);
    expect(ofKind(both, 'strike')).toHaveLength(1);
    expect(ofKind(both, 'sabotage')).toHaveLength(0);
    expect(both.n[S.sabotageSupport]).toBe(0.6);
  });

  it('the strikers\' and the Gulf\'s pay, by hand', () => {
    const w = forRewards(world({
      params: (p) => { p.principals.hawkTilt = 0; },
      shares: { 'us.president': { engage: 0.4, hold: 0.6, pressure: 0, strike: 0 } },
      state: (s) => { s[S.weaponBelief] = 0.5; s[S.latency] = 0.6; s[S.access] = 0.8; s[S.airDefence] = 0.4; s[S.tension] = 0.4; s[S.attacks] = 0.5; },
    }));
    const out = new Sink();
    force.rewards!(w.m, out);
    // strike value 3 · 0.5 · 0.6 · 0.7 − 0.8 = −0.17; Israel + 0.5 · (1 − 0.4) = 0.13
    expect(out.get('us.president.strike')).toBeCloseTo(-0.17, 12);
    expect(out.get('israel.cabinet.strike')).toBeCloseTo(0.13, 12);
    // sabotage 0.2 · 0.6 − 0.15 = −0.03
    expect(out.get('israel.cabinet.sabotage')).toBeCloseTo(-0.03, 12);
    // Gulf: mediate 0.5 · 0.4 = 0.2; hedge 0.2; align 0.3 · 0.5 = 0.15
    expect(out.get('gulf.mediate')).toBeCloseTo(0.2, 12);
    expect(out.get('gulf.hedge')).toBeCloseTo(0.2, 12);
    expect(out.get('gulf.align')).toBeCloseTo(0.15, 12);
    // the party lean: a Democrat engages, a Republican presses (0.3 each)
    expect(out.categories.filter((c) => c.pop === 'us.president').map((c) => [c.category, c.action, c.value])).toEqual([[0, 'engage', 0.3], [1, 'pressure', 0.3]]);
  });
});
