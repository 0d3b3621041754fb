/**
 * `fractable calibrate` end to end through the CLI on a tiny budget (history-2013, 100 agents,
 * 130 weeks, 3 particles × 2 generations, one knock-out): its outputs (store tables, posterior
 * design file usable as a study design, calibrated scenario, scorecard); bad specs are one
 * clear error (exit 2, nothing written). Kill and resume: test/slow/calibrate-resume.test.ts
 * (and, at the level of the ABC bookkeeping, test/study/calibrate-oracle.test.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadCalibration, loadKnockouts } from '../../src/study/calibration-spec.js';
import { getModel } from '../../src/models/index.js';
import { SEED_MECHANISMS } from '../../src/models/table/mechanisms/index.js';
import { fractable, root } from '../helpers.js';
import { query } from '../study/helpers.js';
import { setup, snapshot, spec } from '../cli/calibrate-helpers.js';

describe('fractable calibrate', () => {
  it('runs a tiny ABC-SMC calibration: store tables, posterior CSV, calibrated scenario, scorecard', async () => {
    const dir = setup();
    const db = join(dir, 'out', 'tiny.duckdb');
    const r = fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', db, '--workers', '2']);
    expect(r.stderr).not.toMatch(/Error:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/calibration tiny: 2 generation\(s\), stopped by generations/);
    expect(r.stdout).toMatch(/accepted share of the prior volume/);
    expect(r.stdout).toMatch(/posterior\s+P6\s+held-out/);
    expect(r.stdout).toMatch(/knock-out matrix/);
    // its status file (the store is locked while it runs): finished, at the last check stage; and status reads the store itself after
    const sf = JSON.parse(readFileSync(`${db}.status.json`, 'utf8')) as Record<string, unknown>;
    expect(sf).toMatchObject({ format: 'fractable-status/1', study: 'tiny', state: 'finished', done: 3, total: 3, eta_seconds: 0, stage: { name: 'knockout:credibility', unit: 'runs', detail: '3 of 3 runs' } });
    const st = fractable(['status', join(dir, 'out')]);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/\(whole\) +\d+ +0 .* complete .* store +tiny\.duckdb/);
    expect(st.stdout).toContain('tiny.duckdb: calibration: 2 generation(s) decided; posterior, scorecard, null models and knock-outs written');

    const a = await snapshot(db);
    expect(a.generations.length).toBe(2);
    expect(a.posterior.length).toBe(3);
    expect(a.particles.filter((p) => p.accepted === true && p.generation === 1).length).toBe(3);
    expect(a.scorecard.length).toBe(16); // (P1, P2, P5, P6) × (posterior, null:fixed, null:poisson, knockout:credibility)
    expect(a.knockouts.length).toBe(4);
    expect(a.nulls.length).toBe(8);
    expect(r.stdout).toMatch(/null model \(b\), events as Poisson processes/);
    expect(r.stdout).toMatch(/null model \(a\), fixed mixed strategies: every population acts with its average action shares/);
    // null model (a): every population a fixed mixed strategy at the posterior runs' average shares,
    // on the same draws and run seeds. Under it, every agent-tick is an independent draw at p, so a
    // column's mean over the 3 null runs of 130 ticks is within 4.417 sd of p, with the sd of one
    // member's draws (a population of N members only narrows it): sqrt(p (1 − p) / (130 · 3)).
    const cols = (await query(db, "SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'runs' AND column_name LIKE 'mean_share_%'")).map((x) => String(x.c));
    expect(cols).toContain('mean_share_iran_leader_accept');
    const avg = async (scenario: string) => (await query(db, `SELECT ${cols.map((c) => `avg("${c}") AS "${c}"`).join(', ')}, count(*)::INTEGER AS n FROM runs WHERE scenario = '${scenario}' AND status = 'ok'`))[0]!;
    const full = await avg('history-2013/posterior'), nul = await avg('null:fixed');
    expect(Number(nul.n)).toBe(3);
    for (const c of cols) {
      const p = Number(full[c]);
      expect(Math.abs(Number(nul[c]) - p), c).toBeLessThanOrEqual(4.417 * Math.sqrt((p * (1 - p)) / (130 * 3)) + 1e-9);
    }
    const seeds = async (scenario: string) => (await query(db, `SELECT seed FROM runs WHERE scenario = '${scenario}' ORDER BY run_id`)).map((x) => String(x.seed));
    expect(await seeds('null:fixed')).toEqual(await seeds('history-2013/posterior'));
    for (const p of a.particles) expect(Number(p.distance)).toBeCloseTo(1 - (Number(p.score_P1) + Number(p.score_P2) + Number(p.score_P5)) / 3, 12);
    const calib = await query(db, 'SELECT * FROM calibration');
    expect(calib.length).toBe(1);
    expect(Number(calib[0]!.prior_share)).toBeGreaterThan(0);
    // every run is in the store with the prior's columns; the scores table has one row per run and scored pattern
    const runs = await query(db, `SELECT count(*)::INTEGER AS n, count("table.concession")::INTEGER AS k, count(*) FILTER (WHERE scenario = 'null:poisson')::INTEGER AS nulls FROM runs`);
    expect(Number(runs[0]!.k)).toBe(Number(runs[0]!.n) - 3); // the 3 Poisson-null histories have no parameters
    expect(Number(runs[0]!.nulls)).toBe(3);
    expect(a.digests.length).toBeLessThanOrEqual(Number(runs[0]!.n));
    const scores = await query(db, 'SELECT count(*)::INTEGER AS n FROM scores');
    expect(Number(scores[0]!.n)).toBe(4 * Number(runs[0]!.n));

    // the posterior design file: one column per parameter and the weights, summing to 1
    const csv = readFileSync(join(dir, 'out', 'tiny.posterior.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('table.concession,credibility.reversalAppeal,weight');
    expect(csv.length).toBe(4);
    expect(csv.slice(1).reduce((s, l) => s + Number(l.split(',')[2]), 0)).toBeCloseTo(1, 12);
    // the calibrated scenario extends history-2013 and validates
    const scen = join(dir, 'out', 'history-2013-calibrated.yaml');
    expect(readFileSync(scen, 'utf8')).toMatch(/extends: history-2013/);
    expect(fractable(['validate', scen]).code).toBe(0);
    // the report has a validation section: posterior, scorecard with the null, knock-out matrix
    const rep = fractable(['report', db, '--out', join(dir, 'report.html')]);
    expect(rep.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('<h2>Validation against the record</h2>');
    expect(html).toMatch(/null:poisson/);
    expect(html).toMatch(/Mechanisms no pattern needs|Every knocked-out mechanism is needed/);
    expect(html).toContain('id="chart-posterior-marginals"');
    expect(html).toContain('id="chart-posterior-pairs"');
    expect(html).toMatch(/null:fixed/);
    expect(html).toContain('Not run for this store yet: <code>npx fractable claims --posterior');
    // a claim across the posterior: draws by weight set in both arms, results stored in the calibration store
    const claimArgs = ['claims', '--posterior', db, '--claim', 'incoherent-signals', '--draws', '3', '--replicates', '3', '--agents', '100', '--ticks', '60', '--workers', '2', '--json'];
    const across = fractable(claimArgs);
    expect(across.code, across.stderr).toBe(0);
    const doc = JSON.parse(across.stdout) as { parameters: string[]; across: Array<{ claim: string; points: Array<{ row: number; values: number[] }>; held: { treated: string[]; control: string[] }; treated: { n: number }; control: { n: number }; verdict: string }> };
    expect(doc.parameters).toEqual(['table.concession', 'credibility.reversalAppeal']);
    const res = doc.across[0]!;
    expect(res.points).toHaveLength(3);
    for (const pt of res.points) expect(pt.values.map(String).join(',')).toBe(csv[pt.row + 1]!.split(',').slice(0, 2).join(','));
    expect(res.held).toEqual({ treated: [], control: [] });
    expect([res.treated.n, res.control.n]).toEqual([9, 9]);
    const stored = await query(db, 'SELECT claim, draws, replicates, treated_n, verdict FROM claims_posterior');
    expect(stored).toEqual([{ claim: 'incoherent-signals', draws: 3, replicates: 3, treated_n: 9, verdict: res.verdict }]);
    expect(fractable(claimArgs).stdout).toBe(across.stdout); // the same seeds, the same numbers
    expect(fractable(['report', db, '--out', join(dir, 'report2.html')]).code).toBe(0);
    const html2 = readFileSync(join(dir, 'report2.html'), 'utf8');
    expect(html2).toContain('<h3>The claims across the posterior</h3>');
    expect(html2).toMatch(/incoherent-signals: [^<]+<\/td><td>\d\/3<\/td>/);
    const notCal = fractable(['claims', '--posterior', join(dir, 'report.html')]);
    expect(notCal.code).toBe(2);
    // a study can use the posterior as its design
    writeFileSync(join(dir, 'study.yaml'), 'name: post\nscenarios: [history-2013]\nagents: 100\nticks: 10\ndesign: { method: file, file: out/tiny.posterior.csv, weights: true, samples: 5 }\n');
    const plan = fractable(['study', join(dir, 'study.yaml'), '--dry-run']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/design: file, 5 samples → 5 points/);
  });

  it('the shipped knock-outs name each of the seed\'s eleven mechanisms once, with a justification; bad overrides are refused', () => {
    const params = getModel('table').params;
    const ko = loadKnockouts(join(root, 'validation', 'knockouts.yaml'), params);
    expect(ko.map((k) => k.mechanism).sort()).toEqual(SEED_MECHANISMS.map((m) => m.name).sort());
    expect(ko.every((k) => k.justification.length > 20 && Object.keys(k.overrides).length > 0)).toBe(true);
    const dir = setup();
    writeFileSync(join(dir, 'bad.yaml'), 'knockouts:\n  - mechanism: x\n    title: t\n    overrides: { credibility.review: 9 }\n    justification: j\n');
    expect(() => loadKnockouts(join(dir, 'bad.yaml'), params)).toThrow(`${join(dir, 'bad.yaml')}: knockouts.0.overrides.credibility.review: expected a number in [0.005, 0.5], found 9`);
    writeFileSync(join(dir, 'bad2.yaml'), 'knockouts:\n  - mechanism: x\n    title: t\n    overrides: { interventions.escrow: 1 }\n    justification: j\n');
    expect(() => loadKnockouts(join(dir, 'bad2.yaml'), params)).toThrow('knockouts.0.overrides.interventions.escrow: expected true or false, found 1');
  });

  it('bad specs are one clear error naming file and field; the CLI exits 2 and writes nothing', async () => {
    const cases: Array<[string, RegExp]> = [
      [spec().replace('targets: [P1, P2, P5]', 'targets: [P1, P9]'), /tiny\.yaml: targets\.1: expected a pattern id of .* \(P1, P2, P3, P4, P5, P6\), found "P9"/],
      [spec().replace('heldOut: [P6]', 'heldOut: [P1]'), /tiny\.yaml: heldOut\.0: expected a pattern that is not a target/],
      [spec().replace('table.concession: [0.01, 0.1]', 'table.concession: [0.01, 0.9]'), /tiny\.yaml: priors\.table\.concession: expected a prior whose support lies inside the parameter's range \[0\.005, 0\.5\]/],
      [spec().replace('table.concession: [0.01, 0.1]', 'table.nothing: [0.01, 0.1]'), /tiny\.yaml: priors\.table\.nothing: expected a parameter of model table/],
      [spec().replace('particles: 3', 'particles: 2'), /tiny\.yaml: budget\.particles: expected more particles than priors \(2\)/],
      [spec().replace('method: smc', 'method: rejection'), /tiny\.yaml: budget\.particles: expected particles only with method smc/],
      [spec().replace('knockouts: ko.yaml', 'knockouts: nope.yaml'), /nope\.yaml: expected a readable file, found ENOENT/],
    ];
    for (const [text, message] of cases) {
      const dir = setup(text);
      const e = await loadCalibration(join(dir, 'tiny.yaml')).then(() => null, (x: unknown) => x);
      expect(e, text).toBeInstanceOf(InputError);
      expect((e as Error).message).toMatch(message);
    }
    const dir = setup(cases[0]![0]);
    const r = fractable(['calibrate', join(dir, 'tiny.yaml'), '--out', join(dir, 'x.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').length).toBe(1);
    expect(r.stderr).toMatch(cases[0]![1]);
    expect(existsSync(join(dir, 'x.duckdb'))).toBe(false);
  });
});
