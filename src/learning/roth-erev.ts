/**
 * Roth–Erev reinforcement learning (Erev & Roth 1998, "three-parameter" form without the
 * local-generalisation kernel), with forgetting phi and experimentation epsilon:
 *
 *   q_j(t+1) = (1 - phi) q_j(t) + E_j,   E_j = r (1 - eps)        if j = a (the chosen action)
 *                                        E_j = r eps / (K - 1)     otherwise
 *   P(j) = q_j / sum_k q_k   (proportional choice)
 *
 * Payoffs r are clipped at 0 (the rule needs non-negative reinforcement). With phi = eps = 0
 * this is the basic (Roth & Erev 1995) cumulative rule, a Pólya urn when every payoff is 1.
 */
import { agentHash, nextHash, u01 } from '../random/rng.js';
import { bit, roulette } from './choice.js';
import { actNow, actPrev, NOISE, type PopSlice, type WorldViews } from './kernel-args.js';
import { countBlock, hazardCost, payoffOf, struck } from './payoff.js';

/** Parameter slots (after the two common ones: rule code, noise). */
export const RE_PHI = 2;
export const RE_EPS = 3;
/** the reinforcement floor (0: none) */
export const RE_FLOOR = 4;
/** 1: 'decay-first' (the reference kernel's update order), 0: 'together' */
export const RE_DECAY_FIRST = 5;

/** One agent's update after choosing `a` with payoff `r` (r >= 0). */
export function rothErevUpdate(q: Float32Array, b: number, K: number, a: number, r: number, decay: number, keep: number, spill: number): void {
  const sp = r * spill, qa = q[b + a]!;
  for (let k = 0; k < K; k++) q[b + k] = q[b + k]! * decay + sp;
  q[b + a] = qa * decay + r * keep; // directly: no cancellation of + sp - sp
}

/** Steps agents [lo, hi) of one population for one tick; counts go to the shard's tally block at tBase. */
export function stepRothErev(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  if (v.params[p.pOff + RE_FLOOR] !== 0 || v.params[p.pOff + RE_DECAY_FIRST] === 1) {
    if (p.K === 4 && isPlain(p) && v.params[p.pOff + RE_EPS] === 0 && v.params[p.pOff + RE_DECAY_FIRST] === 1) stepRothErev4DecayFirst(v, p, lo, hi, key, tBase, tick);
    else stepRothErevFloor(v, p, lo, hi, key, tBase, tick);
  }
  else if (p.K === 4 && isPlain(p)) {
    if (v.params[p.pOff + RE_EPS] === 0) stepRothErev4Basic(v, p, lo, hi, key, tBase, tick);
    else stepRothErev4Plain(v, p, lo, hi, key, tBase, tick);
  } else if (p.K === 3 && p.Ks === 3 && isNetworkedPlain(p)) {
    if (v.wasm?.nets[p.index]) stepRothErev3NetWasm(v, p, lo, hi, key, tBase, tick);
    else stepRothErev3Net(v, p, lo, hi, key, tBase, tick);
  }
  else if (p.K === 3) stepRothErev3(v, p, lo, hi, key, tBase, tick);
  else if (p.K === 4) stepRothErev4(v, p, lo, hi, key, tBase, tick);
  else stepRothErevK(v, p, lo, hi, key, tBase, tick);
}

/**
 * K = 3 and K = 4, unrolled: the same arithmetic in the same order as the generic kernel
 * (so results are bit-identical to it), with propensities held in locals and one pass over
 * memory. The choice is random, so the roulette is branch-free (`bit`); the chosen propensity is
 * re-read and overwritten by index rather than selected, as the reference kernel does.
 */
export function stepRothErev3(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, eps = v.params[p.pOff + RE_EPS]!;
  const keep = 1 - eps, spill = eps / 2, agentOff = p.agentOff, stateOff = p.stateOff, tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = stateOff + i * 3;
    const q0 = q[b]!, q1 = q[b + 1]!, q2 = q[b + 2]!;
    const x = u1 * (q0 + q1 + q2);
    const a = bit(x >= q0) + bit(x >= q0 + q1);
    let r = payoffOf(v, p, i, a, noise * (u2 - 0.5), prev);
    if (struck(R, p, a, h2)) { r -= hazardCost(R, p, a); hits++; }
    if (r < 0) r = 0;
    const sp = r * spill, qa = q[b + a]!;
    q[b] = q0 * decay + sp;
    q[b + 1] = q1 * decay + sp;
    q[b + 2] = q2 * decay + sp;
    q[b + a] = qa * decay + r * keep;
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}

export function stepRothErev4(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, eps = v.params[p.pOff + RE_EPS]!;
  const keep = 1 - eps, spill = eps / 3, agentOff = p.agentOff, stateOff = p.stateOff, tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = stateOff + (i << 2);
    const q0 = q[b]!, q1 = q[b + 1]!, q2 = q[b + 2]!, q3 = q[b + 3]!;
    const x = u1 * (q0 + q1 + q2 + q3);
    const c1 = q0 + q1, c2 = c1 + q2;
    const a = bit(x >= q0) + bit(x >= c1) + bit(x >= c2);
    let r = payoffOf(v, p, i, a, noise * (u2 - 0.5), prev);
    if (struck(R, p, a, h2)) { r -= hazardCost(R, p, a); hits++; }
    if (r < 0) r = 0;
    const sp = r * spill, qa = q[b + a]!;
    q[b] = q0 * decay + sp;
    q[b + 1] = q1 * decay + sp;
    q[b + 2] = q2 * decay + sp;
    q[b + 3] = q3 * decay + sp;
    q[b + a] = qa * decay + r * keep;
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}

/**
 * A population whose payoff is its reward term plus noise only: no traits, no networked local
 * term, no own consequences, no block tally. Its K = 4 kernels skip those terms and their checks;
 * they compute the same arithmetic in the same order (the skipped terms add nothing), so they are
 * bit-identical to stepRothErev4.
 */
export const isPlain = (p: PopSlice): boolean => p.nTc === 0 && p.nTk === 0 && p.hood !== 1 && p.hzOff < 0 && p.blockTrait < 0;

/** K = 4, plain payoffs, experimentation eps > 0. */
export function stepRothErev4Plain(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), tally = v.tally;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, eps = v.params[p.pOff + RE_EPS]!;
  const keep = 1 - eps, spill = eps / 3, agentOff = p.agentOff, stateOff = p.stateOff, tOff = tBase + p.tOff, rOff = p.rOff;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + (i << 2);
    const q0 = q[b]!, q1 = q[b + 1]!, q2 = q[b + 2]!, q3 = q[b + 3]!;
    const c1 = q0 + q1, c2 = c1 + q2;
    const x = u1 * (c2 + q3);
    const a = bit(x >= q0) + bit(x >= c1) + bit(x >= c2);
    let r = R[rOff + a]! + noise * (u2 - 0.5);
    if (r < 0) r = 0;
    const sp = r * spill, qa = q[b + a]!;
    q[b] = q0 * decay + sp;
    q[b + 1] = q1 * decay + sp;
    q[b + 2] = q2 * decay + sp;
    q[b + 3] = q3 * decay + sp;
    q[b + a] = qa * decay + r * keep;
    now[g] = a;
    tally[tOff + a]!++;
  }
}

/**
 * K = 4, plain payoffs, no experimentation (eps = 0: Erev & Roth's rule with forgetting only, the
 * reference kernel's model). With eps = 0 the general update adds r * 0 = +0 to every decayed
 * propensity and multiplies r by 1, so leaving both out changes no bit while the payoff is finite
 * (a non-finite payoff, which no model should produce, would give NaN in every slot there and only
 * in the chosen one here).
 */
export function stepRothErev4Basic(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), tally = v.tally;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!;
  const agentOff = p.agentOff, stateOff = p.stateOff, tOff = tBase + p.tOff, rOff = p.rOff;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + (i << 2);
    const q0 = q[b]!, q1 = q[b + 1]!, q2 = q[b + 2]!, q3 = q[b + 3]!;
    const c1 = q0 + q1, c2 = c1 + q2;
    const x = u1 * (c2 + q3);
    const a = bit(x >= q0) + bit(x >= c1) + bit(x >= c2);
    let r = R[rOff + a]! + noise * (u2 - 0.5);
    if (r < 0) r = 0;
    const qa = q[b + a]!;
    q[b] = q0 * decay;
    q[b + 1] = q1 * decay;
    q[b + 2] = q2 * decay;
    q[b + 3] = q3 * decay;
    q[b + a] = qa * decay + r;
    now[g] = a;
    tally[tOff + a]!++;
  }
}

/**
 * A population whose payoff is its reward term, the local term of a network and noise: no traits,
 * no own consequences, no block tally.
 */
export const isNetworkedPlain = (p: PopSlice): boolean => p.nTc === 0 && p.nTk === 0 && p.hood === 1 && p.hzOff < 0 && p.blockTrait < 0;

/**
 * K = 3 on a network whose source population also has 3 actions, plain otherwise: the neighbours'
 * last actions are counted in registers (two branch-free comparisons per neighbour; the count of
 * action 0 is the degree less the others), and the local term is added in the generic kernel's
 * order (L[a][0] m0/deg, then m1, then m2), so the result is bit-identical to stepRothErev3.
 */
export function stepRothErev3Net(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally;
  const net = v.nets[p.index]!, offsets = net.offsets, targets = net.targets, src = p.srcAgentOff;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, eps = v.params[p.pOff + RE_EPS]!;
  const keep = 1 - eps, spill = eps / 2, agentOff = p.agentOff, stateOff = p.stateOff, tOff = tBase + p.tOff, rOff = p.rOff, lOff = p.lOff;
  let jlo = offsets[lo]!;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + i * 3;
    const q0 = q[b]!, q1 = q[b + 1]!, q2 = q[b + 2]!;
    const x = u1 * (q0 + q1 + q2);
    const a = bit(x >= q0) + bit(x >= q0 + q1);
    let r = R[rOff + a]!;
    const jhi = offsets[i + 1]!, deg = jhi - jlo;
    if (deg !== 0) {
      let m1 = 0, m2 = 0;
      for (let j = jlo; j < jhi; j++) {
        const s = prev[src + targets[j]!]!;
        m1 += bit(s === 1);
        m2 += bit(s === 2);
      }
      const row = lOff + a * 3;
      r += R[row]! * ((deg - m1 - m2) / deg);
      r += R[row + 1]! * (m1 / deg);
      r += R[row + 2]! * (m2 / deg);
    }
    jlo = jhi;
    r += noise * (u2 - 0.5);
    if (r < 0) r = 0;
    const sp = r * spill, qa = q[b + a]!;
    q[b] = q0 * decay + sp;
    q[b + 1] = q1 * decay + sp;
    q[b + 2] = q2 * decay + sp;
    q[b + a] = qa * decay + r * keep;
    now[g] = a;
    tally[tOff + a]!++;
  }
}

/**
 * stepRothErev3Net in WebAssembly (wasm/net3.wat), in place on the world's arena: the same
 * arithmetic in the same order, so its results are bit-identical (test/learning/wasm.test.ts).
 * Needs v.wasm and the population's network in the arena.
 */
export function stepRothErev3NetWasm(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const w = v.wasm!, at = w.at, net = w.nets[p.index]!;
  const eps = v.params[p.pOff + RE_EPS]!;
  w.stepRothErev3Net(
    at.state + 4 * p.stateOff, ((tick & 1) === 0 ? at.act1 : at.act0) + p.srcAgentOff, ((tick & 1) === 0 ? at.act0 : at.act1) + p.agentOff,
    net.offsets, net.targets, at.rewards + 8 * p.rOff, at.rewards + 8 * p.lOff, at.tally + 4 * (tBase + p.tOff), at.frac,
    lo, hi, key, p.agentOff, v.params[p.pOff + NOISE]!, 1 - v.params[p.pOff + RE_PHI]!, 1 - eps, eps / 2,
  );
}

/** Any K: the reference form of the rule. */
export function stepRothErevK(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally, K = p.K;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, eps = v.params[p.pOff + RE_EPS]!;
  const keep = 1 - eps, spill = K > 1 ? eps / (K - 1) : 0, tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = p.stateOff + i * K;
    const a = roulette(q, b, K, u1);
    let r = payoffOf(v, p, i, a, noise * (u2 - 0.5), prev);
    if (struck(R, p, a, h2)) { r -= hazardCost(R, p, a); hits++; }
    if (r < 0) r = 0;
    rothErevUpdate(q, b, K, a, r, decay, keep, spill);
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}

/**
 * Any K, with a reinforcement floor and the choice of update order (rule fields `floor`,
 * `update`): the reinforcement is r' = max(r, 0) + floor; 'together' updates as the other
 * kernels do (q_j ← (1 − φ) q_j + E_j in one step), 'decay-first' stores the decayed
 * propensities first and then adds E_j to them, as the reference kernel
 * (../shared/reference-kernel/model.mjs) does: with φ = 0.01, ε = 0, floor = 0.001 and its payoff
 * table this is its computation, float32 rounding for rounding (benchmarks/peers/fractable.ts).
 */
export function stepRothErevFloor(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), prev = actPrev(v, tick), tally = v.tally, K = p.K;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, eps = v.params[p.pOff + RE_EPS]!;
  const floor = v.params[p.pOff + RE_FLOOR]!, decayFirst = v.params[p.pOff + RE_DECAY_FIRST] === 1;
  const keep = 1 - eps, spill = K > 1 ? eps / (K - 1) : 0, tOff = tBase + p.tOff;
  let hits = 0;
  for (let i = lo; i < hi; i++) {
    const g = p.agentOff + i;
    const h = agentHash(key, g), h2 = nextHash(h);
    const u1 = u01(h), u2 = u01(h2);
    const b = p.stateOff + i * K;
    const a = roulette(q, b, K, u1);
    let r = payoffOf(v, p, i, a, noise * (u2 - 0.5), prev);
    if (struck(R, p, a, h2)) { r -= hazardCost(R, p, a); hits++; }
    r = (r > 0 ? r : 0) + floor;
    if (decayFirst) {
      for (let k = 0; k < K; k++) q[b + k] = q[b + k]! * decay;
      if (spill !== 0) for (let k = 0; k < K; k++) if (k !== a) q[b + k] = q[b + k]! + r * spill;
      q[b + a] = q[b + a]! + r * keep;
    } else {
      rothErevUpdate(q, b, K, a, r, decay, keep, spill);
    }
    now[g] = a;
    tally[tOff + a]!++;
    countBlock(v, p, i, a, tBase);
  }
  tally[tBase + p.hitOff] += hits;
}

/**
 * K = 4, plain payoffs, ε = 0, update 'decay-first' (the reference kernel's rule, with its
 * floor): unrolled, the same arithmetic in the same order as stepRothErevFloor (bit-identical to
 * it), which is the reference's `step` expression for expression: the four decayed propensities
 * stored, then the chosen one's increased by max(r, 0) + floor (× keep = 1, exact).
 */
export function stepRothErev4DecayFirst(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  const q = v.state, R = v.rewards, now = actNow(v, tick), tally = v.tally;
  const noise = v.params[p.pOff + NOISE]!, decay = 1 - v.params[p.pOff + RE_PHI]!, floor = v.params[p.pOff + RE_FLOOR]!;
  const agentOff = p.agentOff, stateOff = p.stateOff, tOff = tBase + p.tOff, rOff = p.rOff;
  for (let i = lo; i < hi; i++) {
    const g = agentOff + i;
    const h = agentHash(key, g);
    const u1 = u01(h), u2 = u01(nextHash(h));
    const b = stateOff + (i << 2);
    const q0 = q[b]!, q1 = q[b + 1]!, q2 = q[b + 2]!, q3 = q[b + 3]!;
    const c1 = q0 + q1, c2 = c1 + q2;
    const x = u1 * (c2 + q3);
    const a = bit(x >= q0) + bit(x >= c1) + bit(x >= c2);
    const r = R[rOff + a]! + noise * (u2 - 0.5);
    q[b] = q0 * decay;
    q[b + 1] = q1 * decay;
    q[b + 2] = q2 * decay;
    q[b + 3] = q3 * decay;
    q[b + a] += (r > 0 ? r : 0) + floor;
    now[g] = a;
    tally[tOff + a]!++;
  }
}
