/**
 * Sensitivity analysis and PRIM on results stores (src/analysis/study.ts). The stores are
 * synthetic: made by the study layer (StudyStore creates the study, design and runs tables
 * from a resolved study), with runs whose outcomes and final states are known functions of
 * the design values, written by SQL. So the indices read back from the store can be checked
 * against analytic values and against the library run on the same outputs directly: this
 * tests the order (design point order = the sampler's order), the aggregation over
 * replicates, the table layout and idempotence.
 */
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { analyzeMorris, analyzeSobol, type Problem } from '../../src/analysis/index.js';
import { analyzeStudy, bootstrapSeed, discoverStudy, readDiscoveries, readSensitivity } from '../../src/study/analysis.js';
import { InputError } from '../../src/errors.js';
import { resolveStudy } from '../../src/study/spec.js';
import { StudyStore } from '../../src/study/store.js';
import { tempDir } from '../helpers.js';

const P = ['proxies.militiaAutonomy', 'proxies.houthiAutonomy', 'signals.unifiedCommand'] as const;
const q = (s: string) => `"${s}"`;

/** Creates a store for a study over P with the given design, then fills `runs` by SQL (`select` sees design d and replicate r). */
async function syntheticStore(design: Record<string, unknown>, replicates: number, select: string, name = 'synthetic', dir = tempDir('fractable-sa-')): Promise<string> {
  const study = resolveStudy({
    name, seed: 5, replicates, agents: 100, ticks: 52, scenarios: ['baseline'], record: ['outcome', 'metrics'],
    design: { ...design, parameters: Object.fromEntries(P.map((p) => [p, [0, 1]])) },
  }, undefined, dir);
  const path = join(dir, `${name}.duckdb`);
  const store = await StudyStore.open(path, study);
  await store.close();
  await sql(path, `INSERT INTO runs (run_id, design_point, replicate, scenario, seed, ${P.map(q).join(', ')}, status, outcome, outcome_tick, final_tension)
    SELECT d.design_point * ${replicates} + r, d.design_point, r, 'baseline', 0, ${P.map((p) => `d.${q(p)}`).join(', ')}, 'ok', ${select}
    FROM design d, range(${replicates}) t(r)`);
  return path;
}

async function sql(path: string, text: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(path);
  const c = await inst.connect();
  try {
    return (await c.runAndReadAll(text)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

async function stored(path: string) {
  const inst = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  try {
    return { sensitivity: await readSensitivity(c), prim: await readDiscoveries(c) };
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

const problem: Problem = { names: [...P], bounds: [[0, 1], [0, 1], [0, 1]] };
/** Ishigami (a = 7, b = 0.1) of the three parameters mapped from [0, 1] to [-π, π], in SQL and in JS. */
const X = (p: string) => `(-pi() + 2 * pi() * d.${q(p)})`;
const ishigamiSql = `sin(${X(P[0])}) + 7 * pow(sin(${X(P[1])}), 2) + 0.1 * pow(${X(P[2])}, 4) * sin(${X(P[0])})`;
const ishigami = (u: number[]) => {
  const [x1, x2, x3] = u.map((v) => -Math.PI + 2 * Math.PI * v) as [number, number, number];
  return Math.sin(x1) + 7 * Math.sin(x2) ** 2 + 0.1 * x3 ** 4 * Math.sin(x1);
};

describe('analyzeStudy (Sobol) on a store', () => {
  it('recovers the Ishigami indices from final_tension and the linear shares from P(kinetic), and is idempotent', async () => {
    // 2^12 base points × (2·3 + 2) = 32768 design points. Replicate r of point x escalates
    // when (r + 0.5)/10 < 0.1 + 0.6·x1 + 0.2·x2, so P(kinetic) is that linear function
    // rounded to tenths: S1 ≈ [0.9, 0.1, 0]; final_tension is Ishigami (equal in every replicate).
    const R = 10;
    const path = await syntheticStore({ method: 'sobol', samples: 4096 }, R,
      `CASE WHEN (r + 0.5) / ${R} < 0.1 + 0.6 * d.${q(P[0])} + 0.2 * d.${q(P[1])} THEN 'kinetic' ELSE 'stalemate' END, 52, ${ishigamiSql}`);
    const s = await analyzeStudy(path, { outputs: ['final_tension', 'p_kinetic', 'p_deal'], resamples: 200 });
    expect(s.method).toBe('sobol');
    expect(s.points).toBe(4096 * 8);
    expect(s.skipped).toEqual([{ scenario: 'baseline', output: 'p_deal', reason: 'constant (0) over the design' }]);
    const get = (output: string, index: string, p: string, p2: string | null = null) => s.rows.find((r) => r.output === output && r.index === index && r.parameter === p && r.parameter2 === p2)!;

    // Same outputs, same layout, same bootstrap seed: the library on the JS-computed outputs
    // gives the same indices (up to the last bits of DuckDB's sin against Math.sin: 1e-9).
    const rows = (await sql(path, `SELECT ${P.map(q).join(', ')} FROM design ORDER BY design_point`)).map((r) => P.map((p) => Number(r[p])));
    const direct = analyzeSobol(problem, rows.map(ishigami), { resamples: 200, seed: bootstrapSeed(5, 'baseline', 'final_tension') });
    P.forEach((p, i) => {
      expect(get('final_tension', 'S1', p).value).toBeCloseTo(direct.S1[i]!, 9);
      expect(get('final_tension', 'ST', p).value).toBeCloseTo(direct.ST[i]!, 9);
      expect(get('final_tension', 'S1', p).conf).toBeCloseTo(direct.S1_conf[i]!, 9);
    });
    expect(get('final_tension', 'S2', P[0], P[2]).value).toBeCloseTo(direct.S2![0]![2]!, 9);

    // Analytic Ishigami values; with N = 2^12 unscrambled base points the estimation error is
    // a few thousandths (see test/analysis/sobol.test.ts): tolerance 0.02.
    const S1 = [0.3139, 0.4424, 0], ST = [0.5576, 0.4424, 0.2437];
    P.forEach((p, i) => {
      expect(Math.abs(get('final_tension', 'S1', p).value! - S1[i]!)).toBeLessThan(0.02);
      expect(Math.abs(get('final_tension', 'ST', p).value! - ST[i]!)).toBeLessThan(0.02);
    });
    expect(Math.abs(get('final_tension', 'S2', P[0], P[2]).value! - 0.2437)).toBeLessThan(0.02);

    // The share output: a linear function with weights 0.6 and 0.2 on uniform inputs has
    // S1 = 0.36/0.40 = 0.9 and 0.04/0.40 = 0.1; rounding to tenths adds a little variance of
    // its own (about 0.0008 against 0.0333): tolerance 0.05.
    expect(Math.abs(get('p_kinetic', 'S1', P[0]).value! - 0.9)).toBeLessThan(0.05);
    expect(Math.abs(get('p_kinetic', 'S1', P[1]).value! - 0.1)).toBeLessThan(0.05);
    expect(Math.abs(get('p_kinetic', 'ST', P[2]).value!)).toBeLessThan(0.05);

    // stored as documented; re-analysing replaces the rows (same count, same values)
    const first = (await stored(path)).sensitivity;
    expect(first).toHaveLength(2 * (3 * 2 + 3)); // 2 outputs × (S1, ST per parameter + 3 S2 pairs)
    expect(new Set(first.map((r) => r.index))).toEqual(new Set(['S1', 'ST', 'S2']));
    expect(first.every((r) => r.study === 'synthetic' && r.method === 'sobol' && r.confidence === 0.95)).toBe(true);
    await analyzeStudy(path, { outputs: ['final_tension', 'p_kinetic'], resamples: 200 });
    const again = (await stored(path)).sensitivity;
    const key = (r: (typeof first)[number]) => `${r.output}|${r.index}|${r.parameter}|${r.parameter2}`;
    expect(again.map(key).sort()).toEqual(first.map(key).sort());
    const byKey = new Map(first.map((r) => [key(r), r.value]));
    for (const r of again) expect(r.value).toBe(byKey.get(key(r)));
  });
});

describe('analyzeStudy (Morris) on a store', () => {
  it('gives mu* = c·(upper − lower) and sigma = 0 for a linear output', async () => {
    // 20 trajectories on 4 levels: 80 design points; final_tension = 3·x1 − 6·x2 (x3 inert).
    const path = await syntheticStore({ method: 'morris', samples: 20, levels: 4 }, 2,
      `'stalemate', 52, 3 * d.${q(P[0])} - 6 * d.${q(P[1])}`, 'morris');
    const s = await analyzeStudy(path, { outputs: ['final_tension'], resamples: 100 });
    expect(s.method).toBe('morris');
    const get = (index: string, p: string) => s.rows.find((r) => r.index === index && r.parameter === p)!;
    expect(get('mu', P[0]).value).toBeCloseTo(3, 12);
    expect(get('mu', P[1]).value).toBeCloseTo(-6, 12);
    expect(get('mu_star', P[1]).value).toBeCloseTo(6, 12);
    expect(get('mu_star', P[2]).value).toBeCloseTo(0, 12);
    expect(get('sigma', P[0]).value).toBeCloseTo(0, 12);
    expect(get('mu_star', P[0]).conf).toBeCloseTo(0, 12);
    expect(get('mu', P[0]).conf).toBeNull();
    // the same as the library on the same rows
    const rows = (await sql(path, `SELECT ${P.map(q).join(', ')} FROM design ORDER BY design_point`)).map((r) => P.map((p) => Number(r[p])));
    const direct = analyzeMorris(problem, rows, rows.map((x) => 3 * x[0]! - 6 * x[1]!), { levels: 4, resamples: 100 });
    P.forEach((p, i) => expect(get('mu_star', p).value).toBeCloseTo(direct.mu_star[i]!, 12));
    expect((await stored(path)).sensitivity).toHaveLength(9);
  });
});

describe('analyzeStudy refuses what it cannot analyse', () => {
  it('a study without a sobol or morris design, missing runs and failed runs, each saying which', async () => {
    const lhs = await syntheticStore({ method: 'lhs', samples: 20 }, 1, `'stalemate', 52, 0.5`, 'lhs');
    await expect(analyzeStudy(lhs)).rejects.toThrow(/expected a study with a sobol or morris design .*found design method lhs/);

    const path = await syntheticStore({ method: 'sobol', samples: 8 }, 2, `'stalemate', 52, d.${q(P[0])}`, 'gaps');
    await sql(path, 'DELETE FROM runs WHERE design_point IN (3, 17) AND replicate = 1');
    await sql(path, "UPDATE runs SET status = 'failed', outcome = NULL WHERE design_point = 5 AND replicate = 0");
    const err = await analyzeStudy(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toContain('scenario "baseline": 2 run(s) missing at design point(s) 3, 17');
    expect((err as Error).message).toContain('1 failed run(s) at design point(s) 5');
    expect((err as Error).message).toContain('--resume');
    await expect(analyzeStudy(path, { outputs: ['nonsense'] })).rejects.toThrow(/--outputs: expected p_deal, .*found "nonsense"/);
  });
});

describe('discoverStudy (PRIM) on a store', () => {
  it('finds the box where kinetic was planted, stores trajectory and box, and replaces them on re-run', async () => {
    // 400 LHS points, 5 replicates; inside x1 ≥ 0.7, x2 ≤ 0.3 four of five replicates escalate, outside none.
    const inBox = `d.${q(P[0])} >= 0.7 AND d.${q(P[1])} <= 0.3`;
    const path = await syntheticStore({ method: 'lhs', samples: 400 }, 5, `CASE WHEN ${inBox} AND r < 4 THEN 'kinetic' ELSE 'stalemate' END, 52, 0.0`, 'prim');
    const [d] = await discoverStudy(path, { outcome: 'kinetic', threshold: 0.5 });
    expect(d!.points).toBe(400);
    expect(d!.cases).toBe((await sql(path, `SELECT count(*)::INTEGER AS n FROM design d WHERE ${inBox}`))[0]!.n);
    const box = d!.result!.box;
    expect(box.density).toBe(1);
    expect(box.coverage).toBeGreaterThan(0.8);
    expect(box.restricted.sort()).toEqual([P[0], P[1]].sort());
    expect(box.limits[0]![0]).toBeGreaterThan(0.6);
    expect(box.limits[1]![1]).toBeLessThan(0.4);

    const { prim } = await stored(path);
    expect(prim.trajectory).toHaveLength(d!.result!.trajectory.length);
    expect(prim.trajectory.filter((t) => t.chosen).map((t) => t.step)).toEqual([box.index]);
    expect(prim.boxes.map((b) => b.parameter)).toEqual([...P]);
    const b0 = prim.boxes[0]!;
    expect([b0.outcome, b0.mode, b0.threshold, b0.density, b0.total_coi, b0.points, b0.restricted]).toEqual(['kinetic', 'point', 0.5, 1, d!.cases, 400, true]);
    expect(prim.boxes[2]!.restricted).toBe(false);
    expect(prim.boxes[2]!.qp_lower).toBeNull();

    // per run: 2000 points, the same region
    const [r] = await discoverStudy(path, { outcome: 'kinetic', mode: 'run' });
    expect(r!.points).toBe(2000);
    expect(r!.result!.box.restricted.sort()).toEqual([P[0], P[1]].sort());
    const after = (await stored(path)).prim;
    expect(after.boxes).toHaveLength(3); // replaced, not appended
    expect(after.boxes[0]!.mode).toBe('run');

    // no case of interest: a note, and nothing stored for that outcome
    const [none] = await discoverStudy(path, { outcome: 'breakout' });
    expect(none!.result).toBeNull();
    expect(none!.note).toContain('no design point has a share of breakout ≥ 0.5');
    expect((await stored(path)).prim.boxes.filter((b) => b.outcome === 'breakout')).toHaveLength(0);
  });
});
