/**
 * An agent's choice probabilities as its rule holds them: the distribution its next choice is
 * drawn from. Read by the engine's learning statistics (engine/learning-stats.ts), never by the
 * kernels, which draw from the same numbers in the same order:
 *
 *   Roth–Erev, modified Roth–Erev, Bush–Mosteller, fixed   P(j) = w_j / Σ_k w_k   (the roulette's
 *                                                          weights: propensities, probabilities)
 *   EWA                                                    P(j) = exp(λ (A_j − max A)) / Σ_k exp(λ (A_k − max A))
 *   threshold                                              P(j) = [j = a_i(t − 1)]   (no draw: the
 *                                                          rule is deterministic; its last action)
 *
 * A roulette whose weights sum to 0 (propensities decayed to zero) takes the last action with
 * certainty, as `roulette` does (x = 0 passes every cumulative bound). Plain loops over typed
 * arrays into a caller's scratch array: no allocation.
 */
import { RuleCode } from './rules.js';
import { actPrev, type PopSlice, type WorldViews } from './kernel-args.js';
import { EWA_LAMBDA } from './ewa.js';

/**
 * Writes agent i's (of population slice p) choice probabilities for tick `tick` into
 * `out[0 .. p.K)`, from the state as it stands before that tick is stepped.
 */
export function choiceProbabilities(v: WorldViews, p: PopSlice, i: number, tick: number, out: Float64Array): void {
  const K = p.K, code = v.params[p.pOff]!;
  if (code === RuleCode.threshold) {
    const a = actPrev(v, tick)[p.agentOff + i]!;
    for (let k = 0; k < K; k++) out[k] = 0;
    out[a] = 1;
    return;
  }
  const w = v.state, b = p.stateOff + i * K;
  if (code === RuleCode.ewa) {
    const lambda = v.params[p.pOff + EWA_LAMBDA]!;
    let m = w[b]!;
    for (let k = 1; k < K; k++) if (w[b + k]! > m) m = w[b + k]!;
    let tot = 0;
    for (let k = 0; k < K; k++) { const e = Math.exp(lambda * (w[b + k]! - m)); out[k] = e; tot += e; }
    for (let k = 0; k < K; k++) out[k] = out[k]! / tot;
    return;
  }
  let tot = 0;
  for (let k = 0; k < K; k++) tot += w[b + k]!;
  if (tot > 0) {
    for (let k = 0; k < K; k++) out[k] = w[b + k]! / tot;
  } else {
    for (let k = 0; k < K; k++) out[k] = 0;
    out[K - 1] = 1;
  }
}
