import { describe, expect, it } from 'vitest';
import { packRule, RULE_STRIDE } from '../../src/learning/rules.js';
import { stepRothErev3, stepRothErev4, stepRothErevK } from '../../src/learning/roth-erev.js';
import { tickKey, Stream, CounterStream } from '../../src/random/rng.js';
import type { SliceArgs } from '../../src/learning/kernel-args.js';

function slice(n: number, K: number, seed: number): SliceArgs {
  const rs = new CounterStream(seed, Stream.test);
  const hawk = Uint8Array.from({ length: n }, () => Math.floor(256 * rs.next()));
  const patience = Uint8Array.from({ length: n }, () => Math.floor(256 * rs.next()));
  const params = new Float64Array(RULE_STRIDE);
  packRule({ kind: 'roth-erev', phi: 0.03, epsilon: 0.2, initial: 1 }, 0.3, params, 0);
  return { state: new Float32Array(n * K).fill(1), hawk, patience, aux: new Float32Array(1), rewards: new Float64Array(3 * K), params, tally: new Int32Array(K) };
}

describe('unrolled Roth–Erev kernels', () => {
  for (const [K, fast] of [[3, stepRothErev3], [4, stepRothErev4]] as const) {
    it(`K = ${K} is bit-identical to the generic kernel over many ticks`, () => {
      const n = 2000, a = slice(n, K, 5), b = slice(n, K, 5);
      const rs = new CounterStream(9, Stream.test);
      for (let t = 0; t < 200; t++) {
        for (let j = 0; j < 3 * K; j++) a.rewards[j] = b.rewards[j] = rs.next() - 0.2; // some negative payoffs: clipped
        a.tally.fill(0); b.tally.fill(0);
        const key = tickKey(3, t, Stream.choice);
        fast(a, 0, 0, 0, n, key, 0, 0, 0);
        stepRothErevK(b, K, 0, 0, 0, n, key, 0, 0, 0);
        expect(Array.from(a.tally)).toEqual(Array.from(b.tally));
      }
      expect(Buffer.from(a.state.buffer).equals(Buffer.from(b.state.buffer))).toBe(true);
    });
  }
});
