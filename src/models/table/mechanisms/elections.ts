/**
 * US elections and Congress (the domestic level of the two-level game).
 *
 * The electorate (a mass population on a network of partisan communities: a stochastic block
 * model on party identification) intends to vote Democratic or Republican. A voter's pay:
 *
 *   partyLoyalty for its own party's candidate (identifiers; independents have none)
 *   + ideology · hawkishness for the Republican
 *   + for the incumbent party: − casualtyPenalty · (US deaths in the last year) + tensionRally · (kinetic episode)
 *     − timeForChange · (terms the party has held)
 *   + dealPartisanship for its own party while a deal is in force (the deal polarises)
 *   + conformity · (share of its contacts intending the same vote last week)
 *
 * On election day (calendar.ts) the vote shares decide: the presidency goes to the Democrat when
 * the Democratic share exceeds ½ + elections.presidentialBias (the Electoral College); each
 * chamber's seats move with the vote by the swing ratio (seat share = ½ + swingRatio · (vote − ½)),
 * the whole House and one Senate class are re-seated with members of that party mix. The winner
 * takes office calendar.transitionWeeks later: the President is re-seated with the winner's party
 * (a new decision-maker with fresh attractions).
 *
 * Members of Congress choose pro-deal, abstain or anti-deal each week. Pay: loyalty to a President
 * of their party (opposition to one of the other); ideology · (hawkishness − ½) against; dealQuality ·
 * g_US(the terms on the table); israelPosture · (Israel's opposition); derail · attacks against.
 * Every congress.billWeeks a sanctions bill comes to the floor: it passes with majorities of
 * anti-deal members in both chambers, is vetoed by a President whose running support for engaging
 * decides, and then needs congress.override in both chambers. (Treaties and reviews: table.ts.)
 */
import { decided, votes } from '../decisions.js';
import { DIMS, gain } from '../issues.js';
import type { Mechanism, TableModel } from '../model.js';
import { clamp, traitIndex } from '../model.js';
import { INSTITUTIONS } from '../params.js';
import { A, P, PARTIES, PARTY, TRAIT } from '../populations.js';
import { PHASE, S, V } from '../state.js';
import { inaugurationSeen } from './credibility.js';

const party = (shares: readonly number[]) => ({ party: { kind: 'categorical' as const, shares: [...shares] } });

function election(m: TableModel, e: (typeof m.elections)[number], index: number): void {
  const n = m.n, el = m.p.elections, t = m.t;
  const electorate = P['us.electorate'];
  const dem = t ? t.share(electorate, A['us.electorate'].democrat) : 0.5;
  n[S.democraticVote] = dem;
  const seats = clamp(0.5 + el.swingRatio * (dem - 0.5));
  // the House entirely, one Senate class
  m.io.reseat(P['us.house'], { traits: party([seats, 1 - seats, 0]) });
  const classes = Math.round(1 / el.senateClass), size = INSTITUTIONS.senate.size, k = index % classes;
  const from = Math.round((k * size) / classes), to = Math.round(((k + 1) * size) / classes);
  m.io.reseat(P['us.senate'], { from, to, traits: party([seats, 1 - seats, 0]) });
  n[S.houseDemocrats] = seats;
  n[S.senateDemocrats] = clamp(n[S.senateDemocrats]! + ((to - from) / size) * (seats - n[S.senateDemocrats]!));
  const winner = e.presidential ? (dem > 0.5 + el.presidentialBias ? PARTY.democrat : PARTY.republican) : -1;
  m.io.emit({ kind: 'election', actor: 'us.electorate', detail: { presidential: e.presidential, democraticVote: dem, winner: winner >= 0 ? PARTIES[winner]! : 'none', houseDemocrats: seats, year: e.year } });
  if (winner >= 0) n[S.electedParty] = winner;
}

function inaugurate(m: TableModel, party: number): void {
  const n = m.n;
  inaugurationSeen(m, party);
  const changed = party !== n[S.presidentParty];
  n[S.termsHeld] = changed ? 1 : n[S.termsHeld]! + 1;
  n[S.presidentParty] = party;
  if (changed) m.io.reseat(P['us.president'], { traits: { party: { kind: 'fixed', value: party } } });
  m.io.emit({ kind: 'inauguration', actor: 'us.president', detail: { party: PARTIES[party]!, changed } });
}

export const elections: Mechanism = {
  name: 'elections',
  title: 'US elections and Congress',
  passages: ['credibility', 'treaty'],
  groups: ['elections', 'electorate', 'congress', 'calendar'],
  update(m) {
    const n = m.n, c = m.p.congress;
    m.elections.forEach((e, i) => {
      if (e.tick === m.tick) election(m, e, i);
      if (e.presidential && e.inauguration === m.tick) inaugurate(m, n[S.electedParty]!);
    });
    n[S.usDeaths] = n[S.usDeaths]! * (1 - 1 / m.p.calendar.weeksPerYear);
    // a sanctions bill
    if (m.tick > 0 && m.tick % c.billWeeks === 0) {
      const sen = votes(m, P['us.senate'], A['us.senate']['anti-deal']), house = votes(m, P['us.house'], A['us.house']['anti-deal']);
      const S_ = INSTITUTIONS.senate.size, H = INSTITUTIONS.house.size;
      const passes = sen > 0.5 * S_ && house > 0.5 * H;
      const vetoed = passes && decided(m, S.engageSupport!);
      const law = passes && (!vetoed || (sen >= c.override * S_ && house >= c.override * H));
      if (law) {
        n[S.sanctions] = n[S.sanctions]! + c.sanctionsStep * (1 - n[S.sanctions]!);
        m.io.emit({ kind: 'sanctions-imposed', actor: 'us.congress', detail: { senate: sen, house, overridden: vetoed, sanctions: n[S.sanctions]! } });
      }
    }
  },
  rewards(m, out) {
    const s = m.cur, p = m.p, e = p.electorate, base = p.principals.baseline;
    const v = P['us.electorate'], X = A['us.electorate'];
    const inc = s[S.presidentParty] === PARTY.democrat ? X.democrat : X.republican;
    out.reward(v, X.democrat, base);
    out.reward(v, X.republican, base);
    out.reward(v, inc, -e.casualtyPenalty * s[S.usDeaths]! + e.tensionRally * s[S.kinetic]! - e.timeForChange * s[S.termsHeld]!);
    out.category(v, TRAIT.party, PARTY.democrat, X.democrat, e.partyLoyalty);
    out.category(v, TRAIT.party, PARTY.republican, X.republican, e.partyLoyalty);
    if (s[S.phase] === PHASE.deal) {
      out.category(v, TRAIT.party, PARTY.democrat, X.democrat, e.dealPartisanship);
      out.category(v, TRAIT.party, PARTY.republican, X.republican, e.dealPartisanship);
    }
    out.trait(v, traitIndex(v, 'hawk'), X.republican, e.ideology);
    out.local(v, X.democrat, X.democrat, e.conformity);
    out.local(v, X.republican, X.republican, e.conformity);
    // members of Congress
    const c = p.congress, b = m.players.b;
    const deal = s[S.phase] === PHASE.deal;
    const terms = s.subarray(deal ? V.deal : V.irProposal, (deal ? V.deal : V.irProposal) + DIMS.length);
    const quality = s[S.phase]! >= PHASE.talks ? gain(terms, b.us.principal) : 0;
    const israel = 1 - m.share(P['israel.cabinet'], A['israel.cabinet'].restrain);
    const pres = s[S.presidentParty]!, other = pres === PARTY.democrat ? PARTY.republican : PARTY.democrat;
    for (const pop of [P['us.senate'], P['us.house']]) {
      const Y = A['us.senate'];
      out.reward(pop, Y['pro-deal'], base + c.dealQuality * quality);
      out.reward(pop, Y.abstain, base);
      out.reward(pop, Y['anti-deal'], base + c.israelPosture * israel + p.proxies.derail * s[S.attacks]!);
      out.category(pop, TRAIT.party, pres, Y['pro-deal'], c.loyalty);
      out.category(pop, TRAIT.party, other, Y['anti-deal'], c.loyalty);
      // hawkishness, centred: a member of average hawkishness is pulled neither way
      const h = traitIndex(pop, 'hawk');
      out.trait(pop, h, Y['anti-deal'], c.ideology);
      out.reward(pop, Y['anti-deal'], -0.5 * c.ideology);
      out.trait(pop, h, Y['pro-deal'], -c.ideology);
      out.reward(pop, Y['pro-deal'], 0.5 * c.ideology);
    }
  },
};
