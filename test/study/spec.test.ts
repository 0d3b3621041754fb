import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Params } from '../../src/models/table/params.js';
import { describe, expect, it } from 'vitest';
import { sampleMorris, sampleSobol } from '../../src/analysis/index.js';
import { InputError } from '../../src/errors.js';
import { buildDesign, designSize } from '../../src/study/designs.js';
import { inShard, parseShard, pendingRuns, plannedRun, scenarioOf, shardSize } from '../../src/study/plan.js';
import { runSeed } from '../../src/study/seeds.js';
import { loadStudy, resolveStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { studyDir } from './helpers.js';

const problem = { names: ['credibility.reversalAppeal', 'proxies.militiaAutonomy', 'signals.unifiedCommand'], bounds: [[0.1, 0.5], [0, 1], [0.2, 0.4]] as [number, number][] };

describe('designs', () => {
  it('grid: levels^D points, evenly spaced with both bounds, last parameter fastest', () => {
    const d = buildDesign(problem, { method: 'grid', samples: 3, seed: 1 });
    expect(d.points).toHaveLength(27);
    expect(d.points[0]).toEqual([0.1, 0, 0.2]);
    expect(d.points[1]).toEqual([0.1, 0, 0.30000000000000004]);
    expect(d.points[26]).toEqual([0.5, 1, 0.4]);
    expect(new Set(d.points.map((p) => p[1])).size).toBe(3);
  });

  it('lhs: one point per stratum of every parameter; a pure function of the seed', () => {
    const n = 20;
    const d = buildDesign(problem, { method: 'lhs', samples: n, seed: 5 });
    expect(d.points).toHaveLength(n);
    problem.bounds.forEach(([lo, hi], j) => {
      const strata = d.points.map((p) => Math.floor(((p[j]! - lo) / (hi - lo)) * n)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
    });
    expect(buildDesign(problem, { method: 'lhs', samples: n, seed: 5 }).points).toEqual(d.points);
    expect(buildDesign(problem, { method: 'lhs', samples: n, seed: 6 }).points).not.toEqual(d.points);
  });

  it('random: inside the bounds, reproducible', () => {
    const d = buildDesign(problem, { method: 'random', samples: 50, seed: 3 });
    for (const p of d.points) problem.bounds.forEach(([lo, hi], j) => { expect(p[j]).toBeGreaterThanOrEqual(lo); expect(p[j]).toBeLessThanOrEqual(hi); });
    expect(buildDesign(problem, { method: 'random', samples: 50, seed: 3 }).points).toEqual(d.points);
  });

  it("sobol and morris are the analysis library's Saltelli and trajectory designs, row for row", () => {
    const s = buildDesign(problem, { method: 'sobol', samples: 8, seed: 2 });
    expect(s.points).toEqual(sampleSobol(problem, 8, { secondOrder: true, seed: 2 }));
    expect(s.points).toHaveLength(designSize({ method: 'sobol', samples: 8, seed: 2 }, 3));
    const s1 = buildDesign(problem, { method: 'sobol', samples: 8, secondOrder: false, seed: 2 });
    expect(s1.points).toHaveLength(8 * 5);
    const m = buildDesign(problem, { method: 'morris', samples: 4, levels: 6, seed: 9 });
    expect(m.points).toEqual(sampleMorris(problem, 4, { levels: 6, seed: 9 }));
    expect(m.points).toHaveLength(4 * 4);
  });
});

describe('run seeds', () => {
  it('are SHA-256 of (master, scenario, design point, replicate), first 53 bits', () => {
    const h = createHash('sha256').update('fractable/run-seed/v1\n2026\nbaseline\n3\n7').digest();
    const expected = Number(h.readBigUInt64BE(0) >> 11n);
    expect(runSeed(2026, 'baseline', 3, 7)).toBe(expected);
    expect(Number.isSafeInteger(expected)).toBe(true);
  });

  it('differ across replicates, scenarios, points and master seeds', () => {
    const seeds = new Set<number>();
    for (const m of [1, 2]) for (const s of ['a', 'b']) for (let d = 0; d < 5; d++) for (let r = 0; r < 50; r++) seeds.add(runSeed(m, s, d, r));
    expect(seeds.size).toBe(2 * 2 * 5 * 50);
  });
});

describe('study files', () => {
  const dir = studyDir();
  const base = { name: 't', seed: 4, replicates: 3, scenarios: ['a.yaml', 'b.yaml'] };

  it('resolve scenarios relative to the study file, with the study overrides', () => {
    const s = resolveStudy({ ...base, agents: 130, params: { proxies: { militiaAutonomy: 0.3 } } }, join(dir, 'study.yaml'));
    expect(s.scenarios.map((x) => x.name)).toEqual(['a', 'b']);
    expect(s.scenarios[0]!.agents).toBe(130);
    expect((s.scenarios[1]!.params as Params).proxies.militiaAutonomy).toBe(0.3);
    expect((s.scenarios[1]!.params as Params).interventions.clarity).toBe(0.2);
    expect(s.runs).toBe(6);
    expect(s.specHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('the spec hash changes with anything that changes results, not with the description', () => {
    const h = (o: object) => resolveStudy({ ...base, ...o }, join(dir, 'study.yaml')).specHash;
    const h0 = h({});
    expect(h({ description: 'other words' })).toBe(h0);
    expect(h({ seed: 5 })).not.toBe(h0);
    expect(h({ replicates: 4 })).not.toBe(h0);
    expect(h({ ticks: 53 })).not.toBe(h0);
  });

  it('plans runs replicate-major with seeds from the hash, and applies design values', () => {
    const s = resolveStudy({ ...base, design: { method: 'grid', samples: 2, parameters: { 'proxies.militiaAutonomy': [0.2, 0.8], 'congress.billWeeks': [100, 200] } } }, join(dir, 'study.yaml'));
    expect(s.points).toBe(4);
    expect(s.runs).toBe(2 * 4 * 3);
    const r = plannedRun(s, 13); // replicate 1, scenario b (index 1), point 1
    expect([r.replicate, r.scenario, r.designPoint]).toEqual([1, 'b', 1]);
    expect(r.seed).toBe(runSeed(4, 'b', 1, 1));
    const sc = scenarioOf(s, r);
    expect(sc.seed).toBe(r.seed);
    expect((sc.params as Params).proxies.militiaAutonomy).toBe(0.2);
    expect((sc.params as Params).congress.billWeeks).toBe(200);
    expect((s.scenarios[1]!.params as Params).proxies.militiaAutonomy).toBe(0.6); // the base is not modified
  });

  it('shards partition the runs', () => {
    const s = resolveStudy({ ...base, replicates: 7 }, join(dir, 'study.yaml'));
    const all: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const shard = parseShard(`${i}/3`);
      const ids = [...pendingRuns(s, shard, new Set())].map((r) => r.runId);
      expect(ids).toHaveLength(shardSize(s.runs, shard));
      expect(ids.every((id) => inShard(id, shard))).toBe(true);
      all.push(...ids);
    }
    expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: s.runs }, (_, i) => i));
    expect([...pendingRuns(s, null, new Set([0, 1, 2]))].map((r) => r.runId)[0]).toBe(3);
    expect(() => parseShard('3/2')).toThrow(/expected i\/n/);
    expect(() => parseShard('x')).toThrow(InputError);
  });

  const bad: Array<[string, RegExp]> = [
    ['name: t\nscenarios: [a.yaml]\nreplicates: 0\n', /bad\.yaml: replicates: expected a value >= 1, found 0/],
    ['name: t\nscenarios: [a.yaml]\nreplicate: 3\n', /bad\.yaml: replicate: expected only known keys, found unknown key "replicate"/],
    ['name: t\nscenarios: []\n', /bad\.yaml: scenarios: expected a value >= 1, found a list of 0/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: lhs, samples: 4, parameters: { proxies.autonomie: [0, 1] } }\n', /bad\.yaml: design\.parameters\.proxies\.autonomie: expected a parameter of model table .*found unknown parameter "proxies\.autonomie"$/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: lhs, samples: 4, parameters: { proxies.fundng: [0, 1] } }\n', /found unknown parameter "proxies\.fundng" \(did you mean "proxies\.funding"\?\)$/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: lhs, samples: 4, parameters: { interventions.agenda: [0, 1] } }\n', /design\.parameters\.interventions\.agenda: expected \{ values: \[\.\.\.\] \} listing the values of an enum parameter \(one of modular, grand\).*found bounds \[0, 1\]/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: lhs, samples: 4, parameters: { proxies.militiaAutonomy: [0, 2] } }\n', /design\.parameters\.proxies\.militiaAutonomy: expected bounds inside the parameter's range \[0, 1\], found \[0, 2\]/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: lhs, samples: 4, parameters: { proxies.militiaAutonomy: [0.5, 0.5] } }\n', /expected bounds \[lower, upper\] with lower < upper, found \[0.5, 0.5\]/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: sobol, samples: 6, parameters: { proxies.militiaAutonomy: [0, 1] } }\n', /design\.samples: expected a power of two .*found 6/],
    ['name: t\nscenarios: [a.yaml]\ndesign: { method: annealing, samples: 6, parameters: { proxies.militiaAutonomy: [0, 1] } }\n', /design\.method: expected one of "grid", "random", "lhs", "sobol", "morris", "file", found "annealing"/],
    ['name: t\nscenarios: [a.yaml, nope.yaml]\n', /bad\.yaml: scenarios\.1: .*nope\.yaml: expected a built-in scenario .* or an existing YAML file, found no such file/],
    ['name: t\nscenarios: [a.yaml, a.yaml]\n', /scenarios\.1: expected scenarios with distinct names/],
    ['name: t\nscenarios: [a.yaml]\nparams: { proxies: { militiaAutonomy: 3 } }\n', /bad\.yaml: params\.proxies\.militiaAutonomy: expected a value <= 1, found 3/],
    ['name: t\nscenarios: [a.yaml]\nrecord: [outcome, everything]\n', /record\.1: expected one of "outcome", "metrics", "series", "events", found "everything"/],
    ['name: "my study"\nscenarios: [a.yaml]\n', /name: expected a name of letters, digits/],
    ['name: t\nscenarios: [a.yaml\n', /bad\.yaml:\d+:\d+: expected well-formed YAML/],
  ];
  it.each(bad)('refuses a bad study file with file: path: expected, found (%#)', (text, message) => {
    writeFileSync(join(dir, 'bad.yaml'), text);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(message);
    try { loadStudy(join(dir, 'bad.yaml')); } catch (e) { expect(e).toBeInstanceOf(InputError); }
  });

  it('the CLI exits 2 on a bad study file and prints the message alone', () => {
    writeFileSync(join(dir, 'bad.yaml'), 'name: t\nscenarios: [a.yaml]\nreplicates: -2\n');
    const r = fractable(['study', join(dir, 'bad.yaml'), '--out', join(dir, 'x.duckdb')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`fractable: ${join(dir, 'bad.yaml')}: replicates: expected a value >= 1, found -2`);
    expect(fractable(['study', join(dir, 'bad.yaml'), '--shard', '0/2']).code).toBe(2);
  });

  it('--dry-run prints the plan', () => {
    writeFileSync(join(dir, 'ok.yaml'), 'name: t\nscenarios: [a.yaml, b.yaml]\nreplicates: 5\ndesign: { method: morris, samples: 2, parameters: { proxies.militiaAutonomy: [0, 1], signals.unifiedCommand: [0, 1] } }\n');
    const r = fractable(['study', join(dir, 'ok.yaml'), '--dry-run', '--shard', '2/3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('study t: 60 runs = 2 scenario(s) × 6 design point(s) × 5 replicate(s)');
    expect(r.stdout).toContain('shard 2/3: 20 runs');
  });
});
