/**
 * The seed's claims at the default world size (2000 mass agents, 520 weekly ticks), run by
 * `npm run test:slow` (and CI):
 *  - directional tests: each claim's arms with the same seeds, a one-sided test (src/study/claims.ts),
 *    recomputed at the size of the committed results (validation/claims-directional.json, written
 *    by `fractable claims --out`) and required to reproduce them exactly, with the verdict that
 *    docs/ODD.md section 8 prints;
 *  - reachability: breakout, collapse, a ratified treaty and a red-line move each happen at
 *    plausible parameters (values inside their declared ranges);
 *  - N-convergence: outcome shares at N and 10 N mass agents agree (chi-square, p > 0.01);
 *  - clustered vs mean-field: the Iranian public on its small world produces protest waves at a
 *    measurably different rate than the same public mean-field (Mann–Whitney, p < 0.01).
 * With 100 runs per arm a one-sided test at 0.01 detects a difference of 0.2 in shares near ½
 * with power about 0.85.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAIM_RESULTS, directionVerdict } from '../../src/models/table/docs.js';
import { root } from '../helpers.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { getModel } from '../../src/models/index.js';
import { loadScenario } from '../../src/scenarios/load.js';
import { testClaim } from '../../src/study/claims.js';
import { chiSquareHomogeneity, mannWhitney } from '../../src/analysis/tests.js';
import type { RunResult } from '../../src/engine/protocol.js';

const model = getModel('table');
const ODD = readFileSync(join(root, 'docs/ODD.md'), 'utf8');
const pool = new WorkerPool({ workers: 2 });
afterAll(() => pool.destroy());

async function runs(ref: string, over: Record<string, unknown>, n: number, events = false): Promise<RunResult[]> {
  const replies = await Promise.all(Array.from({ length: n }, (_, i) => pool.runWorld({ kind: 'world', run: loadScenario(ref, { ...over, seed: 1000 + i }), keep: { series: null, events } })));
  return replies.map((r) => {
    if (r.state !== 'ok') throw new Error(r.error);
    return r.result;
  });
}

// the committed results that docs/ODD.md section 8 quotes (fractable claims --out)
const golden = JSON.parse(readFileSync(join(root, CLAIM_RESULTS.direction), 'utf8')) as {
  runs: number; agents: number; ticks: number; seed: number; alpha: number;
  direction: Array<{ claim: string; treated: { mean: number }; control: { mean: number }; effect: number; p: number }>;
};

describe(`directional tests of the seed's claims (${golden.agents} agents, ${golden.ticks} ticks, ${golden.runs} runs per arm): the model gives exactly the results docs/ODD.md states`, () => {
  for (const claim of model.claims ?? []) {
    it(`${claim.id}: ${claim.statement}`, async () => {
      const r = await testClaim(model, claim, golden.runs, { pool, agents: golden.agents, ticks: golden.ticks, seed: golden.seed });
      const verdict = directionVerdict(r.effect, r.p, golden.alpha);
      console.log(`${claim.id}: ${claim.treated.label} ${r.treated.mean.toFixed(3)} vs ${claim.control.label} ${r.control.mean.toFixed(3)}, effect ${r.effect.toFixed(3)}, p = ${r.p.toExponential(2)} (${r.test}): ${verdict}`);
      const g = golden.direction.find((x) => x.claim === claim.id);
      expect(g, `${claim.id} is in ${CLAIM_RESULTS.direction}`).toBeDefined();
      // bit-identical: the same seeds give the same runs on any machine and worker count
      expect([r.treated.mean, r.control.mean, r.effect, r.p]).toEqual([g!.treated.mean, g!.control.mean, g!.effect, g!.p]);
      // and the verdict the ODD prints is the verdict of these numbers
      expect(ODD).toContain(`| ${claim.id} |`);
      expect(ODD.split('\n').find((l) => l.startsWith(`| ${claim.id} |`))).toContain(`| ${verdict} |`);
    }, 1_800_000);
  }
});

describe('every kind of ending is reachable at plausible parameters', () => {
  const count = (xs: RunResult[], kind: string) => xs.reduce((n, r) => n + r.events.filter((e) => e.kind === kind).length, 0);
  it('breakout: an SNSC that values a weapon and expects to be seen dashing no sooner than expanding, after lines were moved', async () => {
    const xs = await runs('present', { agents: 1000, params: { latency: { weaponValue: 3, dashRisk: 1 }, redLines: { priorMoved: 6 } } }, 40, true);
    expect(count(xs, 'breakout')).toBeGreaterThan(0);
  }, 1_800_000);
  it('collapse: the 2013 table signs deals that a later administration reverses', async () => {
    const xs = await runs('history-2013', { agents: 1000 }, 40);
    expect(xs.filter((r) => r.outcome.kind === 'collapse').length).toBeGreaterThan(0);
  }, 1_800_000);
  it('a ratified treaty: when both sides value durability and the Senate has 75 senators of the President\'s party (the 75th Congress had 76)', async () => {
    const xs = await runs('history-2013', { agents: 1000, params: { salience: { usDurability: 1, irDurability: 2 }, positions: { usSoftDurability: 1 }, initial: { senateDemocrats: 0.75 } } }, 40);
    expect(xs.filter((r) => r.outputs.treaty === true).length).toBeGreaterThan(0);
  }, 1_800_000);
  it('a red-line move: the 2013 table crosses 60% without a strike', async () => {
    const xs = await runs('history-2013', { agents: 1000 }, 40);
    expect(xs.reduce((n, r) => n + Number(r.outputs.red_line_moves), 0)).toBeGreaterThan(0);
  }, 1_800_000);
});

describe('mass populations: size and structure', () => {
  const labels = model.outputs.outcomes.map((o) => o.name);
  it('outcome shares at N = 2000 and 10 N = 20000 mass agents agree (chi-square test of homogeneity, p > 0.01)', async () => {
    const small = await runs('baseline', { agents: 2000 }, 150), large = await runs('baseline', { agents: 20000 }, 150);
    const row = (xs: RunResult[]) => labels.map((l) => xs.filter((r) => r.outcome.kind === l).length);
    const t = chiSquareHomogeneity([row(small), row(large)]);
    console.log(`N vs 10 N: ${JSON.stringify(row(small))} vs ${JSON.stringify(row(large))}, chi2 = ${t.statistic.toFixed(2)}, df = ${t.df}, p = ${t.p.toFixed(3)}`);
    expect(t.p).toBeGreaterThan(0.01);
  }, 3_600_000);
  it('the public on its small world makes protest waves at another rate than the same public mean-field (Mann–Whitney, p < 0.01)', async () => {
    // thresholds a little below the default (0.55; plausible range [0, 1]): clusters of low-threshold members ignite
    const over = { agents: 2000, params: { costFunction: { thresholdMean: 0.45 } } };
    const clustered = await runs('maximum-pressure', over, 100);
    const meanField = await runs('maximum-pressure', { ...over, populations: { 'iran.public': { network: { kind: 'complete' } } } }, 100);
    const waves = (xs: RunResult[]) => xs.map((r) => Number(r.outputs.protest_waves));
    const t = mannWhitney(waves(clustered), waves(meanField));
    console.log(`protest waves per run: small world ${(waves(clustered).reduce((a, b) => a + b, 0) / 100).toFixed(2)}, mean-field ${(waves(meanField).reduce((a, b) => a + b, 0) / 100).toFixed(2)}, p = ${t.p.toExponential(2)}`);
    expect(t.p).toBeLessThan(0.01);
  }, 1_800_000);
});
