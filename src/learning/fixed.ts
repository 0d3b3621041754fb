/**
 * A fixed mixed strategy: the agent draws its action from constant probabilities and does not
 * learn. It is the rule of null model (a) of the validation (`fractable calibrate`): every
 * population acts with its overall action shares from the full model, so that what the learning
 * adds to the patterns shows as the difference. The state holds the probabilities (normalised
 * once, at initialisation); payoffs are not computed, but the agent's own consequence is drawn
 * as for every rule (the third draw), so the world sees the same hazards.
 *
 *   P(j) = p_j / Σ_k p_k, constant
 */
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { roulette } from './choice.js';
import { actNow, type PopSlice, type WorldViews } from './kernel-args.js';
import { countBlock, struck } from './payoff.js';

export function stepFixed(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const w = v.state, R = v.rewards, now = actNow(v, tick), tally = v.tally, K = p.K, tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const a = roulette(w, p.stateOff + i * K, K, u01(h));
    if (struck(R, p, a, h2)) hits++;
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}
