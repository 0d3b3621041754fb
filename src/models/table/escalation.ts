/**
 * The escalation ladder (kinetic friction): tension rises with proxy attacks, DoD surges, IRGC
 * escalation, Israeli strike postures and the US belief in a weapon, and relaxes toward calm:
 *   shocks  = attackImpact * attacks + surgeImpact * surge(DoD) + irgcImpact escalate(IRGC) + postureImpact strike(Israel) + beliefImpact weaponBelief
 *   tension' = tension + (1 - ladderAbsorption) shocks - tensionDecay * tension
 *              - 0.005 [deal in force] - ladderStep/20 * ladderStage
 * Israel strikes in a tick with probability strikeRate * max(0, strike(Israel) - 0.2)/0.8 * (0.5 + weaponBelief/2).
 * Kinetic conflict (a 'kinetic-threshold' event; the escalation outcome) when tension first
 * reaches outcomes.kineticThreshold.
 */
import { A, P } from './actors.js';
import { clamp, share, type TickIO } from './mechanism.js';
import { ladderAbsorption } from './mechanisms/interventions.js';
import { strike } from './mechanisms/strike.js';
import { DealStatus, S } from './state.js';

export function escalate({ s, n, sh, p, ctx }: TickIO): void {
  const m = p.military, absorb = ladderAbsorption(s, p);
  const shocks = p.proxies.attackImpact * n[S.proxyAttacks] + m.surgeImpact * share(sh, P.dod, A.confront)
    + m.irgcImpact * share(sh, P.irgc, A.confront) + m.postureImpact * share(sh, P.israel, A.confront) + m.beliefImpact * n[S.weaponBelief];
  const calm = (n[S.dealStatus] >= DealStatus.modular ? 0.005 : 0) + (p.interventions.ladder ? (p.interventions.ladderStep / 20) * s[S.ladderStage] : 0);
  n[S.tension] = Math.max(0, n[S.tension] + (1 - absorb) * shocks - m.tensionDecay * s[S.tension] - calm);
  const pStrike = m.strikeRate * clamp((share(sh, P.israel, A.confront) - 0.2) / 0.8) * (0.5 + 0.5 * n[S.weaponBelief]);
  if (ctx.draw('israeli-strike') < pStrike) strike(n, p, ctx, 'escalation', 'israeli strike');
  const k = p.outcomes.kineticThreshold;
  if (n[S.tension] >= k && s[S.tension] < k) ctx.emit({ kind: 'kinetic-threshold', actor: 'escalation', detail: { tension: n[S.tension] } });
}
