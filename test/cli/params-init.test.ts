import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeParams } from '../../src/engine/params.js';
import { getModel } from '../../src/models/index.js';
import { fractable, tempDir } from '../helpers.js';

describe('fractable params', () => {
  it('prints every parameter of a group with default, range, unit and source, as declared', () => {
    const r = fractable(['params', 'credibility']);
    expect(r.code).toBe(0);
    const declared = describeParams(getModel('table').params).filter((p) => p.path.startsWith('credibility.'));
    expect(declared.length).toBeGreaterThan(3);
    for (const p of declared) {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`${p.path} `));
      expect(line, p.path).toBeDefined();
      expect(line).toContain(String(p.def));
      if (p.kind === 'number') { expect(line).toContain(`[${p.min}, ${p.max}]`); expect(line).toContain(p.unit); }
    }
    expect(r.stdout).not.toMatch(/^table\.concession /m); // another group is not shown
  });

  it('--json gives every parameter of the model (--model games), equal to the declaration', () => {
    const r = fractable(['params', '--model', 'games', '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; default: unknown; min?: number; max?: number; unit?: string; source: string }>;
    const declared = describeParams(getModel('games').params);
    expect(rows.map((x) => x.name)).toEqual(declared.map((p) => p.path));
    declared.forEach((p, i) => {
      expect(rows[i]!.default).toEqual(p.def);
      expect(rows[i]!.source).toBe(p.source);
      if (p.kind === 'number') expect([rows[i]!.min, rows[i]!.max, rows[i]!.unit]).toEqual([p.min, p.max, p.unit]);
    });
    // booleans and enums carry their values
    const all = JSON.parse(fractable(['params', 'interventions', '--json']).stdout) as Array<{ name: string; kind: string; values?: string[]; default: unknown }>;
    expect(all.find((x) => x.name === 'interventions.agenda')).toMatchObject({ kind: 'enum', values: ['modular', 'grand'], default: 'grand' });
    expect(all.find((x) => x.name === 'interventions.escrow')).toMatchObject({ kind: 'boolean', default: false });
  });

  it('an unknown group or model: exit 2, one line, with the nearest name', () => {
    const r = fractable(['params', 'credibiliti']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('did you mean "credibility"?');
    const m = fractable(['params', '--model', 'tabel']);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('found "tabel"');
  });
});

describe('fractable init', () => {
  it('writes a scenario and a study template that validate and dry-run cleanly', () => {
    const dir = join(tempDir(), 'new', 'project');
    const r = fractable(['init', dir]);
    expect(r.code, r.stderr).toBe(0);
    const scenario = readFileSync(join(dir, 'scenario.yaml'), 'utf8');
    const study = readFileSync(join(dir, 'study.yaml'), 'utf8');
    expect(scenario.split('\n').filter((l) => l.includes('#')).length).toBeGreaterThan(10); // commented
    expect(study).toContain('method: lhs');
    const v = fractable(['validate', join(dir, 'scenario.yaml')]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toContain('ok (scenario my-scenario, 1000 agents, 260 ticks, extends baseline.yaml)');
    const d = fractable(['study', join(dir, 'study.yaml'), '--dry-run', '--out', join(dir, 'r.duckdb')]);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stderr).toBe('');
    expect(d.stdout).toContain('study my-study: 80 runs = 2 scenario(s) × 8 design point(s) × 5 replicate(s)');
    expect(existsSync(join(dir, 'r.duckdb'))).toBe(false);
  });

  it('refuses to overwrite: exit 2, and the existing file is untouched', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'study.yaml'), 'mine\n');
    const r = fractable(['init', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('study.yaml');
    expect(r.stderr).toContain('never overwrites');
    expect(readFileSync(join(dir, 'study.yaml'), 'utf8')).toBe('mine\n');
    expect(existsSync(join(dir, 'scenario.yaml'))).toBe(false); // nothing half-written
    const f = join(dir, 'a-file');
    writeFileSync(f, '');
    expect(fractable(['init', f]).code).toBe(2);
  });
});
