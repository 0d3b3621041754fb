/**
 * The bargaining table (mechanisms/table.ts): phases none → talks → (interim) → deal.
 *   - talks open when engage(President) ≥ majority (0.6) and reject(Leader) ≤ 1 − majority (0.4);
 *     they lapse when engage falls to 0.4 or reject reaches 0.6;
 *   - proposals within interimGap (0.35) with both principals willing: an interim freeze (relief ≥ interim.relief 0.08);
 *   - proposals agreed (within agreeGap 0.05, midpoint in both win-sets) with both willing: the deal,
 *     in the form its durability rounds to (0 executive, ½ escrow, 1 treaty); a treaty needs ⅔ of
 *     the Senate pro-deal, else it stands as an executive agreement; an executive agreement is
 *     reviewed for reviewWeeks (9): disapproval needs cloture (60) and a House majority, then ⅔ in both;
 *   - a deal in force is implemented over implementationWeeks (26): relief = deal.relief · implemented.
 * Pay: State concede follow · engage(President), harden follow · (1 − engage) + derail · attacks;
 * government concede follow · accept(Leader) + stressCost · stress, harden follow · reject(Leader);
 * Majlis support stressSupport · stress. Defaults: follow 0.5, derail 0.3, stressCost 1, stressSupport 0.5, talkValue 0.05.
 */
import { describe, expect, it } from 'vitest';
import { D, DIM, distance, gain, inWinSet } from '../../../src/models/table/issues.js';
import { formOf, table } from '../../../src/models/table/mechanisms/table.js';
import type { Bargain } from '../../../src/models/table/players.js';
import { PHASE, V } from '../../../src/models/table/state.js';
import { forRewards, ofKind, S, Sink, world, type World, type WorldOptions } from './world.js';

const willing = (s: Float64Array) => { s[S.engageSupport] = 0.6; s[S.acceptSupport] = 0.6; s[S.rejectSupport] = 0; };
const proRatify = (yes: number) => ({ 'us.senate': { 'pro-deal': yes, abstain: 0, 'anti-deal': 1 - yes } });

/** Terms in both sides' win-sets as the players stand in this world, with the given form (a grid search). */
function agreeable(w: World, durability: number, also: (x: Float64Array, b: Bargain) => boolean = () => true): Float64Array {
  const b = w.m.players.update(w.m), g = [0, 0.25, 0.5, 0.75, 1];
  for (const a of g) for (const c of g) for (const r of g) for (const e of g) {
    const x = Float64Array.from([a, c, r, durability, e]);
    if (inWinSet(x, b.us.vetoes) && inWinSet(x, b.ir.vetoes) && also(x, b)) return x;
  }
  throw new Error('no terms in both win-sets');
}

/** A world in talks with both proposals at terms x found for it. */
function atTerms(durability: number, o: WorldOptions = {}, also?: (x: Float64Array, b: Bargain) => boolean): { w: World; x: Float64Array } {
  const st = (s: Float64Array) => { s[S.phase] = PHASE.talks; s[S.weaponBelief] = 0.1; s[S.stress] = 0.5; willing(s); };
  const probe = world({ ...o, state: (s, p) => { st(s); o.state?.(s, p); } });
  const x = agreeable(probe, durability, also);
  const w = world({ ...o, state: (s, p) => { st(s); s.set(x, V.usProposal); s.set(x, V.irProposal); o.state?.(s, p); } });
  return { w, x };
}

describe('table: phases, agreements, ratification and review', () => {
  it('the form of terms: the durability term rounded to 0, ½ or 1', () => {
    const w = world();
    const x = (d: number) => Float64Array.from([0, 0, 0, d, 0]);
    expect(formOf(w.m, x(0.2))).toBe('executive');
    expect(formOf(w.m, x(0.3))).toBe('executive'); // rounds to ½, but there is no locked channel
    expect(formOf(w.m, x(0.8))).toBe('treaty');
    w.p.interventions.escrow = true;
    expect(formOf(w.m, x(0.3))).toBe('escrow');
    expect(formOf(w.m, x(0.7))).toBe('escrow');
    expect(formOf(w.m, x(0.75))).toBe('treaty');
  });

  it('talks open when the President engages and the Leader has stopped rejecting', () => {
    const w = world({ state: (s) => { s[S.engageSupport] = 0.6; s[S.rejectSupport] = 0.4; } });
    table.update!(w.m);
    expect(w.n[S.phase]).toBe(PHASE.talks);
    // the proposals start at the two positions (written to the state this tick) and the first
    // week's concession follows at once: one side keeps its position, the other has moved along
    // the segment toward the other's by concession × flexibility of the gap
    const us = w.n.subarray(V.usProposal, V.usProposal + D), ir = w.n.subarray(V.irProposal, V.irProposal + D);
    const usPos = w.n.subarray(V.usPosition, V.usPosition + D), irPos = w.n.subarray(V.irPosition, V.irPosition + D);
    const offers = ofKind(w, 'offer');
    expect(offers[0]!.detail).toMatchObject({ opening: true });
    expect(offers).toHaveLength(2);
    const [mover, stayer, moverPos, stayerPos, flex] = offers[1]!.actor === 'us.state'
      ? [us, ir, usPos, irPos, w.m.players.b.us.flexibility] : [ir, us, irPos, usPos, w.m.players.b.ir.flexibility];
    expect(Array.from(stayer)).toEqual(Array.from(stayerPos));
    const gap = distance(usPos, irPos);
    expect(distance(mover, moverPos)).toBeCloseTo(0.04 * flex * gap, 9);
    expect(distance(mover, moverPos) + distance(mover, stayerPos)).toBeCloseTo(gap, 9);
    for (const [engage, reject] of [[0.59, 0.4], [0.6, 0.41]]) {
      const n = world({ state: (s) => { s[S.engageSupport] = engage; s[S.rejectSupport] = reject; } });
      table.update!(n.m);
      expect(n.n[S.phase]).toBe(PHASE.none);
    }
  });

  it('talks lapse when the President withdraws or the Leader rejects; an interim freeze lapses with them', () => {
    const w = world({ state: (s) => { s[S.phase] = PHASE.talks; s[S.engageSupport] = 0.4; } });
    table.update!(w.m);
    expect(w.n[S.phase]).toBe(PHASE.none);
    expect(ofKind(w, 'talks-suspended')[0]!.actor).toBe('us.president');
    const i = world({ state: (s) => { s[S.phase] = PHASE.interim; s[S.engageSupport] = 0.5; s[S.rejectSupport] = 0.6; s[S.relief] = 0.08; } });
    table.update!(i.m);
    expect(i.n[S.phase]).toBe(PHASE.none);
    expect(i.n[S.relief]).toBe(0);
    expect(ofKind(i, 'talks-suspended')[0]!.actor).toBe('iran.leader');
    // between the thresholds the talks go on
    const g = world({ state: (s) => { s[S.phase] = PHASE.talks; s[S.engageSupport] = 0.41; s[S.rejectSupport] = 0.59; } });
    table.update!(g.m);
    expect(g.n[S.phase]).toBe(PHASE.talks);
  });

  it('agreed executive terms are signed, then reviewed by Congress', () => {
    const { w, x } = atTerms(0);
    table.update!(w.m);
    expect(w.n[S.phase]).toBe(PHASE.deal);
    expect(Array.from(w.n.subarray(V.deal, V.deal + D))).toEqual(Array.from(x));
    expect(w.n[S.dealAge]).toBe(0);
    expect(w.n[S.residual]).toBe(1);
    expect(w.n[S.reviewLeft]).toBe(9);
    expect(w.n[S.dealParty]).toBe(w.n[S.presidentParty]);
    expect(ofKind(w, 'deal-signed')[0]!.detail).toMatchObject({ form: 'executive' });
    // the surrender image: 1 · sanctions 0.7 · (max(0, x_enr − 0) + max(0, x_acc − access 0.3))
    const conceded = x[DIM.enrichment]! + Math.max(0, x[DIM.access]! - 0.3);
    expect(w.n[S.humiliation]).toBeCloseTo(0.7 * conceded, 12);
  });

  it('an unwilling Leader does not sign agreed terms', () => {
    const { w } = atTerms(0, { state: (s) => { s[S.acceptSupport] = 0.59; } });
    table.update!(w.m);
    expect(w.n[S.phase]).toBe(PHASE.talks);
    expect(ofKind(w, 'deal-signed')).toHaveLength(0);
  });

  it('a treaty needs two thirds of the Senate; failing that it stands as an executive agreement', () => {
    const ok = atTerms(1, { shares: proRatify(0.67) });
    table.update!(ok.w.m);
    expect(ok.w.n[S.phase]).toBe(PHASE.deal);
    expect(ok.w.n[V.deal + DIM.durability]).toBe(1);
    expect(ok.w.n[S.reviewLeft]).toBe(0);
    expect(ofKind(ok.w, 'deal-signed')[0]!.detail).toMatchObject({ form: 'treaty' });
    // 66 < 66.7: not ratified
    const no = atTerms(1, { shares: proRatify(0.66) });
    table.update!(no.w.m);
    expect(ofKind(no.w, 'ratification-failed')[0]!.detail).toMatchObject({ votes: expect.closeTo(66, 9), needed: 67 });
    // Iran's principal still gains from the terms as an executive agreement, so they stand as one
    const asExecutive = Float64Array.from(no.x); asExecutive[DIM.durability] = 0;
    expect(gain(asExecutive, no.w.m.players.b.ir.principal)).toBeGreaterThan(0);
    expect(no.w.n[S.phase]).toBe(PHASE.deal);
    expect(no.w.n[V.deal + DIM.durability]).toBe(0);
    expect(no.w.n[S.reviewLeft]).toBe(9);
    expect(ofKind(no.w, 'deal-signed')[0]!.detail).toMatchObject({ form: 'executive' });
    // terms Iran takes as a treaty but not as an executive agreement: the talks go on
    const asExec = (x: Float64Array) => { const e = Float64Array.from(x); e[DIM.durability] = 0; return e; };
    const never = atTerms(1, { shares: proRatify(0.66) }, (x, b) => gain(asExec(x), b.ir.principal) < 0);
    table.update!(never.w.m);
    const exec2 = Float64Array.from(never.x); exec2[DIM.durability] = 0;
    expect(gain(exec2, never.w.m.players.b.ir.principal)).toBeLessThan(0);
    expect(ofKind(never.w, 'ratification-failed')).toHaveLength(1);
    expect(never.w.n[S.phase]).toBe(PHASE.talks);
    expect(ofKind(never.w, 'deal-signed')).toHaveLength(0);
  });

  it('a deal in force is implemented over 26 weeks', () => {
    const w = world({ state: (s) => { s[S.phase] = PHASE.deal; s[S.dealAge] = 10; s[S.implemented] = 0.5; s[V.deal + DIM.relief] = 0.6; s[S.relief] = 0.3; } });
    table.update!(w.m);
    expect(w.n[S.dealAge]).toBe(11);
    // implemented 0.5 + 1/26; relief 0.6 · (0.5 + 1/26) = 0.323077
    expect(w.n[S.implemented]).toBeCloseTo(0.5 + 1 / 26, 12);
    expect(w.n[S.relief]).toBeCloseTo(0.6 * (0.5 + 1 / 26), 12);
    expect(w.n[S.winSets]).toBe(1);
  });

  it('a resolution of disapproval needs cloture, a House majority and two thirds over the veto', () => {
    const review = (sen: number, house: number, override?: number) => {
      const w = world({
        params: (p) => { if (override !== undefined) p.congress.override = override; },
        shares: { 'us.senate': { 'pro-deal': 1 - sen, abstain: 0, 'anti-deal': sen }, 'us.house': { 'pro-deal': 1 - house, abstain: 0, 'anti-deal': house } },
        state: (s) => { s[S.phase] = PHASE.deal; s[S.dealAge] = 8; s[S.reviewLeft] = 1; s[V.deal + DIM.relief] = 0.6; },
      });
      table.update!(w.m);
      return w;
    };
    const killed = review(0.7, 0.7);
    expect(killed.n[S.phase]).toBe(PHASE.talks);
    expect(killed.n[S.dealAge]).toBe(-1);
    expect(killed.n[S.relief]).toBe(0);
    expect(ofKind(killed, 'ratification-failed')).toHaveLength(1);
    // 65 senators pass cloture (60) but cannot override (66.7): the deal stands
    const stands = review(0.65, 0.7);
    expect(stands.n[S.phase]).toBe(PHASE.deal);
    expect(stands.n[S.reviewLeft]).toBe(0);
    expect(ofKind(stands, 'ratification-failed')).toHaveLength(0);
    // with a simple-majority override the other two rules bind: 55 senators are short of cloture (60);
    // half the House (217.5 of 435) is not a majority, 51% is
    expect(review(0.55, 0.7, 0.5).n[S.phase]).toBe(PHASE.deal);
    expect(review(0.7, 0.5, 0.5).n[S.phase]).toBe(PHASE.deal);
    expect(review(0.7, 0.51, 0.5).n[S.phase]).toBe(PHASE.talks);
  });

  it('proposals within the interim gap and willing principals: an interim freeze', () => {
    const { w } = atTerms(0, {
      state: (s) => { s[V.usProposal + DIM.enrichment] = Math.min(1, s[V.usProposal + DIM.enrichment]! + 0.2); },
    });
    const gap0 = distance(w.n.subarray(V.usProposal, V.usProposal + D), w.n.subarray(V.irProposal, V.irProposal + D));
    expect(gap0).toBeGreaterThan(w.p.table.agreeGap);
    table.update!(w.m);
    expect(w.n[S.gap]).toBeLessThanOrEqual(0.35);
    expect(w.n[S.phase]).toBe(PHASE.interim);
    expect(w.n[S.relief]).toBeCloseTo(0.08, 12);
    expect(ofKind(w, 'interim-signed')).toHaveLength(1);
    expect(ofKind(w, 'offer')).toHaveLength(1);
  });

  it('the negotiators follow their principals; the Majlis weighs stress', () => {
    const w = forRewards(world({
      params: (p) => { p.principals.hawkTilt = 0; },
      shares: { 'us.president': { engage: 0.6, hold: 0.4, pressure: 0, strike: 0 }, 'iran.leader': { accept: 0.2, hold: 0.3, reject: 0.5 } },
      state: (s) => { s[S.attacks] = 0.5; s[S.stress] = 0.4; },
    }));
    const out = new Sink();
    table.rewards!(w.m, out);
    // State: concede 0.5 · 0.6 = 0.3; harden 0.5 · 0.4 + 0.3 · 0.5 = 0.35
    expect(out.get('us.state.concede')).toBeCloseTo(0.3, 12);
    expect(out.get('us.state.harden')).toBeCloseTo(0.35, 12);
    // government: concede 0.5 · 0.2 + 1 · 0.4 = 0.5; harden 0.5 · 0.5 = 0.25
    expect(out.get('iran.government.concede')).toBeCloseTo(0.5, 12);
    expect(out.get('iran.government.harden')).toBeCloseTo(0.25, 12);
    // Majlis support 0.5 · 0.4 = 0.2; factions' discipline 0.5 as categories
    expect(out.get('iran.majlis.support')).toBeCloseTo(0.2, 12);
    expect(out.categories.filter((c) => c.pop === 'iran.majlis').map((c) => [c.action, c.value])).toEqual([['oppose', 0.5], ['support', 0.5]]);
    // before talks the principals weigh the prospect, the midpoint of the positions; no talk value
    const b = w.m.players.b, mid = b.us.position.map((u, d) => 0.5 * (u + b.ir.position[d]!));
    expect(out.get('us.president.engage')).toBeCloseTo(gain(mid, b.president), 12);
    expect(out.get('iran.leader.hold')).toBe(0);
  });
});
