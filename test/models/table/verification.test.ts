/**
 * Mechanism 10, the verification security dilemma (mechanisms/verification.ts):
 *   log-odds = logit(priorWeapon) + ln(refusalEvidence) · (max(0, protocol − access) / protocol + breaches)
 *              + ln(enrichmentEvidence) · level
 *   weaponBelief → 1 / (1 + e^(−log-odds))  at beliefSpeed
 * i.e. Bayes' rule in odds form: posterior odds = prior odds × LR_refusal^(shortfall + breaches) × LR_enrichment^level.
 * Defaults: priorWeapon 0.3, refusalEvidence 2, enrichmentEvidence 1.5, beliefSpeed 0.05, protocol 0.6.
 */
import { describe, expect, it } from 'vitest';
import { strikeSuccess, verification } from '../../../src/models/table/mechanisms/verification.js';
import { S, world } from './world.js';

describe('verification: the US belief that Iran builds a weapon', () => {
  it('moves toward the Bayesian posterior (odds form, computed by hand)', () => {
    const w = world({ state: (s) => { s[S.weaponBelief] = 0.3; s[S.access] = 0.3; s[S.breaches] = 1; s[S.level] = 2; } });
    verification.update!(w.m);
    // shortfall (0.6 − 0.3) / 0.6 = ½; odds = (0.3 / 0.7) · 2^(½ + 1) · 1.5² = 0.428571 · 2.828427 · 2.25 = 2.727412
    // posterior = 2.727412 / 3.727412 = 0.731717; belief = 0.3 + 0.05 · (0.731717 − 0.3) = 0.321586
    const odds = (0.3 / 0.7) * 2 ** 1.5 * 1.5 ** 2;
    expect(odds).toBeCloseTo(2.727412, 5);
    expect(w.n[S.weaponBelief]).toBeCloseTo(0.3 + 0.05 * (odds / (1 + odds) - 0.3), 12);
    expect(w.n[S.weaponBelief]).toBeCloseTo(0.321586, 6);
  });

  it('full access, no breach, the cap: the belief relaxes to the prior', () => {
    const w = world({ state: (s) => { s[S.weaponBelief] = 0.5; s[S.access] = 1; s[S.breaches] = 0; s[S.level] = 0; } });
    verification.update!(w.m);
    // 0.5 + 0.05 · (0.3 − 0.5) = 0.49
    expect(w.n[S.weaponBelief]).toBeCloseTo(0.49, 12);
  });

  it('reads the chance of a strike\'s success from strike.ts', () => {
    const w = world({ state: (s) => { s[S.access] = 0.8; s[S.airDefence] = 0.4; } });
    // 0.6 + 0.4 · 0.5 − 0.4 · 0.25 = 0.7 (m.cur is the next state in an update)
    expect(strikeSuccess(w.m)).toBeCloseTo(0.7, 12);
  });
});
