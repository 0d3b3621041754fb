/**
 * What every learning kernel reads and writes for one population slice in one tick.
 *
 * Agent i of a population is world agent `agentOff + i`; its K propensities (or probabilities,
 * or attractions) are `state[stateOff + i*K .. +K)`, its traits `hawk[agentOff + i]` and
 * `patience[agentOff + i]`, and for Bush–Mosteller its aspiration `aux[auxOff + i]`.
 * Traits are stored as bytes b = round(255 x) for a trait x in [0, 1] (one byte each instead of
 * four: large worlds are bound by memory traffic), and the engine divides the H and F vectors by
 * 255 before the kernels read them (`scaleTraitVectors`), so kernels multiply the byte directly.
 *
 * The realised payoff of action a for agent i is
 *   r = R[a] + hawk_i * H[a] + patience_i * F[a] + noise * (u - 1/2)
 * where R, H, F are the population's reward vectors for this tick (`rewards[rOff ..]`, laid
 * out R then H then F, K each) and u is the agent's second uniform draw. Rules that need
 * non-negative payoffs (Roth–Erev) clip r at 0.
 */
export interface SliceArgs {
  /** read+write: the rule's per-action state, K floats per agent */
  state: Float32Array;
  /** read: hawkishness trait per world agent, as a byte (x 255) */
  hawk: Uint8Array;
  /** read: patience (discount factor) trait per world agent, as a byte (x 255) */
  patience: Uint8Array;
  /** read+write: per-agent scalar of rules that need one (Bush–Mosteller aspiration) */
  aux: Float32Array;
  /** read: reward vectors of every population, see above */
  rewards: Float64Array;
  /** read: rule parameters of every population, RULE_STRIDE per population */
  params: Float64Array;
  /** write: action counts, K per population per shard */
  tally: Int32Array;
}

/** Float64 slots of rule parameters per population. */
export const RULE_STRIDE = 8;
