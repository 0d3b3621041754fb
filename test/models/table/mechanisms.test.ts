/**
 * Directional tests of the seed's mechanisms (issue 3): each compares two arms with everything
 * else fixed (seeds 1..200 each, 260 agents, 520 weekly ticks) and asserts the direction of the
 * effect on outcome shares with a one-sided two-proportion z test at p < 0.01.
 */
import { describe, it, expect } from 'vitest';
import { arm, greater, kindIs, type RunSummary } from './helpers.js';

const BASE = {};
/** Maximum clarity without the escrow channel: enough deals to see what makes them hold. */
const CLARITY = { interventions: { pressureBias: -0.2, reciprocity: 0.6, ladder: true }, signals: { unifiedCommand: 0.8 } };
const deal = kindIs('deal');

function expectEffect(res: { k1: number; k2: number; p: number; diff: number }, label: string): void {
  // printed so the report can quote the measured counts and p-values
  console.log(`${label}: ${res.k1} vs ${res.k2}, p = ${res.p.toExponential(2)}`);
  expect(res.diff).toBeGreaterThan(0);
  expect(res.p).toBeLessThan(0.01);
}

describe('mechanisms change outcome shares in the direction the seed states', () => {
  it('2 sunk cost of resistance: a higher switching cost prevents deals', () => {
    const none = arm(BASE, { sunkCost: { switchingCost: 0 } });
    const dflt = arm(BASE);
    expectEffect(greater(none, dflt, deal), 'deals, switching cost 0 vs default');
  });

  it('3 proxy agency: more proxy autonomy raises collapse and escalation', () => {
    const free = arm(BASE, { proxies: { autonomy: 1 } });
    const held = arm(BASE);
    expectEffect(greater(free, held, kindIs('escalation', 'collapse')), 'escalation+collapse, autonomy 1 vs default 0.5');
  });

  it('3 proxy agency: an IRGC whose legitimacy grows with threat opposes deals', () => {
    const indifferent = arm(BASE);
    const threatFed = arm(BASE, { proxies: { threatLegitimacy: 1 } });
    expectEffect(greater(indifferent, threatFed, deal), 'deals, threatLegitimacy default 0.5 vs 1');
  });

  it('4 incoherent signals: State relief with DoD surges lowers credibility and the deal share', () => {
    const unified = arm(BASE, { signals: { unifiedCommand: 1 } });
    const split = arm(BASE);
    expectEffect(greater(unified, split, deal), 'deals, unified command 1 vs default 0.2');
    expectEffect(greater(unified, split, (r) => r.meanCredibility > 0.35), 'mean credibility > 0.35, unified vs default');
  });

  it('5 nuclear latency: the more leverage hardliners draw from latency, the fewer deals', () => {
    const none = arm(BASE, { latency: { latencyValue: 0 } });
    const dflt = arm(BASE);
    expectEffect(greater(none, dflt, deal), 'deals, latencyValue 0 vs default');
  });

  it('7 monitoring vs sovereignty: Iran toggles access with sanctions pressure', () => {
    const m = (a: RunSummary[]) => a.reduce((x, r) => x + r.meanAccess, 0) / a.length;
    const untoggled = arm(BASE, { monitoring: { sanctionsToggle: 0 } });
    const dflt = arm(BASE);
    const cut = (m(untoggled) + m(dflt)) / 2;
    expectEffect(greater(untoggled, dflt, (r) => r.meanAccess > cut), `runs with mean access > ${cut.toFixed(2)}, toggle 0 vs default 0.5`);
    // and with the toggle on, more sanctions pressure means less access
    const pressure = arm(BASE, { interventions: { pressureBias: 0.3 } });
    const relief = arm(BASE, { interventions: { pressureBias: -0.2 } });
    const cut2 = (m(pressure) + m(relief)) / 2;
    expectEffect(greater(relief, pressure, (r) => r.meanAccess > cut2), `runs with mean access > ${cut2.toFixed(2)}, relief vs pressure`);
  });

  it('6 red-line paradox: moving red lines more often raises breakout', () => {
    const fast = { latency: { enrichmentRate: 1.5 } };
    const moving = arm(fast, { redLines: { moveProbability: 0.9 } });
    const firm = arm(fast, { redLines: { moveProbability: 0.1 } });
    expectEffect(greater(moving, firm, kindIs('breakout')), 'breakout, move 0.9 vs 0.1');
  });

  it('7 monitoring vs sovereignty: access toggled down by sanctions closes the inspection gate and lowers deals', () => {
    const fixed = arm(BASE);
    const toggled = arm(BASE, { monitoring: { sanctionsToggle: 1 } });
    expectEffect(greater(fixed, toggled, deal), 'deals, sanctionsToggle default 0.5 vs 1');
  });

  it('8 cost function: under maximum pressure, the dissent risk of concession lowers the deal share', () => {
    const pressure = { interventions: { pressureBias: 0.2, reciprocity: 0.6, ladder: true }, signals: { unifiedCommand: 0.8 } };
    const safe = arm(pressure, { costFunction: { dissentRisk: 0 } });
    const risky = arm(pressure, { costFunction: { dissentRisk: 1.5 } });
    expectEffect(greater(safe, risky, deal), 'deals under pressure, dissentRisk 0 vs 1.5');
  });

  it('9 multipolar buffer: isolating Iran raises economic stress', () => {
    const isolated = arm(BASE, { buffer: { strength: 0 } });
    const buffered = arm(BASE);
    expectEffect(greater(isolated, buffered, (r) => r.meanStress > 0.2), 'mean stress > 0.2, isolated vs buffered');
  });

  it('10 verification dilemma: demanding anytime-anywhere access raises escalation', () => {
    const anytime = arm(BASE, { verification: { accessDemand: 1 } });
    const managed = arm(BASE);
    expectEffect(greater(anytime, managed, kindIs('escalation')), 'escalation, demand 1 vs default 0.5');
  });

  it('11 interventions: maximum clarity with a locked escrow raises deals that hold', () => {
    const clarity = arm(BASE, { ...CLARITY, interventions: { ...CLARITY.interventions, escrow: true } });
    const today = arm(BASE);
    expectEffect(greater(clarity, today, deal), 'deals, maximum clarity + escrow vs baseline');
  });

  it('11 interventions: a modular deal succeeds more often than a grand bargain', () => {
    const modular = arm(BASE);
    const grand = arm(BASE, { interventions: { scope: 'grand' } });
    expectEffect(greater(modular, grand, deal), 'deals, modular vs grand');
  });

  it('11 interventions: a staged de-escalation ladder lowers escalation', () => {
    const without = arm(BASE);
    const ladder = arm(BASE, { interventions: { ladder: true } });
    expectEffect(greater(without, ladder, kindIs('escalation')), 'escalation, no ladder vs ladder');
  });
});
