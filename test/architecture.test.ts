/**
 * The layers (README "Architecture"): every folder of src/ imports only from the folders below
 * it, checked by dependency-cruiser with the rules of .dependency-cruiser.cjs. A fixture with
 * two upward imports shows the check can fail.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers.js';

const depcruise = join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const config = join(root, '.dependency-cruiser.cjs');

function violations(cwd: string, paths: string[]): Array<{ rule: string; from: string; to: string }> {
  const r = spawnSync(process.execPath, [depcruise, '--config', config, '--output-type', 'json', ...paths], { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (!r.stdout) throw new Error(`dependency-cruiser failed: ${r.stderr}`);
  const out = JSON.parse(r.stdout) as { summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> } };
  return out.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
}

describe('layers', () => {
  it('no folder of src/ imports from a folder above it, and there are no import cycles', () => {
    expect(violations(root, ['src', 'workers'])).toEqual([]);
  });

  it('the check finds upward imports (a fixture with two)', () => {
    const found = violations(join(root, 'test', 'fixtures', 'layers'), ['src']);
    expect(found.map((v) => v.rule).sort()).toEqual(['analysis-imports-only-random', 'analysis-imports-upward', 'engine-imports-upward']);
  });
});
