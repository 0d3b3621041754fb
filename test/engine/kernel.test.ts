import { describe, expect, it } from 'vitest';
import { packRule } from '../../src/learning/rules.js';
import { advanceEwa, stepEwa, stepEwa2, stepEwaK } from '../../src/learning/ewa.js';
import { isPlain, stepRothErev, stepRothErev3, stepRothErev4, stepRothErev4Basic, stepRothErev4DecayFirst, stepRothErev4Plain, stepRothErevFloor, stepRothErevK } from '../../src/learning/roth-erev.js';
import { referenceKey, tickKey, Stream, CounterStream } from '../../src/random/rng.js';
import { adoptNetworks, allocate, layoutOf, views } from '../../src/engine/world.js';
import { erdosRenyi } from '../../src/engine/network.js';
import type { PopulationDef } from '../../src/engine/declaration.js';

/**
 * One population of n agents with K actions and every feature a payoff can have: two continuous
 * traits, a categorical one that also splits the tally, a network of its own, and consequences.
 */
function world(n: number, K: number, seed: number) {
  const rule = { kind: 'roth-erev', phi: 0.03, epsilon: 0.2, initial: 1 } as const;
  const fixed = { kind: 'fixed', value: 0 } as const;
  const pop: PopulationDef = {
    name: 'p', actions: Array.from({ length: K }, (_, k) => `a${k}`), size: n, fixed: false, rule, noise: 0.3,
    traits: [{ name: 'x', kind: 'continuous', categories: 0, dist: fixed }, { name: 'c', kind: 'categorical', categories: 3, dist: fixed }, { name: 'y', kind: 'continuous', categories: 0, dist: fixed }],
    network: { source: 'p', spec: { kind: 'erdos-renyi', meanDegree: 6 } }, tallyBy: 'c', consequences: true,
  };
  const layout = layoutOf([pop]);
  const b = allocate(layout, 1);
  const g = erdosRenyi({ kind: 'erdos-renyi', meanDegree: 6 }, n, seed);
  const v = views(b), l = layout.populations[0]!;
  adoptNetworks(b, v, [g]);
  packRule(rule, 0.3, v.params, l.pOff);
  v.state.fill(1);
  const rs = new CounterStream(seed, Stream.test);
  for (let i = 0; i < n; i++) {
    v.traits[3 * i] = Math.floor(256 * rs.next());
    v.traits[3 * i + 1] = Math.floor(256 * rs.next());
    v.traits[3 * i + 2] = Math.floor(3 * rs.next()); // the categorical trait is stored last
    v.act1[i] = Math.floor(K * rs.next());
  }
  return { v, l, layout };
}

describe('unrolled Roth–Erev kernels', () => {
  for (const [K, fast] of [[3, stepRothErev3], [4, stepRothErev4]] as const) {
    it(`K = ${K} is bit-identical to the generic kernel over many ticks, with traits, a network, consequences and block tallies`, () => {
      const n = 2000, a = world(n, K, 5), b = world(n, K, 5);
      const rs = new CounterStream(9, Stream.test);
      for (let t = 0; t < 200; t++) {
        for (let j = 0; j < a.layout.rewardFloats; j++) a.v.rewards[j] = b.v.rewards[j] = rs.next() - 0.2; // some negative payoffs: clipped
        for (let k = 0; k < K; k++) a.v.rewards[a.l.hzOff + k] = b.v.rewards[b.l.hzOff + k] = 0.3 * rs.next(); // hazards in [0, 0.3)
        a.v.tally.fill(0); b.v.tally.fill(0);
        const key = tickKey(3, t, Stream.choice);
        fast(a.v, a.l, 0, n, key, 0, t);
        stepRothErevK(b.v, b.l, 0, n, key, 0, t);
        expect(Array.from(a.v.tally)).toEqual(Array.from(b.v.tally));
      }
      expect(Buffer.from(a.v.state.buffer).equals(Buffer.from(b.v.state.buffer))).toBe(true);
      expect(Buffer.from(a.v.act0.buffer).equals(Buffer.from(b.v.act0.buffer))).toBe(true);
      // the tally is K counts, the hits, then 3 blocks of K: the blocks sum to the counts
      const T = Array.from(a.v.tally), counts = T.slice(0, K), blocks = T.slice(K + 1);
      for (let k = 0; k < K; k++) expect(blocks[k]! + blocks[K + k]! + blocks[2 * K + k]!).toBe(counts[k]);
      expect(counts.reduce((x, y) => x + y, 0)).toBe(n);
      expect(T[K]).toBeGreaterThan(0); // some agents were struck
    });
  }
});

/** One plain population (no traits, network, consequences or blocks): the fast path's case. */
function plainWorld(n: number, epsilon: number) {
  const rule = { kind: 'roth-erev', phi: 0.01, epsilon, initial: 1 } as const;
  const pop: PopulationDef = { name: 'p', actions: ['a', 'b', 'c', 'd'], size: n, fixed: false, rule, noise: 0.4, traits: [], network: null, tallyBy: null, consequences: false };
  const layout = layoutOf([pop]);
  const v = views(allocate(layout, 1)), l = layout.populations[0]!;
  packRule(rule, 0.4, v.params, l.pOff);
  v.state.fill(1);
  return { v, l };
}

describe('plain K = 4 Roth–Erev kernels (no traits, network, consequences or blocks)', () => {
  for (const [epsilon, fast, name] of [[0, stepRothErev4Basic, 'basic (eps = 0)'], [0.1, stepRothErev4Plain, 'plain (eps > 0)']] as const) {
    it(`${name} is bit-identical to the generic kernel, and stepRothErev dispatches to it`, () => {
      const n = 3000, a = plainWorld(n, epsilon), b = plainWorld(n, epsilon), c = plainWorld(n, epsilon);
      expect(isPlain(a.l)).toBe(true);
      const rs = new CounterStream(4, Stream.test);
      for (let t = 0; t < 300; t++) {
        for (let k = 0; k < 4; k++) a.v.rewards[a.l.rOff + k] = b.v.rewards[k] = c.v.rewards[k] = 2 * rs.next() - 0.5; // some clipped at 0
        a.v.tally.fill(0); b.v.tally.fill(0); c.v.tally.fill(0);
        const key = tickKey(8, t, Stream.choice);
        fast(a.v, a.l, 0, n, key, 0, t);
        stepRothErevK(b.v, b.l, 0, n, key, 0, t);
        stepRothErev(c.v, c.l, 0, n, key, 0, t);
        expect(Array.from(a.v.tally)).toEqual(Array.from(b.v.tally));
        expect(Array.from(c.v.tally)).toEqual(Array.from(b.v.tally));
      }
      for (const w of [a, c]) {
        expect(Buffer.from(w.v.state.buffer).equals(Buffer.from(b.v.state.buffer))).toBe(true);
        expect(Buffer.from(w.v.act0.buffer).equals(Buffer.from(b.v.act0.buffer))).toBe(true);
      }
      // the propensities moved: the agents learned something in 300 ticks
      let spread = 0;
      for (let i = 0; i < n; i++) spread += Math.abs(b.v.state[4 * i]! - b.v.state[4 * i + 1]!);
      expect(spread / n).toBeGreaterThan(0.01);
    });
  }
  it('a population with a trait, a network, consequences or a block tally is not plain', () => {
    const { l } = world(50, 4, 1);
    expect(isPlain(l)).toBe(false);
  });
});

describe('unrolled EWA kernel, K = 2', () => {
  /** The world of the Roth–Erev tests with an EWA rule of sensitivity lambda and attractions starting tied at 0. */
  function ewaWorld(n: number, lambda: number, seed: number) {
    const w = world(n, 2, seed);
    const rule = { kind: 'ewa', phi: 0.9, delta: 0.4, rho: 0.9, lambda, n0: 1, initial: 0 } as const;
    packRule(rule, 0.3, w.v.params, w.l.pOff);
    w.v.state.fill(0);
    return w;
  }
  for (const lambda of [6, 0, -2.5, 40]) {
    it(`is bit-identical to the generic kernel over many ticks (lambda ${lambda}), with traits, a network, consequences and block tallies`, () => {
      const n = 2000, a = ewaWorld(n, lambda, 5), b = ewaWorld(n, lambda, 5);
      const rs = new CounterStream(11, Stream.test);
      for (let t = 0; t < 200; t++) {
        for (let j = 0; j < a.layout.rewardFloats; j++) a.v.rewards[j] = b.v.rewards[j] = rs.next() - 0.4;
        for (let k = 0; k < 2; k++) a.v.rewards[a.l.hzOff + k] = b.v.rewards[b.l.hzOff + k] = 0.3 * rs.next();
        advanceEwa(a.v.params, a.l.pOff); advanceEwa(b.v.params, b.l.pOff);
        a.v.tally.fill(0); b.v.tally.fill(0);
        const key = tickKey(3, t, Stream.choice);
        stepEwa2(a.v, a.l, 0, n, key, 0, t);
        stepEwaK(b.v, b.l, 0, n, key, 0, t);
        expect(Array.from(a.v.tally)).toEqual(Array.from(b.v.tally));
      }
      expect(Buffer.from(a.v.state.buffer).equals(Buffer.from(b.v.state.buffer))).toBe(true);
      expect(Buffer.from(a.v.act0.buffer).equals(Buffer.from(b.v.act0.buffer))).toBe(true);
      const T = Array.from(a.v.tally);
      expect(T[0]! + T[1]!).toBe(n);
      if (lambda !== 0) expect(Math.min(T[0]!, T[1]!)).toBeGreaterThan(0);
      expect(T[2]).toBeGreaterThan(0); // some agents were struck
      // stepEwa dispatches K = 2 to the unrolled kernel
      const c = ewaWorld(50, lambda, 6), d = ewaWorld(50, lambda, 6);
      advanceEwa(c.v.params, c.l.pOff); advanceEwa(d.v.params, d.l.pOff);
      stepEwa(c.v, c.l, 0, 50, 99, 0, 0);
      stepEwaK(d.v, d.l, 0, 50, 99, 0, 0);
      expect(Buffer.from(c.v.state.buffer).equals(Buffer.from(d.v.state.buffer))).toBe(true);
    });
  }
});

describe('Roth–Erev with a floor and the decay-first update (the reference kernel\'s rule)', () => {
  function refWorld(n: number, update: 'decay-first' | 'together', K = 4, epsilon = 0) {
    const rule = { kind: 'roth-erev', phi: 0.01, epsilon, initial: 1, floor: 1e-3, update } as const;
    const pop: PopulationDef = { name: 'p', actions: Array.from({ length: K }, (_, k) => `a${k}`), size: n, fixed: false, rule, noise: 0.1, traits: [], network: null, tallyBy: null, consequences: false };
    const layout = layoutOf([pop], 'reference');
    const v = views(allocate(layout, 1)), l = layout.populations[0]!;
    packRule(rule, 0.1, v.params, l.pOff);
    v.state.fill(1);
    return { v, l };
  }
  it('the unrolled K = 4 path is bit-identical to the generic floor kernel over 300 ticks, and stepRothErev dispatches to it', () => {
    const n = 3000, a = refWorld(n, 'decay-first'), b = refWorld(n, 'decay-first'), c = refWorld(n, 'decay-first');
    const rs = new CounterStream(13, Stream.test);
    for (let t = 0; t < 300; t++) {
      for (let k = 0; k < 4; k++) a.v.rewards[a.l.rOff + k] = b.v.rewards[k] = c.v.rewards[k] = 1.2 * rs.next() - 0.3;
      a.v.tally.fill(0); b.v.tally.fill(0); c.v.tally.fill(0);
      const key = referenceKey(0x2545f491, t);
      stepRothErev4DecayFirst(a.v, a.l, 0, n, key, 0, t);
      stepRothErevFloor(b.v, b.l, 0, n, key, 0, t);
      stepRothErev(c.v, c.l, 0, n, key, 0, t);
      expect(Array.from(a.v.tally)).toEqual(Array.from(b.v.tally));
    }
    expect(Buffer.from(a.v.state.buffer).equals(Buffer.from(b.v.state.buffer))).toBe(true);
    expect(Buffer.from(c.v.state.buffer).equals(Buffer.from(b.v.state.buffer))).toBe(true);
  });
  it('decay-first differs from together by float32 rounding only, and the floor keeps every propensity above 0', () => {
    const n = 2000, a = refWorld(n, 'decay-first'), b = refWorld(n, 'together');
    for (let t = 0; t < 200; t++) {
      for (let k = 0; k < 4; k++) a.v.rewards[k] = b.v.rewards[k] = k === t % 4 ? 1 : -1; // mostly clipped: the floor is what reinforces
      const key = referenceKey(7, t);
      stepRothErev(a.v, a.l, 0, n, key, 0, t);
      stepRothErev(b.v, b.l, 0, n, key, 0, t);
    }
    let differ = 0, maxRel = 0;
    for (let i = 0; i < 4 * n; i++) {
      if (a.v.state[i] !== b.v.state[i]) differ++;
      maxRel = Math.max(maxRel, Math.abs(a.v.state[i]! - b.v.state[i]!) / b.v.state[i]!);
    }
    expect(differ).toBeGreaterThan(0);
    expect(maxRel).toBeLessThan(1e-3);
    expect(Math.min(...a.v.state.subarray(0, 4 * n))).toBeGreaterThan(0);
  });
});
