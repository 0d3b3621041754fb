/**
 * One shard, one tick: steps shard w of n of every population with its learning rule and
 * writes the shard's integer tallies into its block of the tally array. Reads the reward terms,
 * the rule parameters, the networks and the last tick's actions; writes only its own agents
 * (their state and this tick's action byte) and its own tally block, so shards never race.
 */
import { stepSlice } from '../learning/rules.js';
import type { WorldViews } from '../learning/kernel-args.js';
import { referenceKey, tickKey, Stream } from '../random/rng.js';
import { shardRange, type WorldLayout } from './world.js';

export function stepShard(v: WorldViews, layout: WorldLayout, seed: number, tick: number, w: number, n: number): void {
  const key = layout.keys === 'reference' ? referenceKey(seed, tick) : tickKey(seed, tick, Stream.choice);
  const tBase = w * layout.tallyStride;
  v.tally.fill(0, tBase, tBase + layout.tallyStride);
  const pops = layout.populations;
  for (let p = 0; p < pops.length; p++) {
    const l = pops[p]!;
    const [lo, hi] = shardRange(l.size, w, n);
    if (hi > lo) stepSlice(v, l, lo, hi, key, tBase, tick);
  }
}

/** Sums the n shard blocks of the tally (integer sums: order-independent) into `counts`. */
export function sumTallies(tally: Int32Array, stride: number, n: number, counts: Int32Array): void {
  counts.fill(0);
  for (let w = 0; w < n; w++) {
    const b = w * stride;
    for (let k = 0; k < stride; k++) counts[k] += tally[b + k]!;
  }
}
