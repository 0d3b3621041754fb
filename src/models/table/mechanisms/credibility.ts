/**
 * Mechanism 1 — the credibility gap in executive commitments.
 *
 * Decision: reversing relief in force is the sitting President's choice. The President's pay for
 * pressure while a deal is in force is
 *
 *   reversalAppeal · [the deal was signed by the other party]  +  breachEvidence · (breaches detected)
 *   − reversalCost (an executive agreement)  or  − treatyReversalCost (a ratified treaty)
 *
 * (beside the party lean, the hawkishness and the pressure policy of the other mechanisms). A
 * reversal is a policy review: the administration's running support for reversing follows the
 * President's pressure share at the slower rate credibility.review; when it reaches
 * decisions.majority with a deal in force, the relief is reversed (relief in a locked channel
 * stays: interventions.ts), sanctions snap back to where they stood, and the talks start over
 * from the two sides' positions.
 *
 * Belief: Iran learns from what it sees. Each administration of another party than the signer's
 * that takes office with the deal in force is on probation; if it reverses the deal Iran counts a
 * reversal, if its term ends with the deal in force Iran counts a kept commitment:
 *
 *   commitBelief = keepSeen / (keepSeen + reverseSeen)     (Beta–Bernoulli, prior credibility.priorKeep/priorReverse)
 *
 * which sets the durability Iran expects of an executive waiver (players.ts). Nothing relaxes
 * toward a formula of the true reversal rate.
 */
import { decided, spend } from '../decisions.js';
import type { Mechanism, TableModel } from '../model.js';
import { A, P } from '../populations.js';
import { PHASE, S, V } from '../state.js';
import { DIM } from '../issues.js';

/** The President's pay for pressure from a deal in force (positive: reversing appeals). */
export function reversalPay(m: TableModel): number {
  const s = m.cur, c = m.p.credibility;
  if (s[S.phase] !== PHASE.deal) return 0;
  const otherParty = s[S.dealParty] !== s[S.presidentParty] ? 1 : 0;
  const treaty = s[S['deal.durability']!]! > 0.5 ? 1 : 0;
  return c.reversalAppeal * otherParty + c.breachEvidence * s[S.breaches]! - (treaty ? c.treatyReversalCost : c.reversalCost);
}

/** Reverses the deal in force: relief outside the locked channel is lifted back, the terms end. */
export function reverse(m: TableModel, actor: string): void {
  const n = m.n;
  const kept = m.p.interventions.escrow && n[S.escrowFrozen] === 0 ? Math.min(n[S.relief]!, n[S['deal.relief']!]!) * lockedShare(m) : 0;
  m.io.emit({ kind: 'relief-reversed', actor, detail: { party: n[S.presidentParty] === 0 ? 'democrat' : 'republican', age: n[S.dealAge]!, keptInEscrow: kept } });
  n[S.relief] = kept;
  n[S.sanctions] = Math.max(n[S.sanctions]!, m.p.economy.sanctions);
  for (const d of Object.values(DIM)) n[V.deal + d] = 0;
  n[S.phase] = PHASE.none;
  n[S.dealAge] = -1;
  n[S.implemented] = 0;
  n[S.reverseSeen] = n[S.reverseSeen]! + 1;
  n[S.probation] = 0;
  n[S.gap] = 0; // the proposals start over from the positions when talks reopen (table.ts)
}

/** The share of relief that flowed through the locked channel (its balance over what full relief would have put there). */
export function lockedShare(m: TableModel): number {
  const e = m.n[S.escrow]!, full = m.p.interventions.escrowRate * m.p.table.horizonYears * m.p.calendar.weeksPerYear;
  return full > 0 ? Math.min(1, e / full) : 0;
}

export const credibility: Mechanism = {
  name: 'credibility',
  title: 'Credibility gap in executive commitments',
  passages: ['credibility', 'snapback', 'treaty'],
  groups: ['credibility'],
  update(m) {
    const n = m.n, r = m.p.credibility.review;
    const pressing = m.share(P['us.president'], A['us.president'].pressure);
    n[S.reversalSupport] = n[S.phase] === PHASE.deal ? (1 - r) * m.s[S.reversalSupport]! + r * pressing : 0;
    if (n[S.phase] === PHASE.deal && decided(m, S.reversalSupport!)) {
      reverse(m, 'us.president');
      spend(m, S.reversalSupport!);
    }
    n[S.commitBelief] = n[S.keepSeen]! / (n[S.keepSeen]! + n[S.reverseSeen]!);
  },
  rewards(m, out) {
    out.reward(P['us.president'], A['us.president'].pressure, reversalPay(m));
  },
};

/** At an inauguration: a kept commitment is counted when a probationary term ends with the deal in force. */
export function inaugurationSeen(m: TableModel, newParty: number): void {
  const n = m.n, inForce = n[S.phase] === PHASE.deal;
  if (n[S.probation] === 1 && inForce) n[S.keepSeen] = n[S.keepSeen]! + 1;
  n[S.probation] = inForce && newParty !== n[S.dealParty] ? 1 : 0;
}
