import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutOf, bytesPerAgent, shardRange, allocate, views, initialise, type PopulationDef } from '../../src/engine/world.js';
import { stepShard, sumTallies } from '../../src/engine/kernel.js';

const pop = (name: string, size: number, K: number, kind: 'roth-erev' | 'bush-mosteller' = 'roth-erev'): PopulationDef => ({
  name, size, actions: Array.from({ length: K }, (_, k) => `a${k}`), noise: 0.1,
  hawk: { mean: 0.5, sd: 0.2 }, patience: { mean: 0.5, sd: 0.2 },
  rule: kind === 'roth-erev'
    ? { kind, phi: 0.02, epsilon: 0.1, initial: 1 }
    : { kind, learningRate: 0.1, habituation: 0.05, scale: 1, aspiration: { mean: 0.5, sd: 0.1 }, initial: 1 },
});

describe('world layout', () => {
  it('lays populations out contiguously and counts bytes per agent', () => {
    const l = layoutOf([pop('a', 10, 3), pop('b', 5, 4, 'bush-mosteller'), pop('c', 7, 2)]);
    expect(l.agents).toBe(22);
    expect(l.populations.map((p) => p.agentOff)).toEqual([0, 10, 15]);
    expect(l.populations.map((p) => p.stateOff)).toEqual([0, 30, 50]);
    expect(l.populations.map((p) => p.auxOff)).toEqual([-1, 0, -1]);
    expect(l.tallyStride).toBe(9);
    // 4 bytes per state float and aspiration, 1 byte per trait (hawk, patience)
    expect(bytesPerAgent(l)).toBeCloseTo((4 * 64 + 2 * 22 + 4 * 5) / 22, 10);
  });

  it('shards cover every agent exactly once, for any size and shard count', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 64 }), (size, n) => {
      let covered = 0, prev = 0;
      for (let w = 0; w < n; w++) {
        const [lo, hi] = shardRange(size, w, n);
        expect(lo).toBe(prev);
        covered += hi - lo; prev = hi;
      }
      expect(covered).toBe(size);
    }));
  });

  it('tallies of a sharded step equal those of a whole step, and count every agent once', () => {
    const pops = [pop('a', 1001, 3), pop('b', 333, 4, 'bush-mosteller')];
    const layout = layoutOf(pops);
    const one = views(allocate(layout, 1)), many = views(allocate(layout, 5));
    initialise(one, pops, layout, 9); initialise(many, pops, layout, 9);
    one.rewards.fill(0.5); many.rewards.fill(0.5);
    stepShard(one, layout, 9, 0, 0, 1);
    for (let w = 4; w >= 0; w--) stepShard(many, layout, 9, 0, w, 5); // any order
    const a = new Int32Array(layout.tallyStride), b = new Int32Array(layout.tallyStride);
    sumTallies(one.tally, layout.tallyStride, 1, a);
    sumTallies(many.tally, layout.tallyStride, 5, b);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(a.slice(0, 3).reduce((x, y) => x + y, 0)).toBe(1001);
    expect(a.slice(3).reduce((x, y) => x + y, 0)).toBe(333);
    expect(Array.from(many.state)).toEqual(Array.from(one.state));
  });

  it('draws traits from the counter RNG: the same seed gives the same agents', () => {
    const pops = [pop('a', 500, 3)];
    const layout = layoutOf(pops);
    const x = views(allocate(layout, 1)), y = views(allocate(layout, 1)), z = views(allocate(layout, 1));
    initialise(x, pops, layout, 1); initialise(y, pops, layout, 1); initialise(z, pops, layout, 2);
    expect(Array.from(x.hawk)).toEqual(Array.from(y.hawk));
    expect(Array.from(x.hawk)).not.toEqual(Array.from(z.hawk));
    const mean = x.hawk.reduce((s, v) => s + v, 0) / 500 / 255;
    expect(mean).toBeGreaterThan(0.45); // mean 0.5, sd 0.2 clipped: se ~ 0.009
    expect(mean).toBeLessThan(0.55);
    expect(Math.min(...x.hawk)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...x.hawk)).toBeLessThanOrEqual(255);
  });
});
