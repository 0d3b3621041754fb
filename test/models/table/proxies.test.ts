/**
 * Mechanism 3, proxy agency and IRGC legitimacy (mechanisms/proxies.ts). Cells' pay:
 *   hold:   restraintPay + (1 − autonomy) · funding · restrain(IRGC)
 *   attack: ownGain + (1 − autonomy) · funding · escalate(IRGC) + threatPay · tension
 *           + safetyInNumbers (local) − hitCost with chance hitHazard · (surge(DoD) + strike supports)
 * World: tension += tensionPerAttack · each group's attack share; US deaths += usDeathsPerAttack ·
 * the militias' share; a campaign starts at proxies.campaign and ends below half of it; the IRGC
 * budget follows threatLegitimacy · tension + reliefGain · relief − regionalLoss · [grand] · deal.regional
 * at budgetRate. Defaults: autonomy 0.4 / 0.7 / 0.6, ownGain 0.05, restraintPay 0.4, funding 0.4,
 * threatPay 0.2, hitHazard 0.02, hitCost 2, safetyInNumbers 0.2, tensionPerAttack 0.005,
 * usDeathsPerAttack 0.3, campaign 0.3; threatLegitimacy 1.5, regionalLoss 0.6, reliefGain 0.2,
 * rentLoss 0.3, budgetRate 0.05.
 */
import { describe, expect, it } from 'vitest';
import { DIM } from '../../../src/models/table/issues.js';
import { proxies } from '../../../src/models/table/mechanisms/proxies.js';
import { V } from '../../../src/models/table/state.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

const attacks = (h: number, y: number, m: number) => ({ 'proxy.hezbollah': { hold: 1 - h, attack: h }, 'proxy.houthis': { hold: 1 - y, attack: y }, 'proxy.militias': { hold: 1 - m, attack: m } });

describe('proxies: attacks, campaigns and the IRGC\'s budget', () => {
  it('attacks raise tension and kill US service members (the militias\')', () => {
    const w = world({ shares: attacks(0.4, 0.2, 0.6), state: (s) => { s[S.tension] = 0.3; s[S.usDeaths] = 1; s[S['campaign.militias']] = 1; s[S.relief] = 0.2; s[V.deal + DIM.regional] = 0.5; s[S.irgcBudget] = 0.1; } });
    proxies.update!(w.m);
    // tension 0.3 + 0.005 · 1.2 = 0.306; deaths 1 + 0.3 · 0.6 = 1.18; mean share 0.4
    expect(w.n[S.tension]).toBeCloseTo(0.306, 12);
    expect(w.n[S.usDeaths]).toBeCloseTo(1.18, 12);
    expect(w.n[S.attacks]).toBeCloseTo(0.4, 12);
    expect(w.n[S['attacks.houthis']]).toBe(0.2);
    // campaigns: Hezbollah starts one (0.4 ≥ 0.3), the Houthis none, the militias' goes on (no new event)
    expect(w.n[S['campaign.hezbollah']]).toBe(1);
    expect(w.n[S['campaign.houthis']]).toBe(0);
    expect(w.n[S['campaign.militias']]).toBe(1);
    expect(ofKind(w, 'proxy-attack').map((e) => e.actor)).toEqual(['proxy.hezbollah']);
    // IRGC budget: target 1.5 · 0.306 + 0.2 · 0.2 − 0.6 · 1 · 0.5 = 0.459 + 0.04 − 0.3 = 0.199
    // 0.1 + 0.05 · (0.199 − 0.1) = 0.10495
    expect(w.n[S.irgcBudget]).toBeCloseTo(0.10495, 12);
  });

  it('a campaign ends below half the campaign share, not above it', () => {
    const w = world({ shares: attacks(0.149, 0.151, 0.3), state: (s) => { s[S['campaign.hezbollah']] = 1; s[S['campaign.houthis']] = 1; } });
    proxies.update!(w.m);
    expect(w.n[S['campaign.hezbollah']]).toBe(0);
    expect(w.n[S['campaign.houthis']]).toBe(1);
    // the militias at exactly 0.3 start one
    expect(w.n[S['campaign.militias']]).toBe(1);
  });

  it('a modular agenda takes the regional loss out of the IRGC budget', () => {
    const w = world({ params: (p) => { p.interventions.agenda = 'modular'; }, shares: attacks(0, 0, 0), state: (s) => { s[S.tension] = 0.2; s[S.relief] = 0; s[V.deal + DIM.regional] = 0.5; s[S.irgcBudget] = 0; } });
    proxies.update!(w.m);
    // target 1.5 · 0.2 = 0.3; budget 0.05 · 0.3 = 0.015
    expect(w.n[S.irgcBudget]).toBeCloseTo(0.015, 12);
  });

  it('cells weigh their own pay against the IRGC\'s orders by their autonomy', () => {
    const w = forRewards(world({
      params: (p) => { p.principals.hawkTilt = 0; },
      shares: { 'iran.irgc': { restrain: 0.2, hold: 0.3, escalate: 0.5 }, 'us.dod': { 'stand-down': 0.3, hold: 0.3, surge: 0.4 } },
      state: (s) => { s[S.tension] = 0.5; s[S.strikeSupport] = 0.1; s[S.israelStrikeSupport] = 0.2; s[V.usProposal + DIM.relief] = 0.5; s[V.usProposal + DIM.regional] = 0.4; s[S.adaptation] = 0.5; },
    }));
    const out = new Sink();
    proxies.rewards!(w.m, out);
    // Hezbollah (obeys 0.6): hold 0.4 + 0.6 · 0.4 · 0.2 = 0.448; attack 0.05 + 0.6 · 0.4 · 0.5 + 0.2 · 0.5 = 0.27
    expect(out.get('proxy.hezbollah.hold')).toBeCloseTo(0.448, 12);
    expect(out.get('proxy.hezbollah.attack')).toBeCloseTo(0.27, 12);
    // the Houthis (obey 0.3): hold 0.424; attack 0.05 + 0.06 + 0.1 = 0.21
    expect(out.get('proxy.houthis.hold')).toBeCloseTo(0.424, 12);
    expect(out.get('proxy.houthis.attack')).toBeCloseTo(0.21, 12);
    // the militias (obey 0.4): attack 0.05 + 0.08 + 0.1 = 0.23
    expect(out.get('proxy.militias.attack')).toBeCloseTo(0.23, 12);
    // retaliation 0.4 + 0.1 + 0.2 = 0.7 → hazard 0.014 at cost 2, for each proxy
    expect(out.hazards.map((h) => [h.pop, h.action, h.cost])).toEqual([['proxy.hezbollah', 'attack', 2], ['proxy.houthis', 'attack', 2], ['proxy.militias', 'attack', 2]]);
    for (const h of out.hazards) expect(h.probability).toBeCloseTo(0.014, 12);
    expect(out.locals.every((l) => l.a === 'attack' && l.b === 'attack' && l.coef === 0.2)).toBe(true);
    // IRGC: restrain 0.2 · 0.5 = 0.1; escalate 1.5 · 0.5 + 0.6 · 0.4 + 0.3 · 0.5 · 0.5 = 0.75 + 0.24 + 0.075 = 1.065
    expect(out.get('iran.irgc.restrain')).toBeCloseTo(0.1, 12);
    expect(out.get('iran.irgc.escalate')).toBeCloseTo(1.065, 12);
  });
});
