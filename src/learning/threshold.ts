/**
 * The threshold rule (Granovetter 1978; Watts 2002): an agent takes the active action when the
 * share of its neighbours that took it last tick, plus its population's drive, reaches its own
 * threshold:
 *
 *   active_i(t) = [ s_i(t − 1) + d_i(t) ≥ θ_i ]      (or stays active, when the rule is irreversible)
 *
 *   s_i(t − 1)  the share of i's neighbours whose action at t − 1 was the active one: on a
 *               network m_i / deg_i (0 for an isolated agent); in a complete neighbourhood the
 *               population's share at t − 1 (Granovetter's mean-field crowd); without a
 *               neighbourhood 0
 *   d_i(t)      R[active] plus i's trait terms for the active action: what the model says pushes
 *               the population (economic stress, a concession's surrender image), the same for all
 *   θ_i         the agent's threshold, drawn once from the rule's distribution (the aux column)
 *
 * Otherwise the agent takes the inactive action. Nothing is learned and nothing is random at
 * the tick: the randomness is in the thresholds, the network and the seed agents.
 */
import { actNow, actPrev, Hood, type PopSlice, type WorldViews } from './kernel-args.js';
import { addTraits, countBlock, countNeighbours, NEIGHBOUR_COUNTS } from './payoff.js';

/** Parameter slots (after rule code and noise). */
export const TH_ACTIVE = 2;
export const TH_INACTIVE = 3;
export const TH_IRREVERSIBLE = 4;
/** the population's active share at t − 1, written by the engine before each tick (complete neighbourhoods) */
export const TH_FIELD = 5;

export function stepThreshold(v: WorldViews, p: PopSlice, lo: number, hi: number, _key: number, tBase: number, tick: number): void {
  const P = v.params, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally, theta = v.aux;
  const active = P[p.pOff + TH_ACTIVE]!, inactive = P[p.pOff + TH_INACTIVE]!, sticky = P[p.pOff + TH_IRREVERSIBLE]! === 1;
  const field = p.hood === Hood.complete ? P[p.pOff + TH_FIELD]! : 0;
  const tOff = tBase + p.tOff;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    let a: number;
    if (sticky && prev[g] === active) a = active;
    else {
      let s = field;
      if (p.hood === Hood.network) {
        const deg = countNeighbours(v, p, i, prev);
        s = deg > 0 ? NEIGHBOUR_COUNTS[active]! / deg : 0;
      }
      const drive = addTraits(R[p.rOff + active]!, v.traits, R, p, i, active);
      a = s + drive >= theta[p.auxOff + i]! ? active : inactive;
    }
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
}
