/**
 * Mechanism 1, the credibility gap (mechanisms/credibility.ts):
 *   reversal pay = reversalAppeal · [signed by the other party] + breachEvidence · breaches
 *                  − reversalCost (executive) or − treatyReversalCost (treaty)
 *   reversal support(t) = (1 − review) support(t − 1) + review · pressure(President); reverse at decisions.majority
 *   commitBelief = keepSeen / (keepSeen + reverseSeen)   (Beta–Bernoulli, prior 3 / 1)
 * Defaults: reversalAppeal 0.4, breachEvidence 1, reversalCost 0.3, treatyReversalCost 3, review 0.03,
 * majority 0.6, escrowRate 0.25 $bn/week, horizonYears 8, weeksPerYear 52.1775.
 */
import { describe, expect, it } from 'vitest';
import { credibility, inaugurationSeen, lockedShare, reversalPay } from '../../../src/models/table/mechanisms/credibility.js';
import { PARTY } from '../../../src/models/table/populations.js';
import { PHASE, V } from '../../../src/models/table/state.js';
import { DIM } from '../../../src/models/table/issues.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

const inDeal = (s: Float64Array) => {
  s[S.phase] = PHASE.deal; s[S.dealParty] = PARTY.democrat; s[S.presidentParty] = PARTY.republican;
  s[S.breaches] = 2; s[V.deal + DIM.durability] = 0; s[V.deal + DIM.relief] = 0.6; s[S.relief] = 0.6; s[S.dealAge] = 30;
  s[S.sanctions] = 0.3; s[S.keepSeen] = 3; s[S.reverseSeen] = 1;
};

describe('credibility: reversals and Iran\'s belief that commitments hold', () => {
  it('the President\'s pay for reversing, by hand', () => {
    const w = world({ state: inDeal });
    // other party, 2 breaches, executive: 0.4 + 1 · 2 − 0.3 = 2.1
    expect(reversalPay(w.m)).toBeCloseTo(2.1, 12);
    // a treaty of the same party, no breach: −3
    w.n[V.deal + DIM.durability] = 1; w.n[S.dealParty] = PARTY.republican; w.n[S.breaches] = 0;
    expect(reversalPay(w.m)).toBeCloseTo(-3, 12);
    // no deal in force: nothing
    w.n[S.phase] = PHASE.talks;
    expect(reversalPay(w.m)).toBe(0);
    const r = forRewards(world({ state: inDeal }));
    const out = new Sink();
    credibility.rewards!(r.m, out);
    expect(out.get('us.president.pressure')).toBeCloseTo(2.1, 12);
  });

  it('a policy review reverses at the majority, not just below it', () => {
    // 0.97 · 0.59 + 0.03 · 1 = 0.6023 ≥ 0.6 → reversed
    const w = world({ state: (s) => { inDeal(s); s[S.reversalSupport] = 0.59; }, shares: { 'us.president': { engage: 0, hold: 0, pressure: 1, strike: 0 } } });
    credibility.update!(w.m);
    expect(ofKind(w, 'relief-reversed')).toHaveLength(1);
    expect(w.n[S.phase]).toBe(PHASE.none);
    expect(w.n[S.relief]).toBe(0);
    expect(w.n[S.sanctions]).toBe(w.p.economy.sanctions); // snap back to max(0.3, 0.7)
    expect(w.n[V.deal + DIM.relief]).toBe(0);
    expect(w.n[S.dealAge]).toBe(-1);
    expect(w.n[S.reversalSupport]).toBe(0); // spent
    // Iran counts it: 3 / (3 + 2) = 0.6
    expect(w.n[S.reverseSeen]).toBe(2);
    expect(w.n[S.commitBelief]).toBeCloseTo(0.6, 12);
    // 0.97 · 0.58 + 0.03 = 0.5926 < 0.6 → kept
    const k = world({ state: (s) => { inDeal(s); s[S.reversalSupport] = 0.58; }, shares: { 'us.president': { engage: 0, hold: 0, pressure: 1, strike: 0 } } });
    credibility.update!(k.m);
    expect(ofKind(k, 'relief-reversed')).toHaveLength(0);
    expect(k.n[S.reversalSupport]).toBeCloseTo(0.5926, 12);
    expect(k.n[S.commitBelief]).toBeCloseTo(0.75, 12);
  });

  it('no deal in force: the review support is 0', () => {
    const w = world({ state: (s) => { s[S.reversalSupport] = 0.9; }, shares: { 'us.president': { engage: 0, hold: 0, pressure: 1, strike: 0 } } });
    credibility.update!(w.m);
    expect(w.n[S.reversalSupport]).toBe(0);
    expect(ofKind(w, 'relief-reversed')).toHaveLength(0);
  });

  it('relief in the locked channel survives a reversal in proportion to the channel\'s balance', () => {
    // full channel = 0.25 · 8 · 52.1775 = 104.355; balance 52.1775 → locked share ½; kept = min(0.6, 0.6) · ½ = 0.3
    const w = world({ params: (p) => { p.interventions.escrow = true; }, state: (s) => { inDeal(s); s[S.escrow] = 52.1775; s[S.reversalSupport] = 0.7; }, shares: { 'us.president': { engage: 0, hold: 0, pressure: 1, strike: 0 } } });
    expect(lockedShare(w.m)).toBeCloseTo(0.5, 12);
    credibility.update!(w.m);
    expect(w.n[S.relief]).toBeCloseTo(0.3, 12);
    // a frozen channel keeps nothing
    const f = world({ params: (p) => { p.interventions.escrow = true; }, state: (s) => { inDeal(s); s[S.escrow] = 52.1775; s[S.escrowFrozen] = 1; s[S.reversalSupport] = 0.7; }, shares: { 'us.president': { engage: 0, hold: 0, pressure: 1, strike: 0 } } });
    credibility.update!(f.m);
    expect(f.n[S.relief]).toBe(0);
  });

  it('a probationary term that ends with the deal in force counts as a commitment kept', () => {
    const w = world({ state: (s) => { inDeal(s); s[S.probation] = 1; } });
    inaugurationSeen(w.m, PARTY.republican);
    expect(w.n[S.keepSeen]).toBe(4);
    // the new President (a Republican) is of another party than the signer (Democrat): on probation again
    expect(w.n[S.probation]).toBe(1);
    inaugurationSeen(w.m, PARTY.democrat);
    expect(w.n[S.keepSeen]).toBe(5);
    expect(w.n[S.probation]).toBe(0);
    // without a deal in force nothing is counted
    const n = world({ state: (s) => { s[S.probation] = 1; s[S.keepSeen] = 3; } });
    inaugurationSeen(n.m, PARTY.democrat);
    expect(n.n[S.keepSeen]).toBe(3);
  });
});
