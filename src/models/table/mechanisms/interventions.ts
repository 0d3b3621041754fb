/**
 * Mechanism 11 — the interventions of the seed's last section.
 * - Maximum pressure vs maximum clarity: State's reward for pressure rises by pressureBias and
 *   for relief falls by it; with reciprocity, relief follows Iran's acceptance and pressure its
 *   rejection (explicit conditions instead of vague promises).
 * - The Limited Purpose Clearinghouse / Locked Escrow: while talks progress (> 0.1) or a deal
 *   holds, escrowRate flows into a channel immune to executive reversal;
 *   escrowCover = min(1, escrow / escrowScale) shields a deal from reversal (credibility.ts),
 *   offsets the switching cost (sunk-cost.ts) and relieves stress by 0.02 escrowCover per tick.
 * - Modular deal vs grand bargain: a grand bargain advances only with the consent of every veto
 *   player (the IRGC, the three proxies, Israel, Congress), each consenting 1 - confront share,
 *   or 0 beyond vetoThreshold; the Gulf's mediation lifts it (multilateral track):
 *   vetoFactor = (0.7 + 0.6 mediate(Gulf)) * prod_v consent_v       (modular: 1)
 * - The staged, irreversible de-escalation ladder: stage k+1 is reached when talks pass
 *   (k+1)/(stages+1) or a deal is signed, and is never lost; each stage absorbs ladderStep of
 *   every tension shock and calms tension by ladderStep/20 per tick.
 * Rewards: State offer-relief += -pressureBias + reciprocity (accept(leader) - 1/3), add-pressure
 * += pressureBias + reciprocity (reject(leader) - 1/3); pragmatists engage += 0.3 escrowCover;
 * leader accept += 0.2 escrowCover.
 */
import { P, A, PROXIES } from '../actors.js';
import { clamp, share, type Mechanism } from '../mechanism.js';
import type { Params } from '../params.js';
import { DealStatus, S } from '../state.js';

export function escrowCover(s: Float64Array, p: Params): number {
  return p.interventions.escrow ? Math.min(1, s[S.escrow] / p.interventions.escrowScale) : 0;
}

/** Share of a tension shock absorbed by the ladder's stages reached so far. */
export function ladderAbsorption(s: Float64Array, p: Params): number {
  return p.interventions.ladder ? Math.min(0.9, s[S.ladderStage] * p.interventions.ladderStep) : 0;
}

const VETO_PLAYERS = [P.irgc, ...PROXIES, P.israel, P.congress] as const;

/** Multiplier of talks progress from veto points: 1 for a modular deal. */
export function vetoFactor(sh: Float64Array, p: Params): number {
  if (p.interventions.scope !== 'grand') return 1;
  let f = 0.7 + 0.6 * share(sh, P.gulf, A.coop);
  for (const v of VETO_PLAYERS) {
    const c = share(sh, v, A.confront);
    f *= c > p.interventions.vetoThreshold ? 0 : 1 - c;
  }
  return f;
}

export const interventions: Mechanism = {
  name: 'interventions',
  title: 'Interventions: clarity, locked escrow, modular deal, de-escalation ladder',
  passages: ['clarity', 'escrow', 'modular'],
  groups: ['interventions'],
  update({ s, n, p, ctx }) {
    const iv = p.interventions;
    if (iv.escrow && (s[S.talks] > 0.1 || s[S.dealStatus] !== DealStatus.none)) {
      if (s[S.escrow] === 0) ctx.emit({ kind: 'escrow-opened', actor: 'interventions' });
      n[S.escrow] = s[S.escrow] + iv.escrowRate;
    }
    n[S.stress] = clamp(n[S.stress] - 0.02 * escrowCover(s, p));
    if (iv.ladder && s[S.ladderStage] < iv.ladderStages) {
      const next = s[S.ladderStage] + 1;
      if (n[S.talks] >= next / (iv.ladderStages + 1) || n[S.dealStatus] >= DealStatus.modular) {
        n[S.ladderStage] = next;
        ctx.emit({ kind: 'ladder-step', actor: 'interventions', detail: { stage: next } });
      }
    }
  },
  rewards(s, sh, p, out) {
    const iv = p.interventions;
    const acc = share(sh, P.leader, A.coop), rej = share(sh, P.leader, A.confront);
    out.add(P.state, A.coop, -iv.pressureBias + iv.reciprocity * (acc - 1 / 3));
    out.add(P.state, A.confront, iv.pressureBias + iv.reciprocity * (rej - 1 / 3));
    const cover = escrowCover(s, p);
    out.add(P.pragmatists, A.coop, 0.3 * cover);
    out.add(P.leader, A.coop, 0.2 * cover);
  },
};
