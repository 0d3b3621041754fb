import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutOf, bytesPerAgent, shardRange, allocate, views, initialise } from '../../src/engine/world.js';
import { stepShard, sumTallies } from '../../src/engine/kernel.js';
import { apportion, resolvePopulations } from '../../src/engine/populations.js';
import type { PopulationDef } from '../../src/engine/declaration.js';
import type { RuleSpec } from '../../src/learning/rules.js';
import { getModel } from '../../src/models/index.js';

const normal = { kind: 'normal', mean: 0.5, sd: 0.2, min: 0, max: 1 } as const;
const pop = (name: string, size: number, K: number, kind: 'roth-erev' | 'bush-mosteller' | 'threshold' = 'roth-erev', extra: Partial<PopulationDef> = {}): PopulationDef => ({
  name, size, fixed: false, actions: Array.from({ length: K }, (_, k) => `a${k}`), noise: 0.1,
  traits: [{ name: 'hawk', kind: 'continuous', categories: 0, dist: normal }, { name: 'patience', kind: 'continuous', categories: 0, dist: normal }],
  network: null, tallyBy: null, consequences: false,
  rule: (kind === 'roth-erev'
    ? { kind, phi: 0.02, epsilon: 0.1, initial: 1 }
    : kind === 'threshold'
      ? { kind, active: 1, inactive: 0, irreversible: true, threshold: normal, seeds: { count: 3, share: 0 } }
      : { kind, learningRate: 0.1, habituation: 0.05, scale: 1, aspiration: { mean: 0.5, sd: 0.1 }, initial: 1 }) as RuleSpec,
  ...extra,
});

describe('world layout', () => {
  it('lays populations out contiguously and counts bytes per agent', () => {
    const l = layoutOf([pop('a', 10, 3), pop('b', 5, 4, 'bush-mosteller'), pop('c', 7, 2, 'threshold')]);
    expect(l.agents).toBe(22);
    expect(l.populations.map((p) => p.agentOff)).toEqual([0, 10, 15]);
    expect(l.populations.map((p) => p.stateOff)).toEqual([0, 30, 50]);
    expect(l.populations.map((p) => p.width)).toEqual([3, 4, 0]); // the threshold rule keeps no per-action state
    expect(l.populations.map((p) => p.auxOff)).toEqual([-1, 0, 5]);
    // K counts + 1 count of realised hazards, per population
    expect(l.tallyStride).toBe(4 + 5 + 3);
    // 4 bytes per state float and aux float, 1 byte per trait, 2 action bytes per agent
    expect(bytesPerAgent(l)).toBeCloseTo((4 * 50 + 4 * 12 + 2 * 22 + 2 * 22) / 22, 10);
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
    const pops = [pop('a', 1001, 3), pop('b', 333, 4, 'bush-mosteller'), pop('c', 500, 2, 'threshold')];
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
    expect(a.slice(4, 8).reduce((x, y) => x + y, 0)).toBe(333);
    expect(a[9]! + a[10]!).toBe(500);
    expect(Array.from(many.state)).toEqual(Array.from(one.state));
  });

  it('draws traits from the counter RNG: the same seed gives the same agents', () => {
    const pops = [pop('a', 500, 3)];
    const layout = layoutOf(pops);
    const x = views(allocate(layout, 1)), y = views(allocate(layout, 1)), z = views(allocate(layout, 1));
    initialise(x, pops, layout, 1); initialise(y, pops, layout, 1); initialise(z, pops, layout, 2);
    const hawk = (v: typeof x) => Array.from({ length: 500 }, (_, i) => v.traits[2 * i]!);
    expect(hawk(x)).toEqual(hawk(y));
    expect(hawk(x)).not.toEqual(hawk(z));
    const mean = hawk(x).reduce((s, v) => s + v, 0) / 500 / 255;
    expect(mean).toBeGreaterThan(0.45); // mean 0.5, sd 0.2 clipped: se ~ 0.009
    expect(mean).toBeLessThan(0.55);
  });

  it('seats exactly `count` seed agents of a threshold population, active in both action columns', () => {
    const pops = [pop('c', 1000, 2, 'threshold')];
    const layout = layoutOf(pops);
    const v = views(allocate(layout, 1));
    initialise(v, pops, layout, 4);
    expect(v.act0.reduce((s, a) => s + a, 0)).toBe(3);
    expect(Array.from(v.act1)).toEqual(Array.from(v.act0));
  });
});

describe('population sizes', () => {
  it('apportion splits agents exactly, at least one per population, in proportion to weights', () => {
    for (const [total, w] of [[390, Array(13).fill(1)], [1000, [1, 2, 3, 0, 5, 1, 1, 1, 1, 1, 1, 1, 1]], [13, [9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]], [2001, [0.5, 1, 1.5, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1]]] as [number, number[]][]) {
      const sizes = apportion(total, w);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(1);
      const sum = w.reduce((a, b) => a + b, 0), free = total - w.length;
      sizes.forEach((s, i) => expect(Math.abs(s - 1 - (free * w[i]!) / sum)).toBeLessThan(1));
    }
    expect(apportion(390, Array(13).fill(1))).toEqual(Array(13).fill(30));
  });

  it('--agents is the total of the mass populations: a fixed population keeps its size', () => {
    const games = getModel('games');
    const fixedGames = { ...games, populations: [{ ...games.populations[0]!, size: { fixed: 100 } }, games.populations[1]!] };
    const pops = resolvePopulations(fixedGames, { agents: 1000, populations: {} });
    expect(pops.map((p) => [p.size, p.fixed])).toEqual([[100, true], [1000, false]]);
    expect(resolvePopulations(fixedGames, { agents: 10, populations: { players: { size: 7 } } }).map((p) => p.size)).toEqual([7, 10]);
  });
});
