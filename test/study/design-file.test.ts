/**
 * `design: { method: file, file: x.csv, weights: true }`: a study's design from a CSV (the
 * posterior `fractable calibrate` writes). Without weights every row in order; with weights
 * `samples` rows drawn by weight from the seeded counter RNG — the draw frequencies match the
 * weights (a chi-square check), the draw is a pure function of the study file, and bad files
 * are one clear error.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleByWeight } from '../../src/study/designs.js';
import { resolveStudy } from '../../src/study/spec.js';
import { tempDir } from '../helpers.js';

const CSV = 'table.concession,credibility.reversalAppeal,weight\n0.02,0.1,0.1\n0.05,0.5,0.6\n0.08,1.2,0.3\n';

function dirWith(csv: string): string {
  const dir = tempDir('fractable-design-file-');
  writeFileSync(join(dir, 'post.csv'), csv);
  return dir;
}

const study = (dir: string, design: Record<string, unknown>, seed = 3) =>
  resolveStudy({ name: 'f', seed, agents: 100, ticks: 10, scenarios: ['baseline'], design }, join(dir, 'study.yaml'));

describe('design method file', () => {
  it('without weights: every row of the file, in order, one column per parameter', () => {
    const s = study(dirWith(CSV), { method: 'file', file: 'post.csv' });
    expect(s.design!.names).toEqual(['table.concession', 'credibility.reversalAppeal']);
    expect(s.design!.points).toEqual([[0.02, 0.1], [0.05, 0.5], [0.08, 1.2]]);
    expect(s.points).toBe(3);
    expect(s.scenarios[0]!.params.table.concession).toBe(0.04); // the scenario itself is untouched; plan.ts applies each row
  });

  it('with weights: samples rows drawn in proportion to the weights (chi-square, 2 df), the same for the same seed', () => {
    const dir = dirWith(CSV);
    const s = study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 });
    expect(s.points).toBe(6000);
    const counts = [0, 0, 0];
    for (const p of s.design!.points) counts[[0.02, 0.05, 0.08].indexOf(p[0]!)]!++;
    const expected = [600, 3600, 1800];
    const chi2 = counts.reduce((a, c, i) => a + (c - expected[i]!) ** 2 / expected[i]!, 0);
    expect(chi2).toBeLessThan(13.8); // the 0.999 quantile of chi-square with 2 degrees of freedom
    expect(study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 }).design!.points).toEqual(s.design!.points);
    expect(study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 }, 4).specHash).not.toBe(s.specHash);
    // the spec hash follows the rows, not the file name
    writeFileSync(join(dir, 'post.csv'), CSV.replace('0.6\n', '0.7\n'));
    expect(study(dir, { method: 'file', file: 'post.csv', weights: true, samples: 6000 }).specHash).not.toBe(s.specHash);
  });

  it('sampleByWeight never draws a zero weight and is a pure function of its inputs', () => {
    const d = sampleByWeight([0, 1, 0, 3], 2000, 9);
    expect(d.every((i) => i === 1 || i === 3)).toBe(true);
    expect(sampleByWeight([0, 1, 0, 3], 2000, 9)).toEqual(d);
    expect(Math.abs(d.filter((i) => i === 3).length / 2000 - 0.75)).toBeLessThan(0.05);
  });

  it('bad design files and settings are one clear error', () => {
    const dir = dirWith(CSV);
    expect(() => study(dir, { method: 'file', file: 'nope.csv' })).toThrow(/design\.file: nope\.csv: expected a readable CSV design file, found ENOENT/);
    expect(() => study(dir, { method: 'file', file: 'post.csv', weights: true })).toThrow(/design\.samples: expected the number of rows to draw by weight/);
    expect(() => study(dir, { method: 'file', file: 'post.csv', parameters: { 'table.concession': [0, 1] } })).toThrow(/design\.parameters: expected no parameters with method file/);
    expect(() => study(dirWith('table.nothing\n1\n'), { method: 'file', file: 'post.csv' })).toThrow(/column table\.nothing: expected a parameter of model table/);
    expect(() => study(dirWith('table.concession\n0.9\n'), { method: 'file', file: 'post.csv' })).toThrow(/column table\.concession: expected values inside the parameter's range \[0\.005, 0\.5\], found \[0\.9, 0\.9\]/);
    expect(() => study(dirWith('table.concession\nx\n'), { method: 'file', file: 'post.csv' })).toThrow(/line 2, column table\.concession: expected a number, found "x"/);
    expect(() => study(dirWith('table.concession\n0.1\n'), { method: 'file', file: 'post.csv', weights: true, samples: 3 })).toThrow(/expected a weight column \(weights: true\)/);
    expect(() => study(dir, { method: 'lhs', samples: 3 })).toThrow(/design\.parameters: expected parameter bounds for method lhs/);
  });
});
