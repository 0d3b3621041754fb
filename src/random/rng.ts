/**
 * Counter-based random numbers keyed by (seed, agent, tick, stream).
 *
 * There is no generator state: every draw is a pure hash of its key, so a draw cannot depend
 * on which worker computed it, in which order, or how agents were sharded. The hash is the
 * murmur3 32-bit finaliser (fmix32), applied in a chain over the key words; the 53-bit seed is
 * split into two 32-bit words so that distinct study seeds do not collide below 2^53.
 *
 * Hot loops use the two-step form: `tickKey(seed, tick, stream)` once per tick and population,
 * then `agentHash(key, agent)` per agent (two fmix rounds), and `nextHash(h)` for a second,
 * independent draw of the same agent. `u01` maps a 32-bit hash to [0, 1).
 */

/** 2^-32: maps an unsigned 32-bit integer to [0, 1). */
export const TWO_M32 = 2.3283064365386963e-10;

/** murmur3 fmix32 finaliser: a bijection on 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Named streams: one per purpose, so that adding a draw somewhere never shifts another. */
export const Stream = {
  choice: 1,
  noise: 2,
  traits: 3,
  world: 4,
  init: 5,
  analysis: 6,
  test: 7,
  network: 8,
} as const;
export type StreamId = (typeof Stream)[keyof typeof Stream];

/** Low and high 32-bit words of a non-negative integer seed below 2^53. */
export function seedWords(seed: number): [number, number] {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 4294967296) >>> 0;
  return [lo, hi];
}

/** The per-(seed, tick, stream) key; computed once per tick and population, outside hot loops. */
export function tickKey(seed: number, tick: number, stream: number): number {
  const [lo, hi] = seedWords(seed);
  let h = fmix32(lo ^ 0x9e3779b9);
  h = fmix32((h ^ hi) + 0x7f4a7c15);
  h = fmix32((h ^ Math.imul(tick, 0x85ebca77)) + 0x165667b1);
  return fmix32((h ^ Math.imul(stream, 0xc2b2ae3d)) + 0x27d4eb2f);
}

/**
 * The tick key of the reference kernel (../shared/reference-kernel/model.mjs): seed xor
 * tick · 0x85ebca77, one multiply where tickKey takes four hash rounds. Under it, agentHash and
 * nextHash give exactly the reference's two draws of an agent. Only for a model that declares
 * `choiceKeys: 'reference'` (the `reference` model, to run the reference's computation through
 * the engine); fractable's own draws use tickKey.
 */
export function referenceKey(seed: number, tick: number): number {
  return seed ^ Math.imul(tick, 0x85ebca77);
}

/** First 32-bit hash of one agent under a tick key (two fmix rounds, as in the bare kernel). */
export function agentHash(key: number, agent: number): number {
  return fmix32((fmix32(key ^ Math.imul(agent, 0x9e3779b1)) + 0x6d2b79f5) | 0);
}

/** A further independent hash of the same agent, derived from the previous one. */
export function nextHash(h: number): number {
  return fmix32(h ^ 0x27d4eb2f);
}

/** Maps a 32-bit hash to a double in [0, 1). */
export function u01(h: number): number {
  return (h >>> 0) * TWO_M32;
}

/** One uniform in [0, 1) for (seed, agent, tick, stream); convenient outside hot loops. */
export function uniform(seed: number, agent: number, tick: number, stream: number): number {
  return u01(agentHash(tickKey(seed, tick, stream), agent));
}

/** Draw number i of an agent under a key from `tickKey`: the primitive behind CounterStream. */
export function drawAt(key: number, agent: number, i: number): number {
  return u01(nextHash(agentHash(key ^ fmix32(Math.imul(i + 1, 0x2c1b3c6d)), agent)));
}

/** A standard normal from draws i and i+1 (Box–Muller, cosine branch). */
export function normalAt(key: number, agent: number, i: number): number {
  const u1 = 1 - drawAt(key, agent, i);
  const u2 = drawAt(key, agent, i + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * A sequential view of the counter RNG for code that needs many draws in a row (trait
 * initialisation, bootstrap resampling, design sampling): draw i is a pure function of
 * (seed, agent, tick, stream, i), so `at(i)` is random access and no state is carried over.
 */
export class CounterStream {
  private i = 0;
  private readonly key0: number;
  constructor(
    readonly seed: number,
    readonly stream: number,
    readonly agent = 0,
    readonly tick = 0,
  ) {
    this.key0 = tickKey(seed, tick, stream);
  }
  /** Uniform in [0, 1) at position i, independent of the cursor. */
  at(i: number): number {
    // Mix the position into the key rather than recomputing the seed chain for each draw.
    return drawAt(this.key0, this.agent, i);
  }
  /** Next uniform in [0, 1). */
  next(): number {
    return this.at(this.i++);
  }
  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** Standard normal by Box–Muller (two uniforms per draw; the sine branch is discarded). */
  normal(): number {
    const u1 = 1 - this.next();
    const u2 = this.next();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
