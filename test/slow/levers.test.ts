/**
 * Levers end to end at a size where order could matter: a Sobol' design with a categorical
 * factor, two scenarios and two policies. The runs table is the same for 1 and 3 workers, for
 * shards 1/2 + 2/2 merged, and after a kill -9 and --resume; summary, analyze (Sobol', per
 * policy, with --policy), discover and the report read per policy.
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fractable } from '../helpers.js';
import { query, runsOf, startCli, studyDir, table } from '../study/helpers.js';

// 2 scenarios × 2 policies × 16 design points (Sobol' N = 4, D = 2, first order) × 4 replicates = 256 small runs
const STUDY = `name: levers-slow
seed: 21
replicates: 4
scenarios: [a.yaml, b.yaml]
levers:
  - name: pressure
    set: { interventions.escrow: false, interventions.pressure: 0.8 }
  - name: clarity
    set: { interventions.escrow: true, interventions.pressure: 0.1 }
design:
  method: sobol
  samples: 4
  secondOrder: false
  parameters:
    interventions.agenda: { values: [modular, grand] }
    credibility.reversalAppeal: [0.05, 0.6]
record: [outcome, metrics, series]
series: { every: 10, variables: [tension] }
`;

describe('levers: workers, shards, resume and the analyses (end to end)', () => {
  const dir = studyDir({ 'study.yaml': STUDY });
  const file = join(dir, 'study.yaml');
  const one = join(dir, 'one.duckdb');

  beforeAll(() => {
    const r = fractable(['study', file, '--out', one, '--workers', '1', '--quiet', '--no-summary']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('the runs do not depend on the worker count; each run records its policy', async () => {
    const three = join(dir, 'three.duckdb');
    expect(fractable(['study', file, '--out', three, '--workers', '3', '--quiet', '--no-summary']).code).toBe(0);
    const a = await runsOf(one);
    expect(a).toHaveLength(256);
    expect(await runsOf(three)).toEqual(a);
    expect(await table(three, 'series', 'run_id, tick')).toEqual(await table(one, 'series', 'run_id, tick'));
    const byPolicy = await query(one, 'SELECT policy, count(*)::INTEGER AS n, count(DISTINCT seed)::INTEGER AS seeds FROM runs GROUP BY policy ORDER BY policy');
    expect(byPolicy).toEqual([{ policy: 'clarity', n: 128, seeds: 128 }, { policy: 'pressure', n: 128, seeds: 128 }]);
    // common random numbers: the two policies draw the same seeds
    expect((await query(one, 'SELECT count(DISTINCT seed)::INTEGER AS n FROM runs'))[0]!.n).toBe(128);
  });

  it('shards 1/2 + 2/2 merged equal the one-machine study', async () => {
    const s1 = join(dir, 's1.duckdb'), s2 = join(dir, 's2.duckdb'), merged = join(dir, 'merged.duckdb');
    expect(fractable(['study', file, '--shard', '1/2', '--out', s1, '--workers', '2', '--quiet', '--no-summary']).code).toBe(0);
    expect(fractable(['study', file, '--shard', '2/2', '--out', s2, '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
    const m = fractable(['merge', s1, s2, '--out', merged]);
    expect(m.code, m.stderr).toBe(0);
    expect(await runsOf(merged)).toEqual(await runsOf(one));
    expect(await table(merged, 'study', 'name', ['instance'])).toEqual(await table(one, 'study', 'name', ['instance']));
  });

  it('a study killed with SIGKILL and resumed equals the uninterrupted one', async () => {
    const db = join(dir, 'killed.duckdb');
    const p = startCli(['study', file, '--out', db, '--workers', '2', '--verbose', '--no-summary']);
    await p.stored(60);
    p.child.kill('SIGKILL');
    expect((await p.exit).signal).toBe('SIGKILL');
    const n = Number((await query(db, 'SELECT count(*)::INTEGER AS n FROM runs'))[0]!.n);
    expect(n).toBeLessThan(256);
    expect(fractable(['study', file, '--out', db, '--resume', '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
    expect(await runsOf(db)).toEqual(await runsOf(one));
  });

  it('summary, analyze, discover and the report read per scenario and policy', async () => {
    const s = JSON.parse(fractable(['summary', one, '--json']).stdout);
    expect(s.policies).toEqual(['pressure', 'clarity']);
    expect(s.byScenario.map((r: { scenario: string; policy: string; runs: number }) => `${r.scenario}/${r.policy}/${r.runs}`)).toEqual(['a/pressure/64', 'a/clarity/64', 'b/pressure/64', 'b/clarity/64']);
    expect(s.byPoint).toHaveLength(64);
    const text = fractable(['summary', one]).stdout;
    expect(text).toContain('outcome shares per design point and policy:');

    const an = fractable(['analyze', one, '--resamples', '50', '--json']);
    expect(an.code, an.stderr).toBe(0);
    const j = JSON.parse(an.stdout);
    expect(j.groups).toEqual([{ scenario: 'a', policy: 'pressure' }, { scenario: 'a', policy: 'clarity' }, { scenario: 'b', policy: 'pressure' }, { scenario: 'b', policy: 'clarity' }]);
    expect(j.problem.categories).toEqual([2, null]);
    const only = fractable(['analyze', one, '--policy', 'clarity', '--scenario', 'b', '--resamples', '20']);
    expect(only.code, only.stderr).toBe(0);
    expect(only.stdout).toContain('scenario b, policy clarity:');
    expect(only.stdout).not.toContain('policy pressure:');
    expect(fractable(['analyze', one, '--policy', 'nope']).stderr).toContain('--policy: expected one of pressure, clarity, found "nope"');

    const d = fractable(['discover', one, '--outcome', 'stalemate', '--per-run']);
    expect([0, 2]).toContain(d.code);
    if (d.code === 0) {
      expect(d.stdout).toContain('scenario a, policy pressure, outcome stalemate');
      expect((await query(one, 'SELECT DISTINCT policy FROM prim_trajectory ORDER BY policy')).length).toBeGreaterThan(0);
    }
    const html = join(dir, 'one.html');
    expect(fractable(['report', one, '--out', html]).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    for (const t of ['<h3>Scenario b, policy clarity</h3>', 'levers (policies)', 'b · clarity', 'Their Sobol\' indices are still shares of the output variance']) expect(page).toContain(t);
  });
});
