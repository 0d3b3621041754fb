/**
 * Mechanism 9, the multipolar buffer (mechanisms/buffer.ts):
 *   lost     = oilBaseline · oilLoss · sanctions · (1 − relief)
 *   exports  = oilBaseline − lost + min(lost, chinaCapacity · chinaBuying)
 *   bite     = financialShare · sanctions · (1 − relief) + (1 − financialShare) · (1 − exports / oilBaseline)
 *   stress  → bite · (1 − adaptationRelief · adaptation)   at economy.stressSpeed
 *   airDefence → partner(Russia) at buffer.partnerSpeed; sanctions erode at economy.decay
 * Refiners: buy pays discount, shun 0, a buyer is designated with chance designation · enforcement,
 * enforcement = sanctions · (½ + ½ pressure); Russia: partner pays russiaArms − russiaCost · tension.
 * Defaults: oilBaseline 2.5, oilLoss 0.65, chinaCapacity 1.5, financialShare 0.5, stressSpeed 0.05,
 * adaptationRelief 0.5, partnerSpeed 0.02, decay 0.002, discount 0.4, designation 0.03,
 * designationCost 3, russiaArms 0.3, russiaCost 0.2.
 */
import { describe, expect, it } from 'vitest';
import { buffer } from '../../../src/models/table/mechanisms/buffer.js';
import { forRewards, S, Sink, world } from './world.js';

const state = (s: Float64Array) => { s[S.sanctions] = 0.7; s[S.relief] = 0.2; s[S.adaptation] = 0.5; s[S.stress] = 0.3; s[S.airDefence] = 0.1; };

describe('buffer: exports, stress and air defence', () => {
  it('computes exports, the bite and the stress step by hand', () => {
    const w = world({ state, shares: { 'china.refiners': { buy: 0.5, shun: 0.5 }, russia: { partner: 0.8, hold: 0.2, distance: 0 } } });
    buffer.update!(w.m);
    // lost = 2.5 · 0.65 · 0.7 · 0.8 = 0.91; China carries min(0.91, 1.5 · 0.5 = 0.75) = 0.75
    // exports = 2.5 − 0.91 + 0.75 = 2.34
    expect(w.n[S.chinaBuying]).toBe(0.5);
    expect(w.n[S.oilExports]).toBeCloseTo(2.34, 12);
    // bite = 0.5 · 0.7 · 0.8 + 0.5 · (1 − 2.34 / 2.5) = 0.28 + 0.032 = 0.312
    // target = 0.312 · (1 − 0.5 · 0.5) = 0.234; stress = 0.3 + 0.05 · (0.234 − 0.3) = 0.2967
    expect(w.n[S.stress]).toBeCloseTo(0.2967, 12);
    // air defence = 0.1 + 0.02 · (0.8 − 0.1) = 0.114
    expect(w.n[S.airDefence]).toBeCloseTo(0.114, 12);
    // sanctions erode: 0.7 · (1 − 0.002) = 0.6986
    expect(w.n[S.sanctions]).toBeCloseTo(0.6986, 12);
  });

  it('weighs finance and oil by financialShare, and adaptation by adaptationRelief (asymmetric values)', () => {
    const w = world({ params: (p) => { p.economy.financialShare = 0.3; p.sunkCost.adaptationRelief = 0.8; }, state, shares: { 'china.refiners': { buy: 0.5, shun: 0.5 } } });
    buffer.update!(w.m);
    // exports 2.34 as above; bite = 0.3 · 0.56 + 0.7 · 0.064 = 0.168 + 0.0448 = 0.2128
    // target 0.2128 · (1 − 0.8 · 0.5) = 0.12768; stress 0.3 + 0.05 · (0.12768 − 0.3) = 0.291384
    expect(w.n[S.stress]).toBeCloseTo(0.291384, 12);
  });

  it('China cannot carry more than was lost: full buying restores the baseline', () => {
    const w = world({ state, shares: { 'china.refiners': { buy: 1, shun: 0 } } });
    buffer.update!(w.m);
    // min(0.91, 1.5) = 0.91 → exports = 2.5; bite = 0.28 + 0 → target 0.21; stress = 0.3 − 0.05 · 0.09 = 0.2955
    expect(w.n[S.oilExports]).toBeCloseTo(2.5, 12);
    expect(w.n[S.stress]).toBeCloseTo(0.2955, 12);
  });

  it('no buying: exports fall by the whole loss', () => {
    const w = world({ state, shares: { 'china.refiners': { buy: 0, shun: 1 } } });
    buffer.update!(w.m);
    // 2.5 − 0.91 = 1.59
    expect(w.n[S.oilExports]).toBeCloseTo(1.59, 12);
  });

  it('pays refiners the discount against their risk of designation, and Russia by the tension', () => {
    const w = forRewards(world({ params: (p) => { p.interventions.pressure = 1; }, state: (s) => { state(s); s[S.tension] = 0.5; s[S.kinetic] = 1; } }));
    const out = new Sink();
    buffer.rewards!(w.m, out);
    expect(out.get('china.refiners.buy')).toBeCloseTo(0.4, 12);
    expect(out.get('china.refiners.shun')).toBe(0);
    // enforcement = 0.7 · (½ + ½ · 1) = 0.7; hazard 0.03 · 0.7 = 0.021 at a cost of 3
    expect(out.hazards).toEqual([{ pop: 'china.refiners', action: 'buy', probability: expect.closeTo(0.021, 12), cost: 3 }]);
    // Russia: partner 0.3 − 0.2 · 0.5 = 0.2; distance 0.2 · kinetic 1 = 0.2
    expect(out.get('russia.partner')).toBeCloseTo(0.2, 12);
    expect(out.get('russia.distance')).toBeCloseTo(0.2, 12);
  });

  it('without a pressure policy enforcement is half the sanctions', () => {
    const w = forRewards(world({ state }));
    const out = new Sink();
    buffer.rewards!(w.m, out);
    // 0.03 · 0.7 · ½ = 0.0105
    expect(out.hazards[0]!.probability).toBeCloseTo(0.0105, 12);
  });
});
