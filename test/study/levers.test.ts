/**
 * Levers × uncertainties (the EMA Workbench's split): a study's `levers:` are named policies,
 * each a set of values of parameters the user controls; every scenario × design point ×
 * replicate runs once under each. Run ids cross the policies with the design as scenarios are;
 * the policies of one scenario, point and replicate share its seed (common random numbers);
 * each run records its policy; summary, analyze, discover, report and replay read per policy.
 * A study without levers keeps its run ids, columns and spec hash. Bad levers are one clear
 * error. (Worker counts, shards and resume with levers: test/slow/levers.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Params } from '../../src/models/table/params.js';
import { InputError } from '../../src/errors.js';
import { writeReport } from '../../src/report/index.js';
import { plannedRun, scenarioOf } from '../../src/study/plan.js';
import { runSeed } from '../../src/study/seeds.js';
import { loadStudy, resolveStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { query, studyDir } from './helpers.js';

const LEVERS = [
  { name: 'no-escrow', set: { 'interventions.escrow': false } },
  { name: 'escrow', description: 'a locked escrow channel and faster concessions', set: { 'table.concession': 0.05, 'interventions.escrow': true } },
  { name: 'as-written' },
];

describe('levers × uncertainties', () => {
  const dir = studyDir();
  const file = join(dir, 'study.yaml');
  const base = { name: 'lv', seed: 8, replicates: 2, scenarios: ['a.yaml', 'b.yaml'], design: { method: 'lhs', samples: 3, parameters: { 'proxies.militiaAutonomy': [0.1, 0.9] } } };

  it('crosses each policy with every scenario, design point and replicate; run ids put the policy beside the scenario; policies share their seed', () => {
    const s = resolveStudy({ ...base, levers: LEVERS }, file);
    const S = 2, L = 3, P = 3;
    expect(s.runs).toBe(S * L * P * 2);
    expect(s.policies!.map((p) => p.name)).toEqual(['no-escrow', 'escrow', 'as-written']);
    for (let id = 0; id < s.runs; id++) {
      const r = plannedRun(s, id);
      expect(r.runId).toBe(r.replicate * S * L * P + (r.scenarioIndex * L + r.policyIndex) * P + r.designPoint);
      expect(r.policy).toBe(s.policies![r.policyIndex]!.name);
      expect(r.seed).toBe(runSeed(8, r.scenario, r.designPoint, r.replicate)); // common random numbers across policies
    }
    // each run applies its policy's values over the scenario, with the design's
    const at = (id: number) => scenarioOf(s, plannedRun(s, id)).params as Params;
    const [noEscrow, escrow, asWritten] = [at(0), at(3), at(6)];
    expect([noEscrow.interventions.escrow, escrow.interventions.escrow, asWritten.interventions.escrow]).toEqual([false, true, s.scenarios[0]!.params.interventions.escrow]);
    expect([noEscrow.table.concession, escrow.table.concession]).toEqual([s.scenarios[0]!.params.table.concession, 0.05]);
    expect(escrow.proxies.militiaAutonomy).toBe(s.design!.points[0]![0]);
    // the spec records each policy, its description and codes
    expect(s.spec.policies).toEqual([
      { name: 'no-escrow', description: '', set: { 'interventions.escrow': false }, codes: { 'interventions.escrow': 0 } },
      { name: 'escrow', description: 'a locked escrow channel and faster concessions', set: { 'interventions.escrow': true, 'table.concession': 0.05 }, codes: { 'interventions.escrow': 1, 'table.concession': 0.05 } },
      { name: 'as-written', description: '', set: {}, codes: {} },
    ]);
  });

  it('a study without levers keeps its run ids and spec hash; levers and their order change the hash', () => {
    const plain = resolveStudy(base, file);
    expect(plain.policies).toBeNull();
    expect([plain.spec.levers, plain.spec.policies]).toEqual([undefined, undefined]);
    expect(plannedRun(plain, 7)).toMatchObject({ replicate: 1, scenarioIndex: 0, designPoint: 1, policyIndex: 0, policy: null });
    const h = (levers: unknown) => resolveStudy({ ...base, levers }, file).specHash;
    expect(new Set([plain.specHash, h(LEVERS), h([...LEVERS].reverse()), h(LEVERS.slice(0, 2))]).size).toBe(4);
    // a policy's description is not part of what determines the results
    expect(h(LEVERS.map((l) => ({ ...l, description: 'other words' })))).toBe(h(LEVERS));
  });

  const bad: Array<[string, string, RegExp]> = [
    ['an empty list', '[]', /levers: expected a value >= 1, found a list of 0/],
    ['a bad name', '[{ name: "a b" }]', /levers\.0\.name: expected a policy name of letters, digits, "\.", "_" and "-", found "a b"/],
    ['two policies of one name', '[{ name: x }, { name: x }]', /levers\.1\.name: expected distinct policy names \(levers\.0 is also named "x"\), found "x"/],
    ['an unknown parameter', '[{ name: x, set: { interventions.escro: true } }]', /levers\.0\.set\.interventions\.escro: expected a parameter of model table .*found unknown parameter "interventions\.escro" \(did you mean "interventions\.escrow"\?\)/],
    ['a value of the wrong kind', '[{ name: x, set: { interventions.escrow: 1 } }]', /levers\.0\.set\.interventions\.escrow: expected true or false \(see fractable params\), found 1/],
    ['a value out of range', '[{ name: x, set: { table.concession: 0.9 } }]', /levers\.0\.set\.table\.concession: expected a number in \[0\.005, 0\.5\] \(see fractable params\), found 0\.9/],
    ['a lever the design varies too', '[{ name: x, set: { proxies.militiaAutonomy: 0.5 } }]', /levers\.0\.set\.proxies\.militiaAutonomy: expected a lever that is not also a design factor .*found a factor the design varies too/],
    ['an unknown key', '[{ name: x, values: {} }]', /levers\.0\.values: expected only known keys, found unknown key "values"/],
  ];
  it.each(bad)('refuses %s with one clear message', (_, levers, message) => {
    writeFileSync(join(dir, 'bad.yaml'), `name: t\nscenarios: [a.yaml]\nlevers: ${levers}\ndesign: { method: lhs, samples: 2, parameters: { proxies.militiaAutonomy: [0.1, 0.9] } }\n`);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(message);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(InputError);
  });

  it('end to end: a Morris design with a categorical factor under two policies; runs record their policy; the study\'s summary, analyze, the report and replay read per policy', async () => {
    writeFileSync(join(dir, 'levers.yaml'), `name: levers
seed: 3
agents: 100
ticks: 20
scenarios: [a.yaml]
levers:
  - name: no-escrow
    set: { interventions.escrow: false }
  - name: escrow
    set: { interventions.escrow: true, table.concession: 0.05 }
design:
  method: morris
  samples: 3
  parameters:
    interventions.agenda: { values: [grand, modular] }
    credibility.reversalAppeal: [0.05, 0.6]
record: [outcome, metrics]
`);
    const db = join(dir, 'levers.duckdb');
    const r = fractable(['study', join(dir, 'levers.yaml'), '--out', db, '--workers', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    // the summary it prints: outcome shares per scenario and policy
    expect(r.stdout).toContain('outcome shares per scenario and policy, with 95% Wilson intervals');
    expect(r.stdout).toMatch(/^a +no-escrow +9 +0 /m);
    expect(r.stdout).toMatch(/^a +escrow +9 +0 /m);
    // 3 trajectories × 3 points × 2 policies; the policy a store column beside the scenario
    const runs = await query(db, 'SELECT run_id, scenario, policy, design_point, replicate, seed::VARCHAR AS seed, digest FROM runs ORDER BY run_id');
    expect(runs).toHaveLength(18);
    expect(runs.map((x) => x.policy)).toEqual([...Array(9).fill('no-escrow'), ...Array(9).fill('escrow')]);
    expect(runs[10]!.seed).toBe(runs[1]!.seed); // the same draws of chance under either policy
    expect(runs.filter((x, i) => i < 9 && x.digest !== runs[i + 9]!.digest).length).toBeGreaterThan(0); // and the policy changes the worlds
    const cols = (await query(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' ORDER BY ordinal_position")).map((c) => c.column_name);
    expect(cols.slice(0, 6)).toEqual(['run_id', 'design_point', 'replicate', 'scenario', 'policy', 'seed']);
    // a Morris step moves the categorical factor by one level (two values): the design holds its codes
    const design = await query(db, 'SELECT "interventions.agenda" AS a FROM design ORDER BY design_point');
    expect(new Set(design.map((d) => d.a))).toEqual(new Set([0, 1]));

    const an = fractable(['analyze', db, '--resamples', '20']);
    expect(an.code, an.stderr).toBe(0);
    expect(an.stdout).toContain('scenario a, policy no-escrow:');
    expect(an.stdout).toContain('scenario a, policy escrow:');
    expect(an.stdout).toContain('categorical factors, by the index of their listed values (an order the analysis imposes): interventions.agenda (2 levels); their elementary effects are per level step');
    const sens = await query(db, 'SELECT policy, count(*)::INTEGER AS n FROM sensitivity GROUP BY policy ORDER BY policy');
    expect(sens.map((x) => x.policy)).toEqual(['escrow', 'no-escrow']);
    expect(sens.every((x) => Number(x.n) > 0)).toBe(true); // (an output constant under one policy is skipped there only)

    // the report (in-process, as `fractable report` writes it; through the CLI in test/slow/levers.test.ts)
    const html = join(dir, 'levers.html');
    await writeReport(db, html);
    const page = readFileSync(html, 'utf8');
    for (const t of ['<h3>Scenario a, policy no-escrow</h3>', '<h3>Scenario a, policy escrow</h3>', 'levers (policies)', 'a · escrow', 'Their Morris effects are per level step']) expect(page).toContain(t);

    const rp = fractable(['replay', db, '10', '--json', '--workers', '1']);
    expect(rp.code, rp.stderr).toBe(0);
    const j = JSON.parse(rp.stdout);
    expect([j.policy, j.levers, j.match]).toEqual(['escrow', { 'interventions.escrow': true, 'table.concession': 0.05 }, true]);
  });
});
