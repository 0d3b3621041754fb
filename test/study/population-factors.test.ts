/**
 * Design factors over population settings (`populations.<population>.rule.<key>`, `.weight` or
 * `.size`, `.noise`, `.traits.<trait>.<key>`, `.network.<key>`) and action shares as series
 * variables (`share:<population>:<action>`). A population factor is resolved against each
 * scenario's rule, distribution and network kinds, written into the run's `populations`, stored
 * as a design column like any factor, and decoded the same way by `replay`. End to end through
 * the CLI: a grid over a learning rate gives the runs a plain `fractable run` of a scenario with
 * that rate gives, for 1 and 2 workers alike, and `replay` reproduces them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RuleSpec } from '../../src/learning/rules.js';
import { InputError } from '../../src/errors.js';
import { plannedRun, scenarioOf } from '../../src/study/plan.js';
import { loadStudy, resolveStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { query, runsOf, SMALL, studyDir } from './helpers.js';

const LR = 'populations.us.state.rule.learningRate';
const K = 'populations.iran.public.network.k';
const HAWK = 'populations.us.electorate.traits.hawk.mean';

describe('population settings as design factors', () => {
  const dir = studyDir();
  const file = join(dir, 'study.yaml');
  const base = { name: 'p', seed: 5, replicates: 1, scenarios: ['a.yaml'] };

  it('grid: each run\'s scenario holds the factor values in its populations (the whole rule, trait or network with one key changed)', () => {
    // 300 agents: at 100, refiners of weight 0.2 leave the militias 6 agents, too few for their ring of 6 (refused up front)
    const s = resolveStudy({ ...base, agents: 300, design: { method: 'grid', samples: 2, parameters: {
      [LR]: { values: [0.05, 0.3] }, [K]: { values: [4, 8] }, [HAWK]: [0.3, 0.7], 'populations.proxy.militias.noise': [0, 0.5],
      'populations.us.senate.size': { values: [50, 100] }, 'populations.china.refiners.weight': [0.05, 0.2],
    } } }, file);
    expect(s.points).toBe(64);
    const last = scenarioOf(s, plannedRun(s, 63));
    const pops = last.populations;
    expect(pops['us.state']!.rule).toEqual({ kind: 'bush-mosteller', learningRate: 0.3, habituation: 0.05, scale: 1, aspiration: { mean: 0, sd: 0 }, initial: 1 });
    expect(pops['iran.public']!.network).toEqual({ kind: 'watts-strogatz', k: 8, p: expect.any(Number) });
    expect(pops['us.electorate']!.traits!.hawk).toMatchObject({ kind: 'normal', mean: 0.7 });
    expect(pops['proxy.militias']!.noise).toBe(0.5);
    expect(pops['us.senate']!.size).toBe(100);
    expect(pops['china.refiners']!.weight).toBe(0.2);
    const first = scenarioOf(s, plannedRun(s, 0)).populations;
    expect((first['us.state']!.rule as Extract<RuleSpec, { kind: 'bush-mosteller' }>).learningRate).toBe(0.05);
    expect(first['us.senate']!.size).toBe(50);
    // the base scenario is untouched; the spec records the factors by name
    expect(s.scenarios[0]!.populations['us.state']).toBeUndefined();
    expect((s.spec.design as { parameters: { name: string }[] }).parameters.map((p) => p.name)).toContain(LR);
  });

  it('a population factor applies after the model parameters the population derives from (iran.public\'s threshold rule from costFunction)', () => {
    const s = resolveStudy({ ...base, design: { method: 'grid', samples: 2, parameters: {
      'costFunction.thresholdMean': { values: [0.2, 0.6] }, 'populations.iran.public.rule.threshold.sd': { values: [0.01, 0.3] },
    } } }, file);
    const rule = scenarioOf(s, plannedRun(s, 3)).populations['iran.public']!.rule as Extract<RuleSpec, { kind: 'threshold' }>;
    expect(rule.threshold).toMatchObject({ kind: 'normal', mean: 0.6, sd: 0.3 });
    const r1 = scenarioOf(s, plannedRun(s, 1)).populations['iran.public']!.rule as Extract<RuleSpec, { kind: 'threshold' }>;
    expect(r1.threshold).toMatchObject({ mean: 0.2, sd: 0.3 });
  });

  it('every design method takes them: random, lhs, sobol, morris (values inside the bounds), and a design file', () => {
    for (const method of ['random', 'lhs', 'sobol', 'morris'] as const) {
      const s = resolveStudy({ ...base, design: { method, samples: 4, parameters: { [LR]: [0.02, 0.4], 'populations.gulf.noise': [0, 1] } } }, file);
      for (let i = 0; i < s.points; i++) {
        const pops = scenarioOf(s, plannedRun(s, i)).populations;
        const lr = (pops['us.state']!.rule as Extract<RuleSpec, { kind: 'bush-mosteller' }>).learningRate;
        expect(lr).toBe(s.design!.points[i]![0]);
        expect(lr).toBeGreaterThanOrEqual(0.02);
        expect(lr).toBeLessThanOrEqual(0.4);
        expect(pops.gulf!.noise).toBe(s.design!.points[i]![1]);
      }
    }
    writeFileSync(join(dir, 'rows.csv'), `${LR},table.concession\n0.1,0.02\n0.25,0.05\n`);
    const f = resolveStudy({ ...base, design: { method: 'file', file: 'rows.csv' } }, file);
    expect(f.design!.names).toEqual([LR, 'table.concession']);
    const pops = scenarioOf(f, plannedRun(f, 1)).populations;
    expect((pops['us.state']!.rule as Extract<RuleSpec, { kind: 'bush-mosteller' }>).learningRate).toBe(0.25);
    writeFileSync(join(dir, 'bad-rows.csv'), `${LR}\n0.1\n1.5\n`);
    expect(() => resolveStudy({ ...base, design: { method: 'file', file: 'bad-rows.csv' } }, file))
      .toThrow(/bad-rows\.csv: column populations\.us\.state\.rule\.learningRate: expected values inside the setting's range \[0, 1\], found \[0\.1, 1\.5\]/);
  });

  it('a key that does not exist for a scenario\'s rule kind names that scenario', () => {
    writeFileSync(join(dir, 'roth.yaml'), `name: roth\n${SMALL}populations:\n  us.state:\n    rule: { kind: roth-erev }\n`);
    expect(() => resolveStudy({ ...base, scenarios: ['a.yaml', 'roth.yaml'], design: { method: 'lhs', samples: 4, parameters: { [LR]: [0.1, 0.2] } } }, file))
      .toThrow(/design\.parameters\.populations\.us\.state\.rule\.learningRate: expected a numeric or boolean setting of rule roth-erev of population us\.state: phi, epsilon, initial, floor, update, found "learningRate" \(in scenario "roth"\)/);
    // phi is a key of roth-erev, not of a's bush-mosteller rule
    expect(() => resolveStudy({ ...base, scenarios: ['a.yaml', 'roth.yaml'], design: { method: 'lhs', samples: 4, parameters: { 'populations.us.state.rule.phi': [0.1, 0.2] } } }, file))
      .toThrow(/rule bush-mosteller of population us\.state: learningRate, habituation, scale, aspiration\.mean, aspiration\.sd, initial, found "phi" \(in scenario "a"\)/);
  });

  const bad: Array<[string, RegExp]> = [
    [`${LR}: [0.1, 0.2]`.replace('learningRate', 'learnRate'), /study\.yaml: design\.parameters\.populations\.us\.state\.rule\.learnRate: expected a numeric or boolean setting of rule bush-mosteller of population us\.state: learningRate, habituation, scale, aspiration\.mean, aspiration\.sd, initial, found "learnRate" \(did you mean "learningRate"\?\)/],
    ['populations.us.stat.rule.learningRate: [0.1, 0.2]', /design\.parameters\.populations\.us\.stat\.rule\.learningRate: expected populations\.<population>\.<setting> with a population of model table \(us\.president, .*\), found "populations\.us\.stat\.rule\.learningRate" \(did you mean "us\.state"\?\)/],
    ['populations.us.state: [0.1, 0.2]', /design\.parameters\.populations\.us\.state: expected a numeric or boolean setting of population us\.state: size, rule\.learningRate, .*found ""/],
    ['populations.us.state.weight: [1, 2]', /populations\.us\.state\.weight: expected a numeric or boolean setting of population us\.state: size, rule\.learningRate, .*, noise, traits\.hawk\.mean, .*found "weight"/],
    ['populations.us.electorate.size: [1, 2]', /populations\.us\.electorate\.size: expected .* of population us\.electorate: weight, .*found "size"/],
    ['populations.us.state.rule.kind: { values: [ewa] }', /populations\.us\.state\.rule\.kind: expected a numeric or boolean setting of rule bush-mosteller/],
    [`${LR}: [0.1, 2]`, /populations\.us\.state\.rule\.learningRate: expected bounds inside the setting's range \[0, 1\], found \[0\.1, 2\]/],
    [`${LR}: { values: [0.1, -1] }`, /rule\.learningRate\.values\.1: expected a number in \[0, 1\], found -1/],
    ['populations.china.refiners.weight: [0, 1]', /populations\.china\.refiners\.weight: expected bounds inside the setting's range \(0, 1000000\], found \[0, 1\]/],
    [`${K}: [4, 8]`, /populations\.iran\.public\.network\.k: expected \{ values: \[\.\.\.\] \} \(a multiple of 2 in \[2, 1000\]: a range would take values that are not\), found bounds \[4, 8\]/],
    [`${K}: { values: [4, 5] }`, /network\.k\.values\.1: expected an integer in \[2, 1000\] \(a multiple of 2\), found 5/],
    ['populations.us.senate.size: { values: [50, 50.5] }', /populations\.us\.senate\.size\.values\.1: expected an integer in \[1, 100000000\], found 50\.5/],
    ['populations.us.electorate.network.pIn: [0.1, 0.2]', /populations\.us\.electorate\.network\.pIn: expected a value that keeps populations of scenario "a" valid, found the value 0\.1 makes populations\.us\.electorate\.network invalid: either pIn and pOut, or degreeIn and degreeOut/],
    ['populations.gulf.network.k: { values: [4] }', /populations\.gulf\.network\.k: expected a numeric or boolean setting of population gulf: size, rule\.learningRate, .*, noise, found "network\.k"/],
    ['populations.us.state.traits.dove.mean: [0.1, 0.2]', /expected a numeric or boolean setting of traits of population us\.state: hawk\.mean, hawk\.sd, hawk\.min, hawk\.max, found "dove\.mean"/],
    ['populations.us.state.traits.hawk.a: [1, 2]', /expected a numeric or boolean setting of traits\.hawk normal of population us\.state: mean, sd, min, max, found "a"/],
  ];
  it.each(bad)('refuses %s with one clear message', (factor, message) => {
    writeFileSync(join(dir, 'study.yaml'), `name: t\nscenarios: [a.yaml]\ndesign: { method: grid, samples: 2, parameters: { ${factor} } }\n`);
    expect(() => loadStudy(file)).toThrow(message);
    expect(() => loadStudy(file)).toThrow(InputError);
  });

  it('through the CLI: a bad key exits 2 with the message', () => {
    writeFileSync(join(dir, 'bad-cli.yaml'), `name: t\nscenarios: [a.yaml]\ndesign: { method: grid, samples: 2, parameters: { populations.us.state.rule.learnRate: [0.1, 0.2] } }\n`);
    const r = fractable(['study', join(dir, 'bad-cli.yaml'), '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-cli.yaml: design.parameters.populations.us.state.rule.learnRate: expected a numeric or boolean setting of rule bush-mosteller of population us.state: learningRate, habituation, scale, aspiration.mean, aspiration.sd, initial, found "learnRate" (did you mean "learningRate"?)');
  });

  it('end to end: a grid over a learning rate stores its values, equals plain runs of scenarios with that rate, the same for 1 and 2 workers, and replays', async () => {
    writeFileSync(join(dir, 'lr.yaml'), `name: lr
seed: 13
replicates: 2
scenarios: [a.yaml]
design:
  method: grid
  samples: 2
  parameters:
    ${LR}: { values: [0.02, 0.6] }
    ${K}: { values: [2, 10] }
record: [outcome, metrics]
`);
    const db1 = join(dir, 'lr1.duckdb'), db2 = join(dir, 'lr2.duckdb');
    for (const [db, w] of [[db1, '1'], [db2, '2']] as const) {
      const r = fractable(['study', join(dir, 'lr.yaml'), '--out', db, '--workers', w, '--quiet', '--no-summary']);
      expect(r.code, r.stderr).toBe(0);
    }
    const runs = await runsOf(db1);
    expect(runs).toHaveLength(8);
    expect(await runsOf(db2)).toEqual(runs);
    expect(await query(db1, 'SELECT * FROM design ORDER BY design_point')).toEqual([
      { design_point: 0, [LR]: 0.02, [K]: 2 }, { design_point: 1, [LR]: 0.02, [K]: 10 },
      { design_point: 2, [LR]: 0.6, [K]: 2 }, { design_point: 3, [LR]: 0.6, [K]: 10 },
    ]);
    expect(runs.map((r) => [r[LR], r[K]])).toEqual([[0.02, 2], [0.02, 10], [0.6, 2], [0.6, 10], [0.02, 2], [0.02, 10], [0.6, 2], [0.6, 10]]);
    expect(new Set(runs.map((r) => r.digest)).size).toBe(8);
    // each run equals a plain run of a scenario that sets the rate and the network by hand, with the run's seed
    for (const id of [2, 5]) {
      const r = runs[id]!;
      const lr = r[LR] as number, k = r[K] as number;
      const sc = join(dir, `lr-${id}.yaml`);
      writeFileSync(sc, `name: a\n${SMALL}populations:\n  us.state:\n    rule: { kind: bush-mosteller, learningRate: ${lr}, habituation: 0.05, scale: 1, aspiration: { mean: 0, sd: 0 }, initial: 1 }\n  iran.public:\n    network: { kind: watts-strogatz, k: ${k}, p: 0.1 }\n`);
      const plain = fractable(['run', sc, '--seed', String(r.seed), '--json', '--workers', '1']);
      expect(plain.code, plain.stderr).toBe(0);
      const j = JSON.parse(plain.stdout);
      expect(j.digest).toBe(r.digest);
    }
    // the same seed without the factor values is another world
    const other = fractable(['run', join(dir, 'a.yaml'), '--seed', String(runs[5]!.seed), '--json', '--workers', '1']);
    expect(JSON.parse(other.stdout).digest).not.toBe(runs[5]!.digest);
    // replay decodes the stored values into the run's populations and reproduces its digest
    const rp = fractable(['replay', db1, '5', '--json', '--workers', '1']);
    expect(rp.code, rp.stderr).toBe(0);
    const jr = JSON.parse(rp.stdout);
    expect(jr.values).toEqual({ [LR]: 0.02, [K]: 10 });
    expect(jr.match).toBe(true);
  });
});

describe('action shares as series variables', () => {
  const dir = studyDir();

  it('stores share:<population>:<action> columns with the state variables: each in [0, 1], a population\'s shares summing to 1', async () => {
    writeFileSync(join(dir, 'sh.yaml'), `name: sh
seed: 3
replicates: 2
scenarios: [a.yaml, b.yaml]
record: [outcome, series]
series: { every: 10, variables: [share:us.state:concede, tension, share:us.state:hold, share:us.state:harden, share:iran.public:quiet, share:iran.public:protest] }
`);
    const db = join(dir, 'sh.duckdb');
    const r = fractable(['study', join(dir, 'sh.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary']);
    expect(r.code, r.stderr).toBe(0);
    const cols = (await query(db, 'DESCRIBE series')).map((c) => c.column_name);
    expect(cols).toEqual(['run_id', 'tick', 'share:us.state:concede', 'tension', 'share:us.state:hold', 'share:us.state:harden', 'share:iran.public:quiet', 'share:iran.public:protest']);
    const rows = await query(db, 'SELECT * FROM series ORDER BY run_id, tick');
    expect(rows).toHaveLength(4 * 7); // ticks 0, 10, …, 50 and 51
    const us = ['concede', 'hold', 'harden'].map((a) => `share:us.state:${a}`), ir = ['quiet', 'protest'].map((a) => `share:iran.public:${a}`);
    for (const row of rows) {
      for (const c of [...us, ...ir]) {
        expect(row[c]).toBeGreaterThanOrEqual(0);
        expect(row[c]).toBeLessThanOrEqual(1);
      }
      expect(us.reduce((s, c) => s + (row[c] as number), 0)).toBeCloseTo(1, 12);
      expect(ir.reduce((s, c) => s + (row[c] as number), 0)).toBeCloseTo(1, 12);
    }
    // not constant: the shares move over a run
    expect(new Set(rows.map((x) => x['share:us.state:concede'])).size).toBeGreaterThan(1);
    // the last tick's shares are the run's final shares (metrics' share_ columns, from a plain run)
    const last = rows.filter((x) => x.run_id === 0 && x.tick === 51)[0]!;
    const run0 = (await query(db, 'SELECT seed::VARCHAR AS seed FROM runs WHERE run_id = 0'))[0]!;
    const plain = JSON.parse(fractable(['run', join(dir, 'a.yaml'), '--seed', String(run0.seed), '--json', '--workers', '1']).stdout);
    expect(last['share:us.state:hold']).toBeCloseTo(plain.shares['us.state'].hold, 12);
    expect(last['share:iran.public:protest']).toBeCloseTo(plain.shares['iran.public'].protest, 12);
    // the report draws the recorded variables it shows (here the declared series variable tension)
    expect(fractable(['report', db, '--out', join(dir, 'sh.html')]).code).toBe(0);
  });

  const bad: Array<[string, RegExp]> = [
    ['share:iran.publik:quiet', /series\.variables\.0: expected a population of model table in share:<population>:<action> \(us\.president, .*\), found "iran\.publik" \(did you mean "iran\.public"\?\)/],
    ['share:iran.public:protests', /series\.variables\.0: expected an action of population iran\.public \(quiet, protest\), found "protests" \(did you mean "protest"\?\)/],
    ['share:iran.public', /series\.variables\.0: expected an action share as share:<population>:<action>, found "share:iran\.public"/],
    ['tensio', /series\.variables\.0: expected a state variable of model table \(.*\), an action share share:<population>:<action> or a learning statistic <statistic>:<population> \(entropy, switch, dispersion\), found "tensio" \(did you mean "tension"\?\)/],
  ];
  it.each(bad)('refuses %s with one clear message', (v, message) => {
    writeFileSync(join(dir, 'bad.yaml'), `name: t\nscenarios: [a.yaml]\nrecord: [outcome, series]\nseries: { variables: ["${v}"] }\n`);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(message);
    expect(() => loadStudy(join(dir, 'bad.yaml'))).toThrow(InputError);
  });

  it('through the CLI: an unknown action exits 2', () => {
    writeFileSync(join(dir, 'bad-cli.yaml'), 'name: t\nscenarios: [a.yaml]\nrecord: [outcome, series]\nseries: { variables: ["share:iran.public:riot"] }\n');
    const r = fractable(['study', join(dir, 'bad-cli.yaml'), '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-cli.yaml: series.variables.0: expected an action of population iran.public (quiet, protest), found "riot"');
  });
});
