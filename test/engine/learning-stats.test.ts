/**
 * Per-population learning statistics (engine/learning-stats.ts): known answers for every rule
 * (the entropy of known probabilities, a switch rate of 1 − Σ p² under a fixed mixed strategy,
 * the dispersion of pure strategies, the switches of an irreversible cascade), only the ticks
 * kept, and the same values, bit for bit, inline, whole in a worker and sharded at 2 and 3
 * workers.
 */
import { describe, expect, it } from 'vitest';
import type { StatRequest } from '../../src/engine/learning-stats.js';
import { WorkerPool } from '../../src/engine/pool.js';
import type { KeepSpec } from '../../src/engine/protocol.js';
import { scenarioFrom } from '../../src/scenarios/load.js';
import { runScenario } from '../../src/scenarios/run.js';

const GAMBLERS = 1; // the games model's four-armed bandit players
const keep = (stats: StatRequest[], every = 1, shares = false): KeepSpec => ({ series: { every, state: [], shares, stats }, events: false });
const all = (population: number): StatRequest[] => [{ stat: 'entropy', population }, { stat: 'switch', population }, { stat: 'dispersion', population }];
/** Column j of a run's kept statistics (n requests). */
const column = (stats: Float64Array, n: number, j: number) => Array.from({ length: stats.length / n }, (_, i) => stats[i * n + j]!);

// p = (1/8, 1/8, 1/4, 1/2): H = 2 · (1/8) ln 8 + (1/4) ln 4 + (1/2) ln 2 = (7/4) ln 2 nats
const H = 1.75 * Math.LN2;

describe('learning statistics: known answers', () => {
  const rules: Array<[string, Record<string, unknown>]> = [
    ['roth-erev', { kind: 'roth-erev', phi: 0.1, epsilon: 0.1, initial: [1, 1, 2, 4] }],
    ['modified-roth-erev', { kind: 'modified-roth-erev', initial: [1, 1, 2, 4] }],
    ['bush-mosteller', { kind: 'bush-mosteller', initial: [1, 1, 2, 4] }],
    ['ewa', { kind: 'ewa', lambda: Math.LN2, initial: [0, 0, 1, 2] }], // exp(λ A) ∝ 1, 1, 2, 4
    ['fixed', { kind: 'fixed', probabilities: [1, 1, 2, 4] }],
  ];
  it.each(rules)('%s: members that all hold p = (1/8, 1/8, 1/4, 1/2) have entropy (7/4) ln 2 nats and dispersion 0 at tick 0', async (_kind, rule) => {
    const sc = scenarioFrom({ model: 'games', agents: 400, ticks: 5, seed: 7, populations: { gamblers: { rule } } });
    const r = await runScenario(sc, { mode: 'inline', keep: keep(all(GAMBLERS)) });
    const st = r.series!.stats!;
    expect(st[0]).toBeCloseTo(H, 12);
    expect(st[2]).toBe(0);
    // learning moves them apart (but for the fixed rule)
    if (rule.kind !== 'fixed') expect(st[4 * 3 + 2]).toBeGreaterThan(0);
  });

  it('fixed mixed strategy: the entropy stays (7/4) ln 2 and the switch rate is 1 − Σ p² = 42/64 (binomial, 4 s.e.)', async () => {
    const ticks = 120, agents = 4000;
    const sc = scenarioFrom({ model: 'games', agents, ticks, seed: 11, populations: { gamblers: { rule: { kind: 'fixed', probabilities: [1, 1, 2, 4] } } } });
    const r = await runScenario(sc, { mode: 'inline', keep: keep(all(GAMBLERS)) });
    const st = r.series!.stats!;
    const size = r.populations[GAMBLERS]!.size;
    for (const h of column(st, 3, 0)) expect(h).toBeCloseTo(H, 12);
    for (const d of column(st, 3, 2)) expect(d).toBe(0);
    const sw = column(st, 3, 1);
    const mean = sw.reduce((a, b) => a + b, 0) / sw.length, p = 42 / 64;
    expect(Math.abs(mean - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / (size * ticks)));
    // each value is a count over the members
    for (const s of sw) expect(Number.isInteger(Math.round(s * size)) && Math.abs(s * size - Math.round(s * size)) < 1e-9).toBe(true);
  });

  it('a Pólya urn (Roth–Erev, φ = ε = 0, equal arms) starts uniform: entropy ln 4 at tick 0, falling as the urns fill', async () => {
    const r = await runScenario(scenarioFrom({ model: 'games', agents: 600, ticks: 200, seed: 3 }), { mode: 'inline', keep: keep([{ stat: 'entropy', population: GAMBLERS }]) });
    const h = Array.from(r.series!.stats!);
    expect(h[0]).toBeCloseTo(Math.log(4), 12);
    expect(h[199]!).toBeLessThan(h[0]!);
    expect(h[199]!).toBeGreaterThan(0);
  });

  it('threshold rule (an irreversible cascade): entropy 0, dispersion 1 − Σ s(t − 1)², and switches = the rise of the active share', async () => {
    const sc = scenarioFrom({
      model: 'cascades', agents: 3000, ticks: 30, seed: 5,
      populations: { agents: { rule: { kind: 'threshold', threshold: { kind: 'uniform', min: 0.05, max: 0.3 }, seeds: { count: 40 } }, network: { kind: 'erdos-renyi', meanDegree: 4 } } },
    });
    const r = await runScenario(sc, { mode: 'inline', keep: keep(all(0), 1, true) });
    const st = r.series!.stats!, sh = r.series!.shares!; // shares: quiet/active per tick (K = 2)
    const active = (t: number) => sh[t * 2 + 1]!;
    expect(active(29)).toBeGreaterThan(active(0)); // it spreads
    for (let t = 1; t < 30; t++) {
      expect(st[t * 3]).toBe(0);
      expect(st[t * 3 + 2]).toBeCloseTo(1 - (sh[(t - 1) * 2]! ** 2 + active(t - 1) ** 2), 12);
      expect(st[t * 3 + 1]).toBeCloseTo(active(t) - active(t - 1), 12);
    }
  });

  it('computes only the ticks kept (every k-th and the last) and keeps them in order', async () => {
    const sc = scenarioFrom({ model: 'games', agents: 200, ticks: 23, seed: 1 });
    const every = await runScenario(sc, { mode: 'inline', keep: keep(all(GAMBLERS)) });
    const some = await runScenario(sc, { mode: 'inline', keep: keep(all(GAMBLERS), 10) });
    expect(Array.from(some.series!.ticks)).toEqual([0, 10, 20, 22]);
    const rows = [0, 10, 20, 22].flatMap((t) => Array.from(every.series!.stats!.subarray(t * 3, t * 3 + 3)));
    expect(Array.from(some.series!.stats!)).toEqual(rows);
    // observations, not state: the digest does not change when they are asked for
    const none = await runScenario(sc, { mode: 'inline', keep: { series: { every: 10, state: [], shares: false }, events: false } });
    expect(none.digest).toBe(some.digest);
    expect(none.series!.stats).toBeNull();
  });
});

describe('learning statistics: the same bits in every mode', () => {
  it('inline, whole in a worker, and sharded at 2 and 3 workers give identical statistics', async () => {
    // networked Bush–Mosteller players and EWA gamblers; large enough that every shard holds agents
    const sc = scenarioFrom({
      model: 'games', agents: 3000, ticks: 25, seed: 42,
      populations: { players: { network: { kind: 'watts-strogatz', k: 6, p: 0.1 }, noise: 0.2 }, gamblers: { rule: { kind: 'ewa', lambda: 2 } } },
    });
    const k = keep([...all(0), ...all(GAMBLERS)], 3);
    const inline = await runScenario(sc, { mode: 'inline', keep: k });
    const ref = Array.from(inline.series!.stats!);
    expect(ref.every(Number.isFinite)).toBe(true);
    const pool = new WorkerPool({ workers: 3 });
    try {
      expect(Array.from((await runScenario(sc, { mode: 'whole', keep: k, pool })).series!.stats!)).toEqual(ref);
      for (const workers of [2, 3]) {
        const r = await runScenario(sc, { mode: 'sharded', workers, keep: k, pool });
        expect(r.digest).toBe(inline.digest);
        expect(Array.from(r.series!.stats!)).toEqual(ref);
      }
    } finally {
      await pool.destroy();
    }
  });
});
