/**
 * Mechanism 1 — the credibility gap in executive commitments. Every electionInterval ticks the
 * US holds an election: a share of Congress is re-seated with a hawkishness shift, and with
 * probability reversalProbability the new administration pivots. A pivot reverses a deal made
 * by executive order; a treaty only with treatyReversalFactor of that probability; relief
 * locked in escrow keeps a deal alive in proportion to its cover:
 *   P(reversal | election) = reversalProbability * (treaty ? treatyReversalFactor : 1) * (1 - escrowCover)
 * A treaty needs congressSupport >= treatyMajority to be ratified (negotiation.ts asks
 * `ratifiable`). Iran discounts a deal's value by the snapback risk: the leader is paid for
 * accepting
 *   dealValue * relief * sigma^ * credibility * (0.5 + offer(State))  +  (patience - 1/2) * 0.6 relief sigma^ (1 - P(reversal))
 * where relief = talks.relief, offer(State) is State's relief share and sigma^ = sigma, or under a
 * deal in force max(sigma, world.sanctions) (what a walkout would snap back); the pragmatists
 * are paid 0.3 credibility for engaging.
 * Credibility relaxes toward its structural level 0.1 + 0.8 (1 - P(reversal)) and falls by
 * reversalShock at every reversal.
 */
import { P, A } from '../actors.js';
import { clamp, share, type Ctx, type Mechanism } from '../mechanism.js';
import type { Params } from '../params.js';
import { DealStatus, S } from '../state.js';
import { escrowCover } from './interventions.js';

/** Probability that the next election reverses a deal (of the form the scenario uses). */
export function reversalRisk(s: Float64Array, p: Params): number {
  const c = p.credibility;
  return c.reversalProbability * (c.dealForm === 'treaty' ? c.treatyReversalFactor : 1) * (1 - escrowCover(s, p));
}

/** Whether a deal can be concluded now in the scenario's form (treaties need the Senate). */
export function ratifiable(s: Float64Array, p: Params): boolean {
  return p.credibility.dealForm !== 'treaty' || s[S.congressSupport] >= p.credibility.treatyMajority;
}

/** Reverses the deal in force (any mechanism may call it): status, age, counters, credibility, sanctions. */
export function reverseDeal(n: Float64Array, p: Params, emit: Ctx['emit'], actor: string, why: string): void {
  const status = n[S.dealStatus];
  n[S.dealStatus] = DealStatus.none;
  n[S.dealAge] = -1;
  n[S.talks] = 0;
  n[S.reversals] += 1;
  n[S.credibility] = clamp(n[S.credibility] - p.credibility.reversalShock);
  n[S.sanctions] = Math.max(n[S.sanctions], p.world.sanctions);
  emit({ kind: 'deal-reversed', actor, detail: { status, why } });
}

export const credibility: Mechanism = {
  name: 'credibility',
  title: 'Credibility gap in executive commitments',
  passages: ['credibility', 'snapback', 'treaty'],
  groups: ['credibility'],
  update({ s, n, sh, p, ctx }) {
    const c = p.credibility;
    n[S.congressSupport] = share(sh, P.congress, A.coop);
    const risk = reversalRisk(s, p);
    n[S.credibility] = clamp(s[S.credibility] + c.recovery * (0.1 + 0.8 * (1 - risk) - s[S.credibility]));
    n[S.electionClock] = s[S.electionClock] - 1;
    if (n[S.electionClock] > 0) return;
    n[S.electionClock] = c.electionInterval;
    const swing = c.congressSwing * (2 * ctx.draw('election-swing') - 1);
    ctx.reseat(P.congress, c.congressTurnover, { hawk: swing });
    const pivot = ctx.draw('election-pivot') < c.reversalProbability;
    ctx.emit({ kind: 'election', actor: 'credibility', detail: { pivot: pivot ? 1 : 0, swing } });
    if (s[S.dealStatus] === DealStatus.none) return;
    const form = c.dealForm === 'treaty' ? c.treatyReversalFactor : 1;
    if (pivot && ctx.draw('election-reversal') < form * (1 - escrowCover(s, p))) reverseDeal(n, p, ctx.emit, 'credibility', 'election');
  },
  rewards(s, sh, p, out) {
    const risk = reversalRisk(s, p), relief = p.talks.relief;
    // under a deal in force, what is at stake is the snapback to the pre-deal sanctions
    const sigma = s[S.dealStatus] >= DealStatus.modular ? Math.max(s[S.sanctions], p.world.sanctions) : s[S.sanctions];
    const offer = 0.5 + share(sh, P.state, A.coop);
    out.add(P.leader, A.coop, p.credibility.dealValue * relief * sigma * s[S.credibility] * offer, 0, 0.6 * relief * sigma * (1 - risk));
    out.add(P.pragmatists, A.coop, 0.3 * s[S.credibility]);
  },
};
