/**
 * Sharded rejection ABC at the level of the ABC bookkeeping (study/calibrate.ts
 * `abcRejectionShard`, `combineRejectionShards`), on the toy model of calibrate-oracle: three
 * shards, each scoring proposals j with j mod 3 = i − 1 (one of them interrupted and resumed),
 * combined over all of their distances, give exactly the unsharded calibration's population —
 * posterior rows byte-equal — and the in-memory driver's. A missing shard is named; a shard of
 * another spec, a shard twice, a whole store and a shard that lacks proposals are refused.
 * Sharded SMC (`abcSmcShard`): three shards running at once, meeting after every generation
 * through their exchange files (one killed and resumed while the others wait), each decide the
 * unsharded calibration's generations, and so does the merge's decision over their particles.
 * Through the CLI and the stores (`calibrate --shard`, `fractable merge`, `calibrate --resume`
 * into the checks): test/slow/calibrate-shards.test.ts.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abcRejection, type AbcPopulation } from '../../src/analysis/index.js';
import { InputError } from '../../src/errors.js';
import {
  abcGenerations, abcRejectionShard, abcSmcShard, combineRejectionShards, smcShardDecision, type ShardDistances,
} from '../../src/study/calibrate.js';
import type { RejectionBudget, SmcBudget } from '../../src/study/calibration-spec.js';
import { exchangeFile, fileExchange } from '../../src/study/exchange.js';
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

  it('a rejection shard driver given an SMC budget is a programming error that names the SMC driver', async () => {
    const smc = { method: 'smc', particles: 10, generations: 2, alpha: 0.5, maxProposals: 100, minEpsilon: 0 } as const;
    await expect(abcRejectionShard(toyEvaluator(new Map(), 2).ev, problem, smc, { index: 1, count: 2 })).rejects.toThrow(/abcSmcShard/);
  });
});

describe('sharded SMC ABC (toy Gaussian mean): shards meet after every generation', () => {
  const smc: SmcBudget = { method: 'smc', particles: 40, generations: 3, alpha: 0.5, maxProposals: 1000, minEpsilon: 0 };
  const dir = mkdtempSync(join(tmpdir(), 'fractable-smc-shards-'));
  const store = (i: number) => join(dir, `toy.shard-${i}-of-3.duckdb`);
  const exchange = (i: number) => fileExchange(store(i), 'toy', HASH, { index: i, count: 3 }, 2);
  let whole: Awaited<ReturnType<typeof abcGenerations>>;
  const stores = [new Map<string, number>(), new Map<string, number>(), new Map<string, number>()];
  const runs: Array<Awaited<ReturnType<typeof abcSmcShard>>> = [];
  let killed: Awaited<ReturnType<typeof abcSmcShard>>;
  const waits: number[][] = [];

  /** a store's particles as a merge reads them */
  const shardInput = (i: number, label = `shard-${i}.duckdb`): ShardDistances => {
    const generations = new Map<number, Map<number, number>>();
    for (const [k, d] of stores[i - 1]!) {
      const [g, j] = k.split('/').map(Number) as [number, number];
      if (!generations.has(g)) generations.set(g, new Map());
      generations.get(g)!.set(j, d);
    }
    return { label, specHash: HASH, shard: { index: i, count: 3 }, distances: generations.get(0) ?? new Map(), generations };
  };

  beforeAll(async () => {
    whole = await abcGenerations(toyEvaluator(new Map(), 8).ev, problem, smc);
    // shard 2 is killed after 30 evaluations (in generation 0 or 1) while 1 and 3 run; it is resumed with another concurrency later
    const controller = new AbortController();
    const cut = abcSmcShard(toyEvaluator(stores[1]!, 4, { after: 30, controller }).ev, problem, smc, exchange(2), { stop: controller.signal });
    // shard 2 stops before the end, so the others come to wait for it: it is resumed once one of them says so
    let sawWait = (): void => undefined;
    let killedYet = false;
    const waited = new Promise<void>((resolve) => { sawWait = resolve; });
    const others = [1, 3].map((i) => abcSmcShard(toyEvaluator(stores[i - 1]!, i === 1 ? 8 : 3).ev, problem, smc, exchange(i), {
      onProgress: (p) => { if (p.waiting?.length) { waits.push(p.waiting); if (killedYet && p.waiting.includes(2)) sawWait(); } },
    }));
    killed = await cut;
    killedYet = true;
    await waited;
    const resumed = abcSmcShard(toyEvaluator(stores[1]!, 6).ev, problem, smc, exchange(2));
    const [one, three, two] = await Promise.all([...others, resumed]);
    runs.push(one!, two!, three!);
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('every shard decides the unsharded calibration\'s generations, one killed and resumed among them', () => {
    expect(killed.interrupted).toBe(true);
    expect(whole.populations).toHaveLength(3);
    for (const r of runs) {
      expect(r.interrupted).toBe(false);
      expect(r.stop).toBe(whole.stop);
      expectSamePopulations(r.populations, whole.populations);
    }
    // the others waited for shard 2 while it was down, and said so (beforeAll resumed it only then)
    expect(waits.some((w) => w.includes(2))).toBe(true);
    expect(waits.every((w) => w.length > 0 && w.every((i) => i >= 1 && i <= 3))).toBe(true);
  });

  it('each shard scored only its own proposals (j mod 3 = i − 1), and every proposal a decision used once', () => {
    stores.forEach((st, k) => { for (const key of st.keys()) expect(Number(key.split('/')[1]) % 3).toBe(k); });
    for (const pop of whole.populations) {
      for (let j = 0; j < pop.proposals; j++) expect(stores[j % 3]!.has(`${pop.generation}/${j}`)).toBe(true);
    }
  });

  it('the merge\'s decision over the three stores\' particles is the same, in any order', () => {
    const d = smcShardDecision(problem, smc, HASH, [shardInput(3), shardInput(1), shardInput(2)]);
    expect(d.complete).toBe(true);
    expect(d.stop).toBe(whole.stop);
    expectSamePopulations(d.populations, whole.populations);
    expect(d.inputs.map((i) => i.scored)).toEqual([3, 1, 2].map((i) => stores[i - 1]!.size));
  });

  it('without a shard, or with a generation short of proposals, the decision is pending and names the shard', () => {
    const d = smcShardDecision(problem, smc, HASH, [shardInput(1), shardInput(3)]);
    expect(d.complete).toBe(false);
    expect(d.missing).toEqual([2]);
    expect(d.pending).toEqual({ generation: 0, proposal: 1, shard: 2 });
    const short = shardInput(3);
    const g1 = new Map(short.generations!.get(1)!);
    const j = Math.min(...g1.keys());
    g1.delete(j);
    const d2 = smcShardDecision(problem, smc, HASH, [shardInput(1), shardInput(2), { ...short, generations: new Map([...short.generations!, [1, g1]]) }]);
    expect(d2.pending).toEqual({ generation: 1, proposal: j, shard: 3 });
    expect(d2.populations).toHaveLength(1);
  });

  it('a shard of another spec, a shard twice and a proposal of another shard are refused, naming the input', () => {
    expect(() => smcShardDecision(problem, smc, HASH, [shardInput(1), { ...shardInput(2), specHash: 'b'.repeat(64) }])).toThrow(/^shard-2\.duckdb: expected a shard of the calibration with spec hash aaaaaaaaaaaa/);
    expect(() => smcShardDecision(problem, smc, HASH, [shardInput(1), shardInput(1, 'copy.duckdb')])).toThrow(/^copy\.duckdb: expected distinct shards, found shard 1\/3 twice/);
    const bad = shardInput(1);
    expect(() => smcShardDecision(problem, smc, HASH, [{ ...bad, generations: new Map([[0, new Map([[1, 0.5]])]]) }])).toThrow(/found proposal 1 of generation 0$/);
  });

  it('the exchange files: one per shard and generation, beside the stores; a peer\'s file of another spec is refused', () => {
    const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
    expect(files).toHaveLength(3 * whole.populations.length);
    expect(files).toContain(`toy.smc-${HASH.slice(0, 12)}.g0.shard-2-of-3.json`);
    const alien = join(dir, 'alien.shard-1-of-2.duckdb');
    writeFileSync(exchangeFile(dir, 'alien', HASH, 0, { index: 2, count: 2 }), JSON.stringify({ spec_hash: 'c'.repeat(64), shard: '2/2', generation: 0, distances: [[1, 0.1]] }));
    expect(() => fileExchange(alien, 'alien', HASH, { index: 1, count: 2 }, 1).gather(0, new Float64Array(4).fill(NaN))).toThrow(/expected distances of the calibration with spec hash aaaaaaaaaaaa, found spec hash cccccccccccc/);
    // a shard of another split of the same calibration would wait for ever: refused, naming a file of the other split
    expect(() => fileExchange(store(1), 'toy', HASH, { index: 1, count: 2 }, 1).gather(0, new Float64Array(4).fill(NaN)))
      .toThrow(/toy\.smc-aaaaaaaaaaaa\.g0\.shard-\d-of-3\.json: expected the distances of a shard of 2 \(this is shard 1\/2\), found those of shard \d\/3: shards of one calibration must all be split the same way/);
    expect(exchange(1).dir).toBe(dir);
  });
});
