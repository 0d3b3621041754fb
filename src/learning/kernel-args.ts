/**
 * What every learning kernel reads and writes for one population slice in one tick.
 *
 * The world's agents live in struct-of-arrays columns (typed arrays over shared memory, so
 * that worker threads step shards of one world in place). Agent i of a population is world agent
 * g = agentOff + i. Its columns:
 *   state   Float32, `width` per agent   propensities / probabilities / attractions (width K, or 0
 *                                        for the threshold rule)
 *   aux     Float32, 1 per agent         a per-agent scalar of rules that need one (Bush–Mosteller's
 *                                        aspiration, the threshold rule's threshold)
 *   traits  Uint8, nT per agent          traits stored as bytes: a continuous trait x in [0, 1] as
 *                                        round(255 x), a categorical one as its category index;
 *                                        continuous traits first, then categorical
 *   act     Uint8 × 2 (double-buffered)  the agent's action of the last two ticks: tick t writes
 *                                        act[t & 1] and reads its neighbours in act[(t + 1) & 1]
 *                                        (their actions of tick t − 1), so a tick never reads what
 *                                        another shard writes in the same tick.
 *
 * The realised payoff of action a for agent i at tick t is
 *
 *   r = R[a]                                             the population's term (world state)
 *     + Σ_c  x_c,i · C_c[a]                              continuous traits (x as a byte; the engine
 *                                                        stores C_c already divided by 255)
 *     + Σ_k  T_k[cat_k,i · K + a]                        categorical traits (one K-row per category)
 *     + Σ_b  L[a · Ks + b] · m_i(b) / deg_i              the local term: m_i(b) of i's deg_i
 *                                                        neighbours (in the source population,
 *                                                        Ks actions) took b at tick t − 1
 *     + noise · (u2 − 1/2)                               per-agent payoff noise
 *     − cost[a]  if u3 < hazard[a]                       its own realised consequence (a per-agent
 *                                                        draw: the cell that attacks may be hit)
 *
 * in this order (the order fixes the floating-point result: unrolled and generic kernels agree
 * bit for bit). A population whose neighbourhood is "complete" (every member) has its local term
 * folded into R by the engine before the tick (mean-field: the same for every agent).
 * Rules that need non-negative payoffs (Roth–Erev) clip r at 0.
 */

import type { WasmWorld } from './wasm.js';

/** The columns of a world (views over its shared memory: the arena, or SharedArrayBuffers). */
export interface WorldViews {
  /** read+write: the rule's per-action state, `width` floats per agent */
  state: Float32Array;
  /** read+write: per-agent scalar of rules that need one */
  aux: Float32Array;
  /** read: trait bytes, nT per agent */
  traits: Uint8Array;
  /** the last actions, double-buffered: act[t & 1] is written at tick t, act[(t + 1) & 1] read */
  act0: Uint8Array;
  act1: Uint8Array;
  /** read: the per-population reward terms (see PopSlice offsets) */
  rewards: Float64Array;
  /** read: rule parameters, RULE_STRIDE per population */
  params: Float64Array;
  /** write: the shard's integer tallies */
  tally: Int32Array;
  /** per population: its network (CSR over the source population) or null */
  nets: ReadonlyArray<NetViews | null>;
  /**
   * The world's columns in a shared WebAssembly.Memory (engine/world.ts's arena), for the
   * WebAssembly kernels; absent or null when the world has no arena (the JavaScript kernels run).
   */
  wasm?: WasmWorld | null;
}

/** A network in CSR form: row i's neighbours are targets[offsets[i] .. offsets[i + 1]). */
export interface NetViews {
  offsets: Int32Array;
  targets: Int32Array;
}

/**
 * One population as the kernels see it: every offset into the world's columns. Plain numbers,
 * read once per slice outside the per-agent loop.
 */
export interface PopSlice {
  readonly index: number;
  /** actions */
  readonly K: number;
  readonly size: number;
  /** first world agent */
  readonly agentOff: number;
  /** first float of its state; `width` floats per agent */
  readonly stateOff: number;
  readonly width: number;
  /** first float of its aux column, or -1 */
  readonly auxOff: number;
  /** first byte of its traits; nT = nTc + nTk bytes per agent */
  readonly traitOff: number;
  readonly nTc: number;
  readonly nTk: number;
  /** rewards: R (K floats) */
  readonly rOff: number;
  /** rewards: continuous trait coefficients, nTc × K (divided by 255) */
  readonly cOff: number;
  /** rewards: categorical tables, nTk × CAT_ROWS × K */
  readonly kOff: number;
  /** rewards: local coefficients L, K × Ks (or -1 without a networked local term) */
  readonly lOff: number;
  /** rewards: hazard (K) then cost (K), or -1 without consequences */
  readonly hzOff: number;
  /** rule parameters */
  readonly pOff: number;
  /** tally (within one shard's block): K action counts, then 1 count of realised hazards, then per block K counts */
  readonly tOff: number;
  readonly hitOff: number;
  /** storage index of the categorical trait that splits the tally into blocks, or -1 */
  readonly blockTrait: number;
  readonly bOff: number;
  /** the neighbourhood: 'none', 'network' (CSR in nets[index]) or 'complete' (mean-field) */
  readonly hood: 0 | 1 | 2;
  /** the source population of the neighbourhood: its first agent and its actions */
  readonly srcAgentOff: number;
  readonly Ks: number;
}

/** Neighbourhood kinds (PopSlice.hood). */
export const Hood = { none: 0, network: 1, complete: 2 } as const;

/** Rows of a categorical trait's reward table: categories are stored in one byte. */
export const CAT_ROWS = 256;

/** Float64 slots of rule parameters per population: [rule code, noise, rule-specific …]. */
export const RULE_STRIDE = 8;

/** Rule parameter slot of the payoff noise amplitude (slot 0 is the rule code). */
export const NOISE = 1;

/** The action column written at tick t, and the one read (the last tick's). */
export const actNow = (v: WorldViews, tick: number): Uint8Array => ((tick & 1) === 0 ? v.act0 : v.act1);
export const actPrev = (v: WorldViews, tick: number): Uint8Array => ((tick & 1) === 0 ? v.act1 : v.act0);
