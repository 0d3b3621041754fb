/**
 * Design factors of every kind: explicit value lists of numbers, booleans and enum values (in
 * sobol and morris designs categorical by index). Their codes (the number, 0/1, the enum index) are what the design
 * table stores; each run decodes them into the parameter's value. End to end: a small grid study
 * over a boolean, an enum and a value list runs, summarises, discovers and replays.
 */
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Params } from '../../src/models/table/params.js';
import { InputError } from '../../src/errors.js';
import { sampleSobol, unitToLevel } from '../../src/analysis/index.js';
import { plannedRun, scenarioOf } from '../../src/study/plan.js';
import { loadStudy, resolveStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { query } from '../report/helpers.js';
import { studyDir } from './helpers.js';

describe('design factors of every kind', () => {
  const dir = studyDir();
  const base = { name: 'f', seed: 4, replicates: 1, scenarios: ['a.yaml'] };
  const file = join(dir, 'study.yaml');

  it('grid: the full factorial of each factor\'s values (listed ones as listed), the last varying fastest; runs get decoded values', () => {
    const s = resolveStudy({ ...base, design: { method: 'grid', samples: 2, parameters: {
      'interventions.escrow': { values: [false, true] },
      'interventions.agenda': { values: ['grand', 'modular'] },
      'credibility.reversalAppeal': { values: [0.1, 0.3, 0.9] },
      'table.concession': [0.01, 0.1],
    } } }, file);
    expect(s.points).toBe(2 * 2 * 3 * 2);
    // agenda's declared values are [modular, grand]: grand is code 1, modular code 0
    expect(s.design!.points.slice(0, 4)).toEqual([[0, 1, 0.1, 0.01], [0, 1, 0.1, 0.1], [0, 1, 0.3, 0.01], [0, 1, 0.3, 0.1]]);
    expect(s.design!.points[23]).toEqual([1, 0, 0.9, 0.1]);
    expect(s.design!.bounds).toEqual([[0, 1], [0, 1], [0.1, 0.9], [0.01, 0.1]]);
    const distinct = new Set(s.design!.points.map((p) => p.join(',')));
    expect(distinct.size).toBe(24);
    const sc = scenarioOf(s, plannedRun(s, 23));
    const p = sc.params as Params;
    expect([p.interventions.escrow, p.interventions.agenda, p.credibility.reversalAppeal, p.table.concession]).toEqual([true, 'modular', 0.9, 0.1]);
    const sc0 = scenarioOf(s, plannedRun(s, 0)).params as Params;
    expect([sc0.interventions.escrow, sc0.interventions.agenda]).toEqual([false, 'grand']);
    // the spec records the values as written
    expect((s.spec.design as { parameters: { name: string; values?: unknown[] }[] }).parameters.map((x) => x.values ?? null)).toEqual([[false, true], ['grand', 'modular'], [0.1, 0.3, 0.9], null]);
  });

  it('lhs: a listed factor of k values takes each in n/k points (n a multiple of k); random: only listed values', () => {
    const lhs = resolveStudy({ ...base, design: { method: 'lhs', samples: 12, parameters: { 'interventions.escrow': { values: [false, true] }, 'interventions.agenda': { values: ['modular', 'grand'] }, 'credibility.reversalAppeal': { values: [0.1, 0.3, 0.9] }, 'table.concession': [0.01, 0.1] } } }, file);
    const col = (j: number) => lhs.design!.points.map((p) => p[j]!);
    const count = (xs: number[], v: number) => xs.filter((x) => x === v).length;
    expect([count(col(0), 0), count(col(0), 1)]).toEqual([6, 6]);
    expect([count(col(1), 0), count(col(1), 1)]).toEqual([6, 6]);
    expect([0.1, 0.3, 0.9].map((v) => count(col(2), v))).toEqual([4, 4, 4]);
    expect(col(3).every((x) => x >= 0.01 && x <= 0.1)).toBe(true);
    const rnd = resolveStudy({ ...base, design: { method: 'random', samples: 50, parameters: { 'congress.billWeeks': { values: [26, 52, 104] }, 'interventions.ladder': { values: [true] } } } }, file);
    expect(new Set(rnd.design!.points.map((p) => p[0]))).toEqual(new Set([26, 52, 104]));
    expect(rnd.design!.points.every((p) => p[1] === 1)).toBe(true);
    expect((scenarioOf(rnd, plannedRun(rnd, 7)).params as Params).interventions.ladder).toBe(true);
    // a pure function of the study file
    const again = resolveStudy({ ...base, design: { method: 'lhs', samples: 12, parameters: { 'interventions.escrow': { values: [false, true] }, 'interventions.agenda': { values: ['modular', 'grand'] }, 'credibility.reversalAppeal': { values: [0.1, 0.3, 0.9] }, 'table.concession': [0.01, 0.1] } } }, file);
    expect(again.design!.points).toEqual(lhs.design!.points);
    expect(again.specHash).toBe(lhs.specHash);
  });

  it('a range-only design records no values (its spec hash is the one it had before listed factors)', () => {
    const s = resolveStudy({ ...base, design: { method: 'lhs', samples: 4, parameters: { 'table.concession': [0.01, 0.1] } } }, file);
    expect(JSON.stringify(s.spec.design)).not.toContain('values');
  });

  it('sobol and morris: a listed factor is categorical by index (level ⌊u·m⌋ of the sampler\'s unit coordinate); the design holds its codes, the spec its values and codes', () => {
    const parameters = { 'interventions.agenda': { values: ['grand', 'modular'] }, 'credibility.reversalAppeal': { values: [0.1, 0.3, 0.9] }, 'table.concession': [0.01, 0.1] };
    const s = resolveStudy({ ...base, design: { method: 'sobol', samples: 16, parameters } }, file);
    expect(s.points).toBe(16 * 8);
    const unit = sampleSobol({ names: ['a', 'b', 'c'], bounds: [[0, 1], [0, 1], [0.01, 0.1]] }, 16, { secondOrder: true, seed: 4 });
    // the enum's codes are indices in its declared values (modular 0, grand 1), listed as grand, modular
    expect(s.design!.points).toEqual(unit.map(([a, b, c]) => [[1, 0][unitToLevel(a!, 2)], [0.1, 0.3, 0.9][unitToLevel(b!, 3)], c]));
    const sp = s.spec.design as { parameters: { name: string; values?: unknown[]; codes?: number[] }[] };
    expect(sp.parameters.map((x) => [x.values, x.codes])).toEqual([[['grand', 'modular'], [1, 0]], [[0.1, 0.3, 0.9], [0.1, 0.3, 0.9]], [undefined, undefined]]);
    // each run decodes its codes
    const run = scenarioOf(s, plannedRun(s, 0));
    expect((run.params as Params).interventions.agenda).toBe(['modular', 'grand'][s.design!.points[0]![0]!]);
    const m = resolveStudy({ ...base, design: { method: 'morris', samples: 5, levels: 4, parameters } }, file);
    expect(m.points).toBe(5 * 4);
    for (let i = 1; i < m.points; i++) {
      if (i % 4 === 0) continue; // a new trajectory
      const moved = m.design!.points[i]!.map((v, j) => v !== m.design!.points[i - 1]![j]).filter(Boolean);
      expect(moved).toHaveLength(1); // a step moves one factor, a categorical one by at least one level
    }
  });

  const bad: Array<[string, RegExp]> = [
    ['sobol, parameters: { interventions.escrow: { values: [true] } }', /design\.parameters\.interventions\.escrow\.values: expected 2 to 1000 values \(a categorical factor of a sobol design; a single value is a constant: set it in params\), found 1/],
    ['morris, parameters: { table.concession: { values: [0.1] } }', /design\.parameters\.table\.concession\.values: expected 2 to 1000 values \(a categorical factor of a morris design/],
    ['lhs, parameters: { interventions.escrow: [0, 1] }', /design\.parameters\.interventions\.escrow: expected \{ values: \[\.\.\.\] \} listing the values of a boolean parameter \(true or false\).*found bounds \[0, 1\]/],
    ['lhs, parameters: { interventions.escrow: { values: [false, yes please] } }', /design\.parameters\.interventions\.escrow\.values\.1: expected true or false .*found "yes please"/],
    ['lhs, parameters: { interventions.agenda: { values: [modular, piecemeal] } }', /interventions\.agenda\.values\.1: expected one of modular, grand .*found "piecemeal"/],
    ['grid, parameters: { table.concession: { values: [0.1, 0.9] } }', /table\.concession\.values\.1: expected a number in \[0\.005, 0\.5\] .*found 0\.9/],
    ['grid, parameters: { congress.billWeeks: { values: [26, 26.5] } }', /congress\.billWeeks\.values\.1: expected an integer in \[4, 260\].*found 26\.5/],
    ['grid, parameters: { table.concession: { values: [0.1, 0.1] } }', /table\.concession\.values\.1: expected distinct values, found 0\.1/],
    ['grid, parameters: { table.concession: 5 }', /table\.concession: expected bounds \[lower, upper\] \(two numbers\) or \{ values: \[\.\.\.\] \}, found 5/],
    ['grid, parameters: { table.concession: { value: [0.1] } }', /table\.concession: expected bounds .* or \{ values: \[\.\.\.\] \}, found an object with keys value/],
    ['grid, parameters: { table.concession: { values: [] } }', /table\.concession\.values: expected 1 to 1000 values, found 0/],
  ];
  it.each(bad)('refuses %s with one clear message', (design, message) => {
    const [method, rest] = design.split(/, (.*)/s) as [string, string];
    writeFileSync(join(dir, 'bad.yaml'), `name: t\nscenarios: [a.yaml]\ndesign: { method: ${method}, samples: 4, ${rest} }\n`);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(message);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(InputError);
  });

  it('end to end: a grid over a boolean, an enum and a value list runs, the store holds the codes, summary, discover and replay read it', async () => {
    writeFileSync(join(dir, 'kinds.yaml'), `name: kinds
seed: 9
agents: 100
ticks: 52
scenarios: [a.yaml]
design:
  method: grid
  samples: 2
  parameters:
    interventions.escrow: { values: [false, true] }
    interventions.agenda: { values: [modular, grand] }
    credibility.reversalAppeal: { values: [0.1, 0.9] }
`);
    const db = join(dir, 'kinds.duckdb');
    const r = fractable(['study', join(dir, 'kinds.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary']);
    expect(r.code, r.stderr).toBe(0);
    const design = await query(db, 'SELECT * FROM design ORDER BY design_point');
    expect(design).toHaveLength(8);
    expect(design[5]).toEqual({ design_point: 5, 'interventions.escrow': 1, 'interventions.agenda': 0, 'credibility.reversalAppeal': 0.9 });
    const runs = await query(db, 'SELECT count(*)::INTEGER AS n, count(DISTINCT digest)::INTEGER AS d FROM runs WHERE status = \'ok\'');
    expect(runs[0]).toEqual({ n: 8, d: 8 }); // every design point is a different world
    const s = fractable(['summary', db, '--json']);
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(s.stdout).runs).toBe(8);
    const d = fractable(['discover', db, '--outcome', 'stalemate', '--per-run']);
    expect([0, 2]).toContain(d.code); // 2 only when no run (or every run) is a case: stated in words
    const rp = fractable(['replay', db, '5', '--json', '--workers', '1']);
    expect(rp.code, rp.stderr).toBe(0);
    const j = JSON.parse(rp.stdout);
    expect(j.values).toEqual({ 'interventions.escrow': true, 'interventions.agenda': 'modular', 'credibility.reversalAppeal': 0.9 });
    expect(j.match).toBe(true);
    // the study report shows each listed factor's values
    const html = join(dir, 'kinds.html');
    expect(fractable(['report', db, '--out', html]).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<td>interventions.agenda</td><td class="num">0</td><td class="num">1</td><td>modular, grand</td>');
  });
});
