/**
 * Mechanism 5 — the asymmetric value of nuclear latency. Enrichment follows Iran's hardline
 * drive; above the latency plateau (60%) it is a breakout decision that the threat of force
 * deters; breakout is reaching weapons grade:
 *   drive  = (escalate(IRGC) + reject(leader))/2 - 0.4 (restrain(IRGC) + accept(leader))
 *   dE     = enrichmentRate * drive * (1 - access/2) * (E >= plateau ? 1 - threatCredibility : 1)
 *            - sabotageEffect * sabotage(Israel)                  (no deal in force)
 *   dE     = -1 per tick, stockpile * 0.98                         (a nuclear deal rolls back)
 *   dE     = 0                                                     (an interim freeze)
 *   breakoutWeeks = breakoutMaxWeeks * ln(wg / E) / ln(wg / 3.67) / (0.5 + 0.5 min(1, stockpile / 400))
 *   leverage      = 1 - min(1, breakoutWeeks / breakoutMaxWeeks)
 * The closer to breakout, the more leverage Iran's hardliners believe they hold; with
 * v = latencyValue * leverage: leader hold +0.5 v, reject +v, accept -0.3 v; IRGC escalate +0.5 v.
 */
import { P, A } from '../actors.js';
import { clamp, share, type Mechanism } from '../mechanism.js';
import type { Params } from '../params.js';
import { DealStatus, S } from '../state.js';

export const REACTOR_GRADE = 3.67;

/** Weeks to one significant quantity of weapons-grade uranium from enrichment E and a stockpile. */
export function breakoutWeeks(enrichment: number, stockpile: number, p: Params): number {
  const wg = p.latency.weaponsGrade;
  const work = Math.log(wg / Math.min(enrichment, wg)) / Math.log(wg / REACTOR_GRADE);
  return (p.latency.breakoutMaxWeeks * work) / (0.5 + 0.5 * Math.min(1, stockpile / 400));
}

/** Leverage believed held: 0 at reactor grade with a full stockpile... 1 at breakout. */
export function leverage(weeks: number, p: Params): number {
  return 1 - Math.min(1, weeks / p.latency.breakoutMaxWeeks);
}

export const latency: Mechanism = {
  name: 'latency',
  title: 'Asymmetric value of nuclear latency',
  passages: ['latency'],
  groups: ['latency'],
  update({ s, n, sh, p, ctx }) {
    const L = p.latency, E = s[S.enrichment], status = s[S.dealStatus];
    let e = E, stock = s[S.stockpile];
    if (status >= DealStatus.modular) {
      e = Math.max(REACTOR_GRADE, E - 1);
      stock *= 0.98;
    } else if (status === DealStatus.none) {
      const drive = 0.5 * (share(sh, P.irgc, A.confront) + share(sh, P.leader, A.confront)) - 0.4 * (share(sh, P.irgc, A.coop) + share(sh, P.leader, A.coop));
      const deterred = E >= L.plateau ? 1 - s[S.threatCredibility] : 1;
      e = E + L.enrichmentRate * drive * (1 - 0.5 * s[S.access]) * deterred - p.military.sabotageEffect * share(sh, P.israel, A.hold);
      stock = Math.max(0, stock + 2 * drive);
    }
    e = clamp(e, REACTOR_GRADE, L.weaponsGrade);
    n[S.enrichment] = e;
    n[S.stockpile] = stock;
    n[S.breakoutWeeks] = breakoutWeeks(e, stock, p);
    n[S.leverage] = leverage(n[S.breakoutWeeks], p);
    if (e >= L.weaponsGrade && E < L.weaponsGrade) ctx.emit({ kind: 'breakout', actor: 'latency', detail: { enrichment: e, stockpile: stock } });
  },
  rewards(s, _sh, p, out) {
    const v = p.latency.latencyValue * s[S.leverage];
    out.add(P.leader, A.hold, 0.5 * v);
    out.add(P.leader, A.confront, v);
    out.add(P.leader, A.coop, -0.3 * v);
    out.add(P.irgc, A.confront, 0.5 * v);
  },
};
