/**
 * The bargaining table (the process the eleven mechanisms act on): a two-level game (Putnam 1988)
 * over the issue space of issues.ts, with positions aggregated from the factions (players.ts) and
 * concessions by Zeuthen's rule (zeuthen.ts).
 *
 * Phases: no talks → talks → (interim freeze) → deal in force. Talks open when the President's
 * running support for engaging decides and the Leader's for rejecting has fallen to 1 − majority
 * (withdrawn, decisions.ts); they lapse when
 * the President withdraws (support for engaging down to 1 − majority) or the Leader decides to
 * reject (an interim freeze lapses with them). Each week of talks:
 *   - each side's proposal starts at its position; the side with the smaller risk limit concedes
 *     table.concession × its negotiators' flexibility (State's and the Iranian government's
 *     conceding shares) of the gap, never out of its win-set; an `offer` event records each concession;
 *   - when the proposals are within table.interimGap and both principals' supports decide (the
 *     President engaging, the Leader accepting), an interim freeze is signed (interim.* terms:
 *     limited relief for a freeze and access);
 *   - when the proposals meet (table.agreeGap) at terms in both win-sets and both principals'
 *     supports decide, the comprehensive deal is signed, in the form its durability term rounds to:
 *     an executive agreement (0), a locked channel (½, with the escrow intervention), or a treaty (1).
 *   - a treaty goes to the Senate: ratified with congress.treatyMajority of the senators choosing
 *     pro-deal that week, else `ratification-failed` and the deal stands as an executive agreement
 *     if Iran's principal still gains from it; an executive agreement is reviewed
 *     (congress.reviewWeeks): a resolution of disapproval needs cloture in the Senate and a majority
 *     in the House, and then an override of the President's veto in both — else the deal stands.
 * Stalemate is what happens when no concession is possible: the win-sets do not meet.
 *
 * A deal in force is implemented over table.implementationWeeks: relief lifted, the
 * programme rolled back (latency.ts), access raised (inspections.ts). Iran's concessions (its
 * proposal moving toward the US's, the terms it signs) add to the surrender image (cost-function.ts).
 *
 * Pay of the principals and negotiators (expected results):
 *   President  engage: g_US(Iran's proposal) (the best terms on offer; under a deal, the terms kept;
 *              before talks, the prospect: the midpoint of the two sides' positions) + talkValue
 *   Leader     accept: g_Leader(the US proposal) (under a deal, the terms kept; before talks, the prospect);
 *              hold: talkValue while talks go on
 *   State      concede: follow · engage(President); harden: follow · (1 − engage(President)) + derail · attacks
 *   government concede: follow · accept(Leader) + stressCost · stress; harden: follow · reject(Leader)
 *   Majlis     support: stressSupport · stress (+ discipline for reformists); oppose: discipline for principlists
 */
import { decided, votes, withdrawn } from '../decisions.js';
import { DIM, DIMS, distance, gain } from '../issues.js';
import type { Mechanism, TableModel } from '../model.js';
import { hawkTilt } from '../model.js';
import { INSTITUTIONS } from '../params.js';
import { A, FACTION, P, TRAIT } from '../populations.js';
import { PHASE, S, V } from '../state.js';
import { concede, type Side } from '../zeuthen.js';
import { concession } from './cost-function.js';

const FORMS = ['executive', 'escrow', 'treaty'] as const;
const PROSPECT = new Float64Array(DIMS.length);

/** The form of terms: the durability term rounded to 0, ½ or 1 (a locked channel only with the escrow intervention). */
export function formOf(m: TableModel, x: ArrayLike<number>): (typeof FORMS)[number] {
  const r = Math.round(x[DIM.durability]! / 0.5) * 0.5;
  return r >= 1 ? 'treaty' : r > 0 && m.p.interventions.escrow ? 'escrow' : 'executive';
}

const proposalOf = (n: Float64Array, base: number) => n.subarray(base, base + DIMS.length);

/** Signs the comprehensive deal at terms x (after ratification or review, see the header). */
function sign(m: TableModel, x: Float64Array): void {
  const n = m.n, p = m.p;
  let form = formOf(m, x);
  const K = m.players.b;
  if (form === 'treaty') {
    const yes = votes(m, P['us.senate'], A['us.senate']['pro-deal']);
    if (yes < p.congress.treatyMajority * INSTITUTIONS.senate.size) {
      m.io.emit({ kind: 'ratification-failed', actor: 'us.senate', detail: { votes: yes, needed: Math.ceil(p.congress.treatyMajority * INSTITUTIONS.senate.size) } });
      x[DIM.durability] = 0;
      form = 'executive';
      if (gain(x, K.ir.principal) < 0) return;
    }
  }
  n.set(x, V.deal);
  n[V.deal + DIM.durability] = form === 'treaty' ? 1 : form === 'escrow' ? 0.5 : 0;
  n[S.phase] = PHASE.deal;
  n[S.dealAge] = 0;
  n[S.implemented] = 0;
  n[S.dealParty] = n[S.presidentParty]!;
  n[S.residual] = 1;
  n[S.reviewLeft] = form === 'executive' && p.congress.review ? p.congress.reviewWeeks : 0;
  concession(n, p, Math.max(0, x[DIM.enrichment]! - K.ir.principal.quo[DIM.enrichment]!) + Math.max(0, x[DIM.access]! - K.ir.principal.quo[DIM.access]!));
  m.io.emit({
    kind: 'deal-signed', actor: 'us.president',
    detail: { form, agenda: p.interventions.agenda, ...Object.fromEntries(DIMS.map((d, i) => [d, x[i]!])) },
  });
}

/** The end of a congressional review: a resolution of disapproval, a veto, an override. */
function review(m: TableModel): void {
  const p = m.p.congress, sen = INSTITUTIONS.senate.size, house = INSTITUTIONS.house.size;
  const senAnti = votes(m, P['us.senate'], A['us.senate']['anti-deal']), houseAnti = votes(m, P['us.house'], A['us.house']['anti-deal']);
  const passes = senAnti >= p.cloture * sen && houseAnti > 0.5 * house;
  const overridden = passes && senAnti >= p.override * sen && houseAnti >= p.override * house;
  if (!overridden) return;
  m.io.emit({ kind: 'ratification-failed', actor: 'us.congress', detail: { senate: senAnti, house: houseAnti, rule: 'disapproval over a veto' } });
  const n = m.n;
  for (let d = 0; d < DIMS.length; d++) n[V.deal + d] = 0;
  n[S.phase] = PHASE.talks;
  n[S.dealAge] = -1;
  n[S.relief] = m.p.interventions.ladder ? n[S.usLadder]! * m.p.interventions.ladderRelief : 0;
}

export const table: Mechanism = {
  name: 'table',
  title: 'The bargaining table (two-level negotiation)',
  passages: ['fragmented', 'modular'],
  groups: ['table', 'interim', 'positions', 'salience', 'capability', 'congress'],
  update(m) {
    const n = m.n, p = m.p;
    const b = m.players.update(m);
    n.set(b.us.position, V.usPosition);
    n.set(b.ir.position, V.irPosition);
    const us = proposalOf(n, V.usProposal), ir = proposalOf(n, V.irProposal);
    const engage = decided(m, S.engageSupport!), reject = decided(m, S.rejectSupport!);
    const ph = n[S.phase]!;

    if (ph === PHASE.deal) {
      n[S.dealAge] = n[S.dealAge]! + 1;
      n[S.implemented] = Math.min(1, n[S.implemented]! + 1 / p.table.implementationWeeks);
      const ladder = p.interventions.ladder ? n[S.usLadder]! * p.interventions.ladderRelief : 0;
      n[S.relief] = Math.max(ladder, n[V.deal + DIM.relief]! * n[S.implemented]!);
      if (n[S.reviewLeft]! > 0) { n[S.reviewLeft] = n[S.reviewLeft]! - 1; if (n[S.reviewLeft] === 0) review(m); }
      n[S.winSets] = 1;
      return;
    }
    if (ph === PHASE.none) {
      if (!engage || !withdrawn(m, S.rejectSupport!)) return;
      n[S.phase] = PHASE.talks;
      if (n[S.gap] === 0) { us.set(b.us.position); ir.set(b.ir.position); }
      m.io.emit({ kind: 'offer', actor: 'us.president', detail: { opening: true, gap: distance(us, ir) } });
    } else if (withdrawn(m, S.engageSupport!) || reject) {
      if (ph === PHASE.interim) n[S.relief] = p.interventions.ladder ? n[S.usLadder]! * p.interventions.ladderRelief : 0;
      n[S.phase] = PHASE.none;
      m.io.emit({ kind: 'talks-suspended', actor: reject ? 'iran.leader' : 'us.president', detail: { gap: n[S.gap]! } });
      return;
    }
    // a modular agenda keeps the regional file off the table: both proposals carry the track's progress
    if (p.interventions.agenda === 'modular') us[DIM.regional] = ir[DIM.regional] = n[S.regionalTrack]!;

    const a: Side = { principal: b.us.principal, vetoes: b.us.vetoes, proposal: us, flexibility: b.us.flexibility };
    const c: Side = { principal: b.ir.principal, vetoes: b.ir.vetoes, proposal: ir, flexibility: b.ir.flexibility };
    const before = Float64Array.from(ir);
    const step = concede(a, c, p.table.concession, p.table.agreeGap);
    n[S.winSets] = step.kind === 'stuck' ? 0 : 1;
    if (step.kind === 'conceded') {
      if (step.side === 1) concession(n, p, Math.max(0, ir[DIM.enrichment]! - before[DIM.enrichment]!) + Math.max(0, ir[DIM.access]! - before[DIM.access]!));
      m.io.emit({ kind: 'offer', actor: step.side === 0 ? 'us.state' : 'iran.government', detail: { moved: step.moved, gap: distance(us, ir) } });
    }
    n[S.gap] = distance(us, ir);
    const willing = engage && decided(m, S.acceptSupport!);
    if (step.kind === 'agreed' && willing) { sign(m, step.at); return; }
    if (n[S.phase] === PHASE.talks && n[S.gap]! <= p.table.interimGap && willing) {
      n[S.phase] = PHASE.interim;
      n[S.relief] = Math.max(n[S.relief]!, p.interim.relief);
      m.io.emit({ kind: 'interim-signed', actor: 'iran.leader', detail: { relief: p.interim.relief, enrichment: p.interim.enrichment, access: p.interim.access, gap: n[S.gap]! } });
    }
  },
  rewards(m, out) {
    const s = m.cur, p = m.p, b = m.players.b, base = p.principals.baseline;
    const talks = s[S.phase]! >= PHASE.talks && s[S.phase]! < PHASE.deal ? 1 : 0, deal = s[S.phase] === PHASE.deal;
    const us = s.subarray(V.usProposal, V.usProposal + DIMS.length), ir = s.subarray(V.irProposal, V.irProposal + DIMS.length);
    const terms = s.subarray(V.deal, V.deal + DIMS.length);
    // before talks, each principal weighs the prospect: the midpoint of the two sides' positions
    const prospect = PROSPECT;
    for (let d = 0; d < DIMS.length; d++) prospect[d] = 0.5 * (b.us.position[d]! + b.ir.position[d]!);
    if (p.interventions.agenda === 'modular') prospect[DIM.regional] = s[S.regionalTrack]!;
    const pres = P['us.president'], X = A['us.president'];
    out.reward(pres, X.engage, gain(deal ? terms : talks ? ir : prospect, b.president) + p.table.talkValue * talks);
    const leader = P['iran.leader'], L = A['iran.leader'];
    out.reward(leader, L.accept, gain(deal ? terms : talks ? us : prospect, b.leader));
    out.reward(leader, L.hold, p.table.talkValue * talks);
    hawkTilt(m, out, leader, L.accept, L.reject);
    // the negotiators follow their principals
    const f = p.principals.follow, engage = m.share(pres, X.engage);
    const st = P['us.state'], T = A['us.state'];
    out.reward(st, T.concede, base + f * engage);
    out.reward(st, T.hold, base);
    out.reward(st, T.harden, base + f * (1 - engage) + p.proxies.derail * s[S.attacks]!);
    hawkTilt(m, out, st, T.concede, T.harden);
    const gov = P['iran.government'], G = A['iran.government'];
    out.reward(gov, G.concede, base + f * m.share(leader, L.accept) + p.costFunction.stressCost * s[S.stress]!);
    out.reward(gov, G.hold, base);
    out.reward(gov, G.harden, base + f * m.share(leader, L.reject));
    hawkTilt(m, out, gov, G.concede, G.harden);
    // the Majlis: factions and constituents
    const mj = P['iran.majlis'], J = A['iran.majlis'], k = p.majlis;
    out.reward(mj, J.support, base + k.stressSupport * s[S.stress]!);
    out.reward(mj, J.abstain, base);
    out.reward(mj, J.oppose, base);
    out.category(mj, TRAIT.faction, FACTION.principlist, J.oppose, k.discipline);
    out.category(mj, TRAIT.faction, FACTION.reformist, J.support, k.discipline);
    hawkTilt(m, out, mj, J.support, J.oppose);
  },
};
