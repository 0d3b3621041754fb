/**
 * Mechanism 4, signals without unified command (mechanisms/signals.ts):
 *   coherentSeen   += evidenceRate · concede(State) · (1 − surge(DoD))
 *   incoherentSeen += evidenceRate · concede(State) · surge(DoD)
 *   unifiedBelief   = coherentSeen / (coherentSeen + incoherentSeen)   (Beta–Bernoulli mean)
 *   tension        += surgeTension · surge(DoD)
 * DoD: stand-down pays (unifiedCommand + clarity) · concede(State); surge pays deterrence · (attacks + tension + Israel's strike support).
 * Defaults: evidenceRate 0.02, priors 2 / 2, surgeTension 0.004, deterrence 0.3, unifiedCommand 0.
 */
import { describe, expect, it } from 'vitest';
import { signals } from '../../../src/models/table/mechanisms/signals.js';
import { forRewards, S, Sink, world } from './world.js';

describe('signals: Iran\'s belief that the US speaks with one voice', () => {
  it('counts coherent and contradictory evidence and takes the posterior mean', () => {
    const w = world({ shares: { 'us.state': { concede: 0.8, hold: 0.2, harden: 0 }, 'us.dod': { 'stand-down': 0.25, hold: 0.5, surge: 0.25 } }, state: (s) => { s[S.tension] = 0.3; } });
    signals.update!(w.m);
    // coherent 2 + 0.02 · 0.8 · 0.75 = 2.012; incoherent 2 + 0.02 · 0.8 · 0.25 = 2.004
    expect(w.n[S.coherentSeen]).toBeCloseTo(2.012, 12);
    expect(w.n[S.incoherentSeen]).toBeCloseTo(2.004, 12);
    // 2.012 / 4.016 = 0.500996…
    expect(w.n[S.unifiedBelief]).toBeCloseTo(2.012 / 4.016, 12);
    // tension 0.3 + 0.004 · 0.25 = 0.301
    expect(w.n[S.tension]).toBeCloseTo(0.301, 12);
  });

  it('the Beta–Bernoulli closed form after many weeks of pure incoherence', () => {
    const w = world({ shares: { 'us.state': { concede: 1, hold: 0, harden: 0 }, 'us.dod': { 'stand-down': 0, hold: 0, surge: 1 } } });
    for (let k = 0; k < 100; k++) signals.update!(w.m);
    // 100 weeks × 0.02 = 2 contradictory observations: Beta(2, 2 + 2) → mean 2 / 6 = 1/3
    expect(w.n[S.unifiedBelief]).toBeCloseTo(1 / 3, 10);
  });

  it('no olive branch, no evidence', () => {
    const w = world({ shares: { 'us.state': { concede: 0, hold: 1, harden: 0 }, 'us.dod': { 'stand-down': 0, hold: 0, surge: 1 } } });
    signals.update!(w.m);
    expect(w.n[S.coherentSeen]).toBe(2);
    expect(w.n[S.incoherentSeen]).toBe(2);
    expect(w.n[S.unifiedBelief]).toBe(0.5);
  });

  it('pays DoD for matching State (clarity) and for deterrence', () => {
    const w = forRewards(world({
      params: (p) => { p.principals.hawkTilt = 0; p.interventions.clarity = 0.5; },
      shares: { 'us.state': { concede: 0.6, hold: 0.4, harden: 0 } },
      state: (s) => { s[S.attacks] = 0.2; s[S.tension] = 0.3; s[S.israelStrikeSupport] = 0.1; },
    }));
    const out = new Sink();
    signals.rewards!(w.m, out);
    // stand-down (0 + 0.5) · 0.6 = 0.3; surge 0.3 · (0.2 + 0.3 + 0.1) = 0.18; hold 0
    expect(out.get('us.dod.stand-down')).toBeCloseTo(0.3, 12);
    expect(out.get('us.dod.surge')).toBeCloseTo(0.18, 12);
    expect(out.get('us.dod.hold')).toBe(0);
  });
});
