import { join } from 'node:path';
import type { Params } from '../../src/models/table/params.js';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenarios/load.js';
import { fractable, root } from '../helpers.js';

const fx = (f: string) => join(root, 'test', 'scenarios', 'fixtures', f);

// Each bad file: the message names the file, the key path, what was expected and what was found.
const cases: Array<[string, RegExp]> = [
  ['unknown-key.yaml', /unknown-key\.yaml: params\.credibility\.reveiw: expected only known keys, found unknown key "reveiw"/],
  ['wrong-type.yaml', /wrong-type\.yaml: params\.proxies\.militiaAutonomy: expected a number, found "high"/],
  ['out-of-range.yaml', /out-of-range\.yaml: params\.proxies\.militiaAutonomy: expected a value <= 1, found 1\.7/],
  ['bad-enum.yaml', /bad-enum\.yaml: params\.interventions\.agenda: expected one of "modular", "grand", found "handshake"/],
  ['bad-rule.yaml', /bad-rule\.yaml: populations\.iran\.leader\.rule\.kind: expected one of .*"roth-erev".*found "q-learning"/],
  ['malformed.yaml', /malformed\.yaml:\d+:\d+: expected well-formed YAML, found /],
  ['cycle-a.yaml', /cycle-a\.yaml: extends: expected a chain without cycles, found cycle-a\.yaml -> cycle-b\.yaml -> cycle-a\.yaml/],
  ['bad-child.yaml', /bad-child\.yaml: params\.proxies\.hitCost: expected a value >= 0, found -1/],
  ['missing.yaml', /missing\.yaml: expected a built-in scenario \(.*baseline.*\) or an existing YAML file, found no such file/],
];

describe('scenario validation', () => {
  it.each(cases)('%s gives one clear message', (file, pattern) => {
    expect(() => loadScenario(fx(file))).toThrow(pattern);
  });

  it.each(cases)('fractable validate %s exits 2 with that message on stderr', (file, pattern) => {
    const r = fractable(['validate', fx(file)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('extends chains override deeply and keep everything else', () => {
    const base = loadScenario('baseline') as unknown as { params: Params };
    const g = loadScenario(fx('grandchild.yaml')) as unknown as { name: string; sources: string[]; params: Params };
    expect(g.name).toBe('grandchild');
    expect(g.params.proxies.militiaAutonomy).toBe(0.9);
    expect(g.params.credibility.review).toBe(0.05);
    expect(g.params.latency).toEqual(base.params.latency);
    expect(g.sources.map((s) => s.split('/').pop())).toEqual(['baseline.yaml', 'child.yaml', 'grandchild.yaml']);
  });

  it('validate accepts every built-in scenario', () => {
    const names = fractable(['scenarios']).stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    expect(names.length).toBeGreaterThanOrEqual(8);
    // one process for all of them (validate takes several files and stops at the first wrong one)
    const r = fractable(['validate', ...names]);
    expect(r.code, r.stderr).toBe(0);
    for (const n of names) expect(r.stdout).toContain(`${n}: ok (scenario ${n},`);
  });
});
