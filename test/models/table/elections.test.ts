/**
 * US elections and Congress (mechanisms/elections.ts). On election day the Democratic vote share v
 * decides: the presidency goes to the Democrat iff v > ½ + presidentialBias; seats follow the swing
 * ratio, seat share = clamp(½ + swingRatio · (v − ½)), for the whole House and one Senate class
 * (of three); the winner takes office transitionWeeks later. A sanctions bill (every billWeeks)
 * passes with majorities of anti-deal members in both chambers, is vetoed by a President whose
 * support for engaging decides, and then needs override (⅔) in both. Defaults: swingRatio 2.5,
 * presidentialBias 0.02, senateClass ⅓, transitionWeeks 11, billWeeks 52, sanctionsStep 0.08,
 * override ⅔; Senate 100, House 435; the run starts on 2025-12-01.
 * Calendar: election day 2026 is Tue 3 Nov (337 days after the start: tick 48), 2028 Tue 7 Nov
 * (1072 days: tick 153), inauguration 153 + 11 = 164.
 */
import { describe, expect, it } from 'vitest';
import { elections } from '../../../src/models/table/mechanisms/elections.js';
import { P, PARTY } from '../../../src/models/table/populations.js';
import { PHASE } from '../../../src/models/table/state.js';
import { forRewards, ofKind, S, Sink, world } from './world.js';

const vote = (dem: number) => ({ 'us.electorate': { democrat: dem, republican: 1 - dem } });
const chambers = (senAnti: number, houseAnti: number) => ({ 'us.senate': { 'pro-deal': 1 - senAnti, abstain: 0, 'anti-deal': senAnti }, 'us.house': { 'pro-deal': 1 - houseAnti, abstain: 0, 'anti-deal': houseAnti } });

describe('elections: votes, seats, the presidency, sanctions bills', () => {
  it('the calendar puts the midterm at tick 48 and the 2028 election at 153', () => {
    const { m } = world();
    expect(m.elections.slice(0, 2)).toEqual([{ tick: 48, presidential: false, inauguration: 59, year: 2026 }, { tick: 153, presidential: true, inauguration: 164, year: 2028 }]);
  });

  it('a midterm: seats by the swing ratio, the House and the first Senate class re-seated', () => {
    const w = world({ tick: 48, shares: vote(0.52) });
    elections.update!(w.m);
    // seats ½ + 2.5 · 0.02 = 0.55; Senate class [0, 33): 0.47 + 0.33 · (0.55 − 0.47) = 0.4964
    expect(w.n[S.democraticVote]).toBe(0.52);
    expect(w.n[S.houseDemocrats]).toBeCloseTo(0.55, 12);
    expect(w.n[S.senateDemocrats]).toBeCloseTo(0.4964, 12);
    expect(w.reseats).toEqual([
      { pop: P['us.house'], which: { traits: { party: { kind: 'categorical', shares: [expect.closeTo(0.55, 12), expect.closeTo(0.45, 12), 0] } } } },
      { pop: P['us.senate'], which: { from: 0, to: 33, traits: { party: { kind: 'categorical', shares: [expect.closeTo(0.55, 12), expect.closeTo(0.45, 12), 0] } } } },
    ]);
    expect(ofKind(w, 'election')[0]!.detail).toMatchObject({ presidential: false, winner: 'none' });
    expect(w.n[S.electedParty]).toBe(PARTY.republican);
  });

  it('the seat share is clamped to [0, 1]', () => {
    const w = world({ tick: 48, shares: vote(0.75) });
    elections.update!(w.m);
    // ½ + 2.5 · 0.25 = 1.125 → 1
    expect(w.n[S.houseDemocrats]).toBe(1);
  });

  it('the presidency: the Democrat needs more than ½ + 0.02 of the vote', () => {
    const lose = world({ tick: 153, shares: vote(0.51) });
    elections.update!(lose.m);
    expect(lose.n[S.electedParty]).toBe(PARTY.republican);
    const win = world({ tick: 153, shares: vote(0.53) });
    elections.update!(win.m);
    expect(win.n[S.electedParty]).toBe(PARTY.democrat);
    expect(ofKind(win, 'election')[0]!.detail).toMatchObject({ presidential: true, winner: 'democrat' });
    // the second Senate class: [33, 67), 34 seats; seats ½ + 2.5 · 0.03 = 0.575 → 0.47 + 0.34 · 0.105 = 0.5057
    expect(win.reseats[1]).toMatchObject({ which: { from: 33, to: 67 } });
    expect(win.n[S.senateDemocrats]).toBeCloseTo(0.5057, 12);
  });

  it('the winner takes office at the inauguration', () => {
    const w = world({ tick: 164, state: (s) => { s[S.electedParty] = PARTY.democrat; s[S.presidentParty] = PARTY.republican; s[S.termsHeld] = 2; } });
    elections.update!(w.m);
    expect(w.n[S.presidentParty]).toBe(PARTY.democrat);
    expect(w.n[S.termsHeld]).toBe(1);
    expect(w.reseats).toEqual([{ pop: P['us.president'], which: { traits: { party: { kind: 'fixed', value: PARTY.democrat } } } }]);
    const same = world({ tick: 164, state: (s) => { s[S.electedParty] = PARTY.republican; s[S.presidentParty] = PARTY.republican; s[S.termsHeld] = 1; } });
    elections.update!(same.m);
    expect(same.n[S.termsHeld]).toBe(2);
    expect(same.reseats).toEqual([]);
  });

  it('a sanctions bill: majorities pass it, a veto stops it, two thirds override', () => {
    const run = (senAnti: number, houseAnti: number, engage: number, tick = 52) => {
      const w = world({ tick, shares: chambers(senAnti, houseAnti), state: (s) => { s[S.sanctions] = 0.7; s[S.engageSupport] = engage; } });
      elections.update!(w.m);
      return w.n[S.sanctions]!;
    };
    // 55 of 100 and 239 of 435 against the deal, no veto: 0.7 + 0.08 · 0.3 = 0.724
    expect(run(0.55, 0.55, 0.5)).toBeCloseTo(0.724, 12);
    // exactly half the Senate is not a majority
    expect(run(0.5, 0.55, 0.5)).toBe(0.7);
    // vetoed (engage decided) and 55 < 66.7: no law
    expect(run(0.55, 0.55, 0.6)).toBe(0.7);
    // overridden: 70 ≥ 66.7 and 304.5 ≥ 290
    expect(run(0.7, 0.7, 0.6)).toBeCloseTo(0.724, 12);
    // the House short of ⅔ (0.66 · 435 = 287.1 < 290): the veto holds
    expect(run(0.7, 0.66, 0.6)).toBe(0.7);
    // off the bill cycle
    expect(run(0.9, 0.9, 0, 53)).toBe(0.7);
  });

  it('US deaths decay over a year', () => {
    const w = world({ state: (s) => { s[S.usDeaths] = 10; } });
    elections.update!(w.m);
    // 10 · (1 − 1 / 52.1775) = 9.808346
    expect(w.n[S.usDeaths]).toBeCloseTo(10 * (1 - 1 / 52.1775), 12);
  });

  it('voters punish the incumbent for deaths and time in office, rally in an episode', () => {
    const w = forRewards(world({ state: (s) => { s[S.presidentParty] = PARTY.republican; s[S.usDeaths] = 10; s[S.kinetic] = 1; s[S.termsHeld] = 2; } }));
    const out = new Sink();
    elections.rewards!(w.m, out);
    // −0.005 · 10 + 0.1 · 1 − 0.05 · 2 = −0.05 on the Republican (the incumbent), 0 on the Democrat
    expect(out.get('us.electorate.republican')).toBeCloseTo(-0.05, 12);
    expect(out.get('us.electorate.democrat')).toBe(0);
    // party loyalty, and no deal partisanship without a deal
    expect(out.categories.filter((c) => c.pop === 'us.electorate').map((c) => c.value)).toEqual([0.6, 0.6]);
    const d = forRewards(world({ state: (s) => { s[S.phase] = PHASE.deal; } }));
    const o2 = new Sink();
    elections.rewards!(d.m, o2);
    expect(o2.categories.filter((c) => c.pop === 'us.electorate').map((c) => c.value)).toEqual([0.6, 0.6, 0.15, 0.15]);
  });

  it('members of Congress: Israel\'s posture and attacks against the deal, hawkishness centred', () => {
    const w = forRewards(world({ shares: { 'israel.cabinet': { restrain: 0.4, sabotage: 0.3, strike: 0.3 } }, state: (s) => { s[S.attacks] = 0.5; } }));
    const out = new Sink();
    elections.rewards!(w.m, out);
    // no talks: deal quality 0; pro-deal ½ · 0.5 = 0.25; anti-deal 0.3 · 0.6 + 0.3 · 0.5 − 0.25 = 0.18 + 0.15 − 0.25 = 0.08
    expect(out.get('us.senate.pro-deal')).toBeCloseTo(0.25, 12);
    expect(out.get('us.senate.anti-deal')).toBeCloseTo(0.08, 12);
    expect(out.get('us.house.anti-deal')).toBeCloseTo(0.08, 12);
  });
});
