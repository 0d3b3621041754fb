/**
 * The shipped calibration (validation/history-2013.yaml, run in full on 2026-12-03): its
 * posterior sample (validation/history-2013.posterior.csv) is a design file of the spec's
 * priors, every particle inside its prior's range, with weights that sum to 1 and an effective
 * sample size in line with the last generation's; and the calibrated scenario
 * (validation/history-2013-calibrated.yaml) loads, extends history-2013 and sets each prior's
 * parameter at the sample's weighted median, as `calibrate` writes it.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, weightedQuantile } from '../../src/analysis/weighted.js';
import { loadScenario } from '../../src/scenarios/load.js';
import { loadCalibration } from '../../src/study/calibration-spec.js';
import { readDesignFile } from '../../src/study/designs.js';
import { root } from '../helpers.js';

const V = (f: string) => join(root, 'validation', f);

describe('the shipped posterior of history-2013', async () => {
  const cal = await loadCalibration(V('history-2013.yaml'));
  const design = readDesignFile(V('history-2013.posterior.csv'));

  it('is a weighted design file of the spec\'s priors, every particle inside its prior', () => {
    expect(design.names).toEqual(cal.priors.map((p) => p.name));
    expect(cal.budget.method).toBe('smc');
    expect(design.rows).toHaveLength(cal.budget.method === 'smc' ? cal.budget.particles : 0);
    const w = design.weights!;
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.min(...w)).toBeGreaterThan(0);
    // the last generation's ESS was 81.5 of 100
    expect(effectiveSampleSize(w)).toBeGreaterThan(50);
    cal.priors.forEach((p, k) => {
      expect(p.dist.kind).toBe('uniform');
      const { lower, upper } = p.dist as { lower: number; upper: number };
      for (const row of design.rows) {
        expect(row[k]!).toBeGreaterThanOrEqual(lower);
        expect(row[k]!).toBeLessThanOrEqual(upper);
      }
    });
  });

  it('the calibrated scenario extends history-2013 at the posterior\'s weighted medians', () => {
    const sc = loadScenario(V('history-2013-calibrated.yaml'));
    const base = loadScenario('history-2013');
    expect(sc.ticks).toBe(base.ticks);
    cal.priors.forEach((p, k) => {
      const [group, key] = p.name.split('.') as [string, string];
      const value = (sc.params as Record<string, Record<string, number>>)[group]![key]!;
      expect(value).toBe(weightedQuantile(design.rows.map((r) => r[k]!), design.weights!, 0.5));
      expect(value).not.toBe((base.params as Record<string, Record<string, number>>)[group]![key]);
    });
  });
});
