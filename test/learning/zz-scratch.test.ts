import { it } from 'vitest';
import { packRule, RULE_STRIDE, initialVector, stepSlice, type RuleSpec } from '../../src/learning/rules.js';
import type { SliceArgs } from '../../src/learning/kernel-args.js';
import { tickKey, Stream } from '../../src/engine/rng.js';

function mk(n: number, K: number, rule: RuleSpec): SliceArgs {
  const params = new Float64Array(RULE_STRIDE); packRule(rule, 0, params, 0);
  const state = new Float32Array(n * K); const v = initialVector(rule, K);
  for (let i = 0; i < n; i++) state.set(v, i * K);
  return { state, hawk: new Float32Array(n), patience: new Float32Array(n), aux: new Float32Array(n), rewards: new Float64Array(3 * K), params, tally: new Int32Array(K) };
}

for (const [l, h, noise, K] of [[0.2, 0.1, 1, 2], [0.1, 0.05, 0.5, 2], [0.1, 0.05, 0.5, 3], [0.1, 0, 0, 2]]) it(`bm drift l=${l} h=${h} noise=${noise} K=${K}`, () => {
  const n = 1000;
  const s = mk(n, K, { kind: 'bush-mosteller', learningRate: l, habituation: h, scale: 1, aspiration: { mean: 0, sd: 0 }, initial: 1 });
  s.params[1] = noise; for (let k = 0; k < K; k++) s.rewards[k] = 1 - 0.5 * k / (K - 1);
  for (let i = 0; i < n; i++) s.aux[i] = 0.75;
  for (const T of [500, 1000, 2000, 5000]) {
    for (let t = T === 500 ? 0 : T / 2; t < T; t++) stepSlice(s, K, 0, 0, 0, 0, n, tickKey(1, t, Stream.choice), 0, 0, 0);
    let worst = 0, bad = 0, minP = Infinity, maxP = -Infinity;
    for (let i = 0; i < n; i++) { let sum = 0; for (let k = 0; k < K; k++) { sum += s.state[K * i + k]; minP = Math.min(minP, s.state[K*i+k]); maxP = Math.max(maxP, s.state[K*i+k]); } worst = Math.max(worst, Math.abs(sum - 1)); if (Math.abs(sum - 1) > 0.01) bad++; }
    console.log(`l=${l} h=${h} noise=${noise} K=${K} T=${T}: worst |sum-1|=${worst.toExponential(3)}, agents with |sum-1|>0.01: ${bad}/${n}, min p=${minP}, max p=${maxP}`);
  }
});
