/**
 * Distributions of per-agent values (traits, thresholds, aspirations), sampled from the counter
 * RNG: a draw is a pure function of (key, agent, draw index), so an agent's value does not depend
 * on which thread seats it or in what order.
 *
 *   normal       N(mean, sd) clipped to [min, max] (default [0, 1])
 *   beta         Beta(a, b) on [0, 1], from two gamma variates (Marsaglia & Tsang 2000)
 *   uniform      U(min, max)
 *   fixed        the value itself
 *   categorical  category c with probability shares[c] / Σ shares (inverse CDF)
 *
 * A bare `{ mean, sd }` (the form of the first scenario files) is read as a normal on [0, 1].
 */
import { z } from 'zod';
import { drawAt, fmix32, normalAt } from './rng.js';

const finite = z.number().min(-1e6).max(1e6);

export const NormalDist = z.strictObject({
  kind: z.literal('normal'),
  mean: finite.describe('mean before clipping'),
  sd: z.number().min(0).max(1e6).default(0.15).describe('standard deviation before clipping'),
  min: finite.default(0).describe('values below are clipped to it'),
  max: finite.default(1).describe('values above are clipped to it'),
});
export const BetaDist = z.strictObject({
  kind: z.literal('beta'),
  a: z.number().positive().max(1e4).describe('first shape parameter'),
  b: z.number().positive().max(1e4).describe('second shape parameter'),
});
export const UniformDist = z.strictObject({
  kind: z.literal('uniform'),
  min: finite.default(0),
  max: finite.default(1),
});
export const FixedDist = z.strictObject({ kind: z.literal('fixed'), value: finite });
export const CategoricalDist = z.strictObject({
  kind: z.literal('categorical'),
  shares: z.array(z.number().min(0).max(1e6)).min(1).max(255).describe('relative shares of the categories, in their declared order'),
});
const LegacyNormal = z.strictObject({ mean: z.number().min(0).max(1), sd: z.number().min(0).max(1).default(0.15) })
  .transform((d) => ({ kind: 'normal' as const, mean: d.mean, sd: d.sd, min: 0, max: 1 }));

export const DistSchema = z.union([
  z.discriminatedUnion('kind', [NormalDist, BetaDist, UniformDist, FixedDist, CategoricalDist]),
  LegacyNormal,
]);
export type Dist = z.output<typeof DistSchema>;
export type DistInput = z.input<typeof DistSchema>;

const clip = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);

/** A standard gamma variate of shape k (Marsaglia & Tsang 2000; k < 1 by the boost u^(1/k)). */
function gamma(k: number, key: number, agent: number): number {
  const boost = k < 1;
  const d = (boost ? k + 1 : k) - 1 / 3, c = 1 / Math.sqrt(9 * d);
  // draw indices 0, 1, 2, … of this key: two for the normal, one for the acceptance test
  for (let j = 0; j < 3 * 256; j += 3) {
    const x = normalAt(key, agent, j);
    const v0 = 1 + c * x;
    if (v0 <= 0) continue;
    const v = v0 * v0 * v0, u = drawAt(key, agent, j + 2);
    if (Math.log(1 - u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
      const g = d * v;
      return boost ? g * Math.pow(1 - drawAt(key, agent, 3 * 256), 1 / k) : g;
    }
  }
  return d; // unreachable in practice (acceptance rate > 0.95 per try)
}

/**
 * One value of distribution d for an agent, from draws `slot`, `slot + 1` of the key (normal,
 * uniform, categorical), or from a key derived from (key, slot) (beta, which needs a variable
 * number of draws). Categorical values are category indices.
 */
export function sample(d: Dist, key: number, agent: number, slot: number): number {
  switch (d.kind) {
    case 'normal': return clip(d.mean + d.sd * normalAt(key, agent, slot), d.min, d.max);
    case 'uniform': return d.min + (d.max - d.min) * drawAt(key, agent, slot);
    case 'fixed': return d.value;
    case 'categorical': {
      let tot = 0;
      for (const s of d.shares) tot += s;
      const x = drawAt(key, agent, slot) * tot;
      let c = 0, acc = d.shares[0]!;
      while (c < d.shares.length - 1 && x >= acc) acc += d.shares[++c]!;
      return c;
    }
    case 'beta': {
      const k = fmix32(key ^ Math.imul(slot + 1, 0x2545f491));
      const x = gamma(d.a, fmix32(k + 1), agent), y = gamma(d.b, fmix32(k + 2), agent);
      return x / (x + y);
    }
  }
}

/** The mean of a distribution (categorical: of the category index), for documentation and tests. */
export function distMean(d: Dist): number {
  switch (d.kind) {
    case 'normal': return d.mean;
    case 'uniform': return (d.min + d.max) / 2;
    case 'fixed': return d.value;
    case 'beta': return d.a / (d.a + d.b);
    case 'categorical': {
      const tot = d.shares.reduce((s, x) => s + x, 0);
      return d.shares.reduce((s, x, c) => s + (c * x) / tot, 0);
    }
  }
}

/** A short human description ("normal(0.5, 0.15) on [0, 1]"). */
export function describeDist(d: Dist): string {
  switch (d.kind) {
    case 'normal': return `normal(${d.mean}, ${d.sd}) on [${d.min}, ${d.max}]`;
    case 'uniform': return `uniform(${d.min}, ${d.max})`;
    case 'fixed': return `fixed ${d.value}`;
    case 'beta': return `beta(${d.a}, ${d.b})`;
    case 'categorical': return `categorical [${d.shares.join(', ')}]`;
  }
}
