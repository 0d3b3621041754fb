/**
 * players.ts: the two sides rebuilt from the state and the last tick's shares.
 *   flexibility w = accommodating share + ½ holding share; p_f = hard + w (soft − hard)
 *   US salience of enrichment = usEnrichment + latencyEnrichment · latency · weaponBelief;
 *   Iran's of relief = irRelief + stressRelief · stress; a modular agenda zeroes the regional salience
 *   survival(c, n) = (1 − cⁿ) / (n (1 − c)), n = horizonYears / 4; Iran's durability of a form =
 *   survival(c_form, n) · (½ + ½ unifiedBelief); the US's = 1 − weaponBelief
 *   relief cost (Leader, government, principal) = switchingCost · adaptation; concession cost =
 *   dissentThreat · humiliationDrive · humiliation · sanctions; outside options: IRGC threatLegitimacy ·
 *   tension, Israel max(0, strike value).
 * Defaults: usEnrichment 1, latencyEnrichment 1.5, irRelief 0.6, stressRelief 1.2, horizonYears 8,
 * treatyPriorKeep 9, escrowPriorKeep 4, switchingCost 0.5, dissentThreat 2, humiliationDrive 0.3,
 * humiliation 1, threatLegitimacy 1.5; capabilities 0.4 / 0.25 / 0.15 / 0.2; US profiles on enrichment 1 (hard), 0.7 (soft).
 */
import { describe, expect, it } from 'vitest';
import { DIM } from '../../../src/models/table/issues.js';
import { survival } from '../../../src/models/table/players.js';
import { S, world } from './world.js';

describe('players: positions, saliences, durability, costs, veto sets', () => {
  it('survival over n changes of administration, closed form', () => {
    // n = 2, c = 0.75: (1 − 0.5625) / (2 · 0.25) = 0.875 = (1 + c) / 2, the mean of 1 and c
    expect(survival(0.75, 2)).toBeCloseTo(0.875, 12);
    // n = 3, c = ½: (1 − ⅛) / (3 · ½) = 0.583333 = (1 + ½ + ¼) / 3
    expect(survival(0.5, 3)).toBeCloseTo(1.75 / 3, 12);
    expect(survival(1, 5)).toBe(1);
    expect(survival(0.3, 0)).toBe(1);
  });

  it('positions from the factions\' flexibilities, weighted by capability × salience', () => {
    const w = world({ shares: {
      'us.president': { engage: 0.5, hold: 0.5, pressure: 0, strike: 0 }, 'us.state': { concede: 1, hold: 0, harden: 0 },
      'us.dod': { 'stand-down': 0, hold: 0, surge: 1 }, 'us.senate': { 'pro-deal': 0.5, abstain: 0, 'anti-deal': 0.5 },
    } });
    const b = w.m.players.update(w.m);
    // w: President 0.5 + 0.25 = 0.75, State 1, DoD 0, Congress 0.5 → enrichment 1 − 0.3 w: 0.775, 0.7, 1, 0.85
    // equal saliences: (0.4 · 0.775 + 0.25 · 0.7 + 0.15 · 1 + 0.2 · 0.85) / 1 = 0.31 + 0.175 + 0.15 + 0.17 = 0.805
    expect(b.us.position[DIM.enrichment]).toBeCloseTo(0.805, 12);
    expect(b.us.flexibility).toBe(1);
    expect(b.president.ideal[DIM.enrichment]).toBeCloseTo(0.775, 12);
  });

  it('saliences move with latency, belief and stress', () => {
    const w = world({ state: (s) => { s[S.latency] = 0.4; s[S.weaponBelief] = 0.5; s[S.stress] = 0.5; } });
    const b = w.m.players.update(w.m);
    // 1 + 1.5 · 0.4 · 0.5 = 1.3; 0.6 + 1.2 · 0.5 = 1.2
    expect(b.president.sal[DIM.enrichment]).toBeCloseTo(1.3, 12);
    expect(b.leader.sal[DIM.relief]).toBeCloseTo(1.2, 12);
    // grand agenda: the IRGC weighs the regional file twice (0.5 · 2)
    expect(b.irgc.sal[DIM.regional]).toBeCloseTo(1, 12);
    const mod = world({ params: (p) => { p.interventions.agenda = 'modular'; } });
    const bm = mod.m.players.update(mod.m);
    expect(bm.president.sal[DIM.regional]).toBe(0);
    expect(bm.irgc.sal[DIM.regional]).toBe(0);
    expect(bm.us.vetoes).toHaveLength(2);
    expect(bm.ir.vetoes).toHaveLength(2);
    expect(b.us.vetoes).toHaveLength(4);
    expect(b.ir.vetoes).toHaveLength(3);
  });

  it('expected durability: Iran\'s by form, the US\'s from its belief in cheating', () => {
    const w = world({ state: (s) => { s[S.commitBelief] = 0.75; s[S.unifiedBelief] = 0.6; s[S.weaponBelief] = 0.3; s[S.freezeSeen] = 1; } });
    const b = w.m.players.update(w.m);
    // n = 8 / 4 = 2; deliver ½ + ½ · 0.6 = 0.8
    // executive survival(0.75, 2) = 0.875 → 0.7; no locked channel: the escrow form as executive 0.7
    // treaty c = 9 / 10: (1 + 0.9) / 2 = 0.95 → 0.76
    expect(b.leader.durability[0]).toBeCloseTo(0.7, 12);
    expect(b.leader.durability[1]).toBeCloseTo(0.7, 12);
    expect(b.leader.durability[2]).toBeCloseTo(0.76, 12);
    // the US, whatever the form: 1 − 0.3 = 0.7
    expect(Array.from(b.president.durability)).toEqual([expect.closeTo(0.7, 12), expect.closeTo(0.7, 12), expect.closeTo(0.7, 12)]);
    // with the channel: freeze rate 1 / (1 + 4) = 0.2, c = 0.8 → (1 + 0.8) / 2 = 0.9 → 0.72
    const e = world({ params: (p) => { p.interventions.escrow = true; }, state: (s) => { s[S.commitBelief] = 0.75; s[S.unifiedBelief] = 0.6; s[S.freezeSeen] = 1; } });
    expect(e.m.players.update(e.m).leader.durability[1]).toBeCloseTo(0.72, 12);
  });

  it('costs beyond the terms and outside options', () => {
    const w = world({ state: (s) => { s[S.adaptation] = 0.6; s[S.sanctions] = 0.5; s[S.tension] = 0.4; s[S.weaponBelief] = 1; s[S.latency] = 1; s[S.access] = 0.3; s[S.airDefence] = 0; } });
    const b = w.m.players.update(w.m);
    // switching 0.5 · 0.6 = 0.3; dissent 2 · 0.3 · 1 · 0.5 = 0.3
    expect(b.leader.reliefCost).toBeCloseTo(0.3, 12);
    expect(b.ir.principal.reliefCost).toBeCloseTo(0.3, 12);
    expect(b.leader.concessionCost).toBeCloseTo(0.3, 12);
    // the IRGC: rents 0.3 · 0.6 − relief gain 0.2 = −0.02; its outside option 1.5 · 0.4 = 0.6
    expect(b.irgc.reliefCost).toBeCloseTo(-0.02, 12);
    expect(b.irgc.outside).toBeCloseTo(0.6, 12);
    // Israel: strike value 3 · 1 · 1 · 0.6 − 0.8 = 1 (a veto player of a grand bargain)
    const israel = b.us.vetoes[2]!;
    expect(israel.outside).toBeCloseTo(1, 12);
  });
});
