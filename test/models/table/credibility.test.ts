/**
 * Directional tests of mechanism 1, the credibility gap in executive commitments (issue 3),
 * in their own file so that vitest runs them beside the other mechanisms' tests: two arms with
 * everything else fixed (seeds 1..200 each, 260 agents, 520 weekly ticks), a one-sided
 * two-proportion z test at p < 0.01.
 */
import { describe, it, expect } from 'vitest';
import { arm, greater, greaterAmong, kindIs, type RunSummary } from './helpers.js';

/** Maximum clarity without the escrow channel: enough deals to see what makes them hold. */
const CLARITY = { interventions: { pressureBias: -0.2, reciprocity: 0.6, ladder: true }, signals: { unifiedCommand: 0.8 } };
const deal = kindIs('deal');
const signed = (r: RunSummary) => r.signed;

function expectEffect(res: { k1: number; k2: number; p: number; diff: number }, label: string): void {
  console.log(`${label}: ${res.k1} vs ${res.k2}, p = ${res.p.toExponential(2)}`);
  expect(res.diff).toBeGreaterThan(0);
  expect(res.p).toBeLessThan(0.01);
}

describe('1 credibility gap in executive commitments', () => {
  it('1 credibility gap: a higher reversal probability at elections lowers the share of deals that hold', () => {
    const low = arm(CLARITY);
    const high = arm(CLARITY, { credibility: { reversalProbability: 0.9 } });
    expectEffect(greater(low, high, deal), 'holding deals, reversal default 0.4 vs 0.9');
  });

  it('1 credibility gap: a treaty (two thirds of the Senate) is signed more rarely than an executive deal', () => {
    const exec = arm(CLARITY);
    const treaty = arm(CLARITY, { credibility: { dealForm: 'treaty' } });
    expectEffect(greater(exec, treaty, signed), 'deals signed, executive vs treaty');
  });

  it('1 credibility gap: a treaty is more durable — a signed treaty is reversed less often than an executive deal', () => {
    const base = { ...CLARITY, credibility: { reversalProbability: 0.9, treatyMajority: 0.5 } };
    const exec = arm(base, { credibility: { dealForm: 'executive' } });
    const treaty = arm(base, { credibility: { dealForm: 'treaty' } });
    expectEffect(greaterAmong(exec, treaty, signed, kindIs('collapse')), 'collapse among signed, executive vs treaty');
  });

});
