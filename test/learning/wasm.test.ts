import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PopulationDef } from '../../src/engine/declaration.js';
import { stepShard } from '../../src/engine/kernel.js';
import { adoptNetworks, allocate, layoutOf, views, type WorldLayout } from '../../src/engine/world.js';
import type { NetViews, WorldViews } from '../../src/learning/kernel-args.js';
import { stepRothErevK } from '../../src/learning/roth-erev.js';
import { packRule } from '../../src/learning/rules.js';
import { FRAC_DEGREES, FRAC_ENTRIES, fillFractions } from '../../src/learning/wasm.js';
import { CounterStream, Stream, tickKey } from '../../src/random/rng.js';
// @ts-expect-error: a plain ES module script without types
import { compiled } from '../../scripts/wasm.mjs';

/**
 * The WebAssembly network kernel (src/learning/wasm/net3.wat) against the JavaScript kernels it
 * replaces: bit-identical propensities, actions and tallies, on worlds built to reach every branch
 * (isolated agents, degrees on both sides of the quotient table's edge, a network between two
 * populations, payoffs clipped at 0, several shards).
 */

/** A CSR over `m` source agents for `n` rows with the given degrees (targets drawn from the counter RNG). */
function csr(n: number, m: number, degree: (i: number) => number, seed: number): NetViews {
  const rs = new CounterStream(seed, Stream.test);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i]! + degree(i);
  const targets = new Int32Array(offsets[n]!);
  for (let j = 0; j < targets.length; j++) targets[j] = Math.floor(m * rs.next());
  return { offsets, targets };
}

const rule = { kind: 'roth-erev', phi: 0.03, epsilon: 0.2, initial: 1 } as const;
const pop = (name: string, size: number, source: string): PopulationDef => ({
  name, actions: ['x', 'y', 'z'], size, fixed: false, rule, noise: 0.4, traits: [],
  network: { source, spec: { kind: 'erdos-renyi', meanDegree: 4 } }, tallyBy: null, consequences: false,
});

/**
 * Two networked K = 3 Roth–Erev populations: `a` on a network of its own whose degrees run
 * 0, 1, …, 99 (so rows below and above FRAC_DEGREES), and `b` on a network into `a`.
 */
function build(arena: boolean, shards: number, seed: number): { v: WorldViews; layout: WorldLayout } {
  const layout = layoutOf([pop('a', 700, 'a'), pop('b', 450, 'a')]);
  const b = allocate(layout, shards, { arena }), v = views(b);
  adoptNetworks(b, v, [csr(700, 700, (i) => i % 100, seed), csr(450, 700, (i) => (i * 7) % 13, seed + 1)]);
  const rs = new CounterStream(seed, Stream.test, 1);
  for (const l of layout.populations) {
    packRule(rule, 0.4, v.params, l.pOff);
    for (let i = 0; i < l.size; i++) {
      for (let k = 0; k < 3; k++) v.state[l.stateOff + 3 * i + k] = 0.1 + 2 * rs.next();
      v.act1[l.agentOff + i] = Math.floor(3 * rs.next());
    }
  }
  return { v, layout };
}

/** This tick's rewards: R in [−0.5, 1) (some clipped), L in [−1, 1). */
function rewards(v: WorldViews, layout: WorldLayout, seed: number, tick: number): void {
  const rs = new CounterStream(seed, Stream.test, 2, tick);
  for (const l of layout.populations) {
    for (let a = 0; a < 3; a++) v.rewards[l.rOff + a] = 1.5 * rs.next() - 0.5;
    for (let k = 0; k < 9; k++) v.rewards[l.lOff + k] = 2 * rs.next() - 1;
  }
}

const bits = (x: Float32Array) => Array.from(new Uint32Array(x.buffer, x.byteOffset, x.length));

describe('the WebAssembly network kernel', () => {
  it('is the compilation of its source (src/learning/wasm/net3.ts from net3.wat)', async () => {
    const text = readFileSync(new URL('../../src/learning/wasm/net3.ts', import.meta.url), 'utf8');
    expect(await compiled('net3')).toBe(text);
  });

  it('reads m/d from a table of the same IEEE quotients', () => {
    const f = new Float64Array(FRAC_ENTRIES);
    fillFractions(f);
    expect(f[(8 * 9) / 2 + 3]).toBe(3 / 8);
    expect(f[(63 * 64) / 2 + 62]).toBe(62 / 63);
    expect(FRAC_ENTRIES).toBe((FRAC_DEGREES * (FRAC_DEGREES + 1)) / 2);
  });

  it('runs in a world with an arena and not in one without', () => {
    expect(build(true, 1, 3).v.wasm?.nets.every((n) => n !== null)).toBe(true);
    expect(build(false, 1, 3).v.wasm ?? null).toBeNull();
  });

  for (const shards of [1, 3]) {
    it(`is bit-identical to the JavaScript kernels over 8 ticks (${shards} shard${shards > 1 ? 's' : ''} against 1)`, () => {
      const seed = 17;
      const w = build(true, shards, seed), js = build(false, 1, seed), gen = build(false, 1, seed);
      const stride = w.layout.tallyStride, sum = new Int32Array(stride);
      for (let t = 0; t < 8; t++) {
        for (const x of [w, js, gen]) rewards(x.v, x.layout, seed, t);
        for (let s = 0; s < shards; s++) stepShard(w.v, w.layout, seed, t, s, shards);
        stepShard(js.v, js.layout, seed, t, 0, 1);
        gen.v.tally.fill(0);
        for (const l of gen.layout.populations) stepRothErevK(gen.v, l, 0, l.size, tickKey(seed, t, Stream.choice), 0, t);
        sum.fill(0);
        for (let s = 0; s < shards; s++) for (let k = 0; k < stride; k++) sum[k] += w.v.tally[s * stride + k]!;
        expect(bits(w.v.state)).toEqual(bits(js.v.state));
        expect(bits(w.v.state)).toEqual(bits(gen.v.state));
        expect(Array.from(w.v.act0)).toEqual(Array.from(js.v.act0));
        expect(Array.from(w.v.act1)).toEqual(Array.from(gen.v.act1));
        expect(Array.from(sum)).toEqual(Array.from(js.v.tally.subarray(0, stride)));
        expect(Array.from(sum)).toEqual(Array.from(gen.v.tally.subarray(0, stride)));
      }
      // every action was taken
      expect(Math.min(...sum.subarray(0, 3))).toBeGreaterThan(0);
    });
  }
});
