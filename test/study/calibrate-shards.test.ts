/**
 * Sharded rejection ABC at the level of the ABC bookkeeping (study/calibrate.ts
 * `abcRejectionShard`, `combineRejectionShards`), on the toy model of calibrate-oracle: three
 * shards, each scoring proposals j with j mod 3 = i − 1 (one of them interrupted and resumed),
 * combined over all of their distances, give exactly the unsharded calibration's population —
 * posterior rows byte-equal — and the in-memory driver's. A missing shard is named; a shard of
 * another spec, a shard twice, a whole store and a shard that lacks proposals are refused.
 * Through the CLI and the stores (`calibrate --shard`, `fractable merge`, `calibrate --resume`
 * into the checks): test/slow/calibrate-shards.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { abcRejection, type AbcPopulation } from '../../src/analysis/index.js';
import { InputError } from '../../src/errors.js';
import {
  abcGenerations, abcRejectionShard, combineRejectionShards, SMC_SHARD_REFUSAL, type ShardDistances,
} from '../../src/study/calibrate.js';
import type { RejectionBudget } from '../../src/study/calibration-spec.js';
import type { Shard } from '../../src/study/plan.js';
import { expectSamePopulations, PRIORS, simulate, toyEvaluator } from './abc-toy.js';

const problem = { priors: PRIORS, seed: 5 };
const budget: RejectionBudget = { method: 'rejection', proposals: 3000, quantile: 0.05 };
const HASH = 'a'.repeat(64);

/** The posterior as the CSV rows calibrate writes: parameters, then weight. */
const rows = (p: AbcPopulation): string[] => Array.from(p.weights, (w, i) => `${Array.from(p.params.subarray(i, i + 1), String).join(',')},${w}`);

/** A shard's distances as a merge reads them from its store. */
function shardOf(label: string, shard: Shard, store: Map<string, number>, specHash = HASH): ShardDistances {
  return { label, specHash, shard, distances: new Map([...store].map(([k, d]) => [Number(k.split('/')[1]), d])) };
}

describe('sharded rejection ABC (toy Gaussian mean)', () => {
  let whole: Awaited<ReturnType<typeof abcGenerations>>;
  const shards: ShardDistances[] = [];

  beforeAll(async () => {
    whole = await abcGenerations(toyEvaluator(new Map(), 8).ev, problem, budget);
    for (let i = 1; i <= 3; i++) {
      const shard = { index: i, count: 3 };
      const store = new Map<string, number>();
      if (i === 2) {
        // shard 2 is interrupted after 300 evaluations and resumed with another concurrency
        const controller = new AbortController();
        const cut = await abcRejectionShard(toyEvaluator(store, 4, { after: 300, controller }).ev, problem, budget, shard, { stop: controller.signal });
        expect(cut.interrupted).toBe(true);
        expect(cut.scored).toBeLessThan(1000);
      }
      const before = store.size;
      const toy = toyEvaluator(store, i === 2 ? 3 : 8);
      const r = await abcRejectionShard(toy.ev, problem, budget, shard);
      expect(r).toEqual({ interrupted: false, proposals: 1000, scored: 1000 });
      expect(toy.records).toEqual([]); // a shard decides nothing
      expect(toy.calls()).toBe(1000 - before); // nothing stored is run again
      shards.push(shardOf(`shard-${i}.duckdb`, shard, store));
    }
  });

  it('each shard scores exactly its proposals (j mod 3 = i − 1), and the union is every proposal once', () => {
    shards.forEach((s, k) => {
      expect(s.distances.size).toBe(1000);
      for (const j of s.distances.keys()) expect(j % 3).toBe(k);
    });
    expect(new Set(shards.flatMap((s) => [...s.distances.keys()])).size).toBe(3000);
  });

  it('three shards combined equal the unsharded calibration: posterior rows byte-equal, and the in-memory driver\'s population', () => {
    const merged = combineRejectionShards(problem, budget, HASH, [shards[2]!, shards[0]!, shards[1]!]);
    expectSamePopulations([merged], whole.populations);
    expect(rows(merged)).toEqual(rows(whole.populations[0]!));
    expect(merged.acceptanceRate).toBe(whole.populations[0]!.acceptanceRate);
    expect(merged.ess).toBe(whole.populations[0]!.ess);
    expectSamePopulations([merged], [abcRejection(simulate, { ...problem, proposals: 3000, quantile: 0.05 })]);
  });

  it('a missing shard is named; a shard that lacks proposals says how many', () => {
    expect(() => combineRejectionShards(problem, budget, HASH, [shards[0]!, shards[2]!])).toThrow(/shard\(s\) 2 of 3 missing/);
    const short = new Map(shards[1]!.distances);
    short.delete(4);
    short.delete(7);
    expect(() => combineRejectionShards(problem, budget, HASH, [shards[0]!, { ...shards[1]!, distances: short }, shards[2]!]))
      .toThrow('shard 2/3 lacks 2 proposal(s) (shard-2.duckdb)');
  });

  it('a shard of another spec, a shard twice, a whole store and a proposal of another shard are refused', () => {
    const refused = (inputs: ShardDistances[], message: string | RegExp) => {
      let e: unknown;
      try { combineRejectionShards(problem, budget, HASH, inputs); } catch (x) { e = x; }
      expect(e).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(message);
    };
    refused([shards[0]!, { ...shards[1]!, specHash: 'b'.repeat(64) }, shards[2]!], /^shard-2\.duckdb: expected a shard of the calibration with spec hash aaaaaaaaaaaa, found spec hash bbbbbbbbbbbb/);
    refused([shards[0]!, { ...shards[0]!, label: 'copy.duckdb' }, shards[2]!], /^copy\.duckdb: expected distinct shards, found shard 1\/3 twice \(also in shard-1\.duckdb\)/);
    refused([{ ...shards[0]!, shard: null }], /expected a shard store of the calibration .*found a whole calibration/);
    refused([shards[0]!, { ...shards[1]!, shard: { index: 2, count: 4 } }], /expected a shard of 3, found shard 2\/4/);
    refused([{ ...shards[0]!, distances: new Map([...shards[0]!.distances, [1, 0.5]]) }], /expected proposals j of shard 1\/3 .*found proposal 1$/);
  });

  it('SMC is not sharded: the refusal says why and what to do instead', async () => {
    const smc = { method: 'smc', particles: 10, generations: 2, alpha: 0.5, maxProposals: 100, minEpsilon: 0 } as const;
    await expect(abcRejectionShard(toyEvaluator(new Map(), 2).ev, problem, smc, { index: 1, count: 2 })).rejects.toThrow(SMC_SHARD_REFUSAL);
    expect(SMC_SHARD_REFUSAL).toMatch(/^--shard: expected a calibration with method rejection, found method smc: .*run SMC on one machine/);
  });
});
