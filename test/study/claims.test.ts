/**
 * The claims machinery (src/study/claims.ts, `fractable claims`) on small worlds: paired seeds
 * make identical arms give an effect of exactly 0; the refutation search holds the parameters
 * that define either arm and searches the rest of the box; the CLI prints the documented JSON and rejects an unknown claim with exit 2.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { ClaimDecl } from '../../src/engine/declaration.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { getModel } from '../../src/models/index.js';
import { refuteClaim, testClaim } from '../../src/study/claims.js';
import { fractable } from '../helpers.js';

const model = getModel('table');
const pool = new WorkerPool({ workers: 2 });
afterAll(() => pool.destroy());
const small = { pool, agents: 100, ticks: 26, seed: 5 };

describe('claims', () => {
  it('identical arms with paired seeds give an effect of exactly 0 and no significance', async () => {
    const same: ClaimDecl = { ...model.claims![0]!, treated: { label: 'a', scenario: 'baseline' }, control: { label: 'b', scenario: 'baseline' }, metric: { kind: 'output', name: 'mean_tension' } };
    const r = await testClaim(model, same, 4, small);
    expect(r.effect).toBe(0);
    expect(r.treated.mean).toBe(r.control.mean);
    expect(r.p).toBeGreaterThanOrEqual(0.5);
  }, 120_000);

  it('the refutation search holds what defines each arm and searches the rest of the box', async () => {
    const claim: ClaimDecl = {
      ...model.claims![0]!, id: 'fixture',
      treated: { label: 'no switching cost', scenario: 'baseline', params: { sunkCost: { switchingCost: 0 } } },
      control: { label: 'maximum pressure', scenario: 'maximum-pressure', params: { irgc: { threatLegitimacy: 0 } } },
      metric: { kind: 'output', name: 'mean_stress' },
      // switchingCost: held by treated only; pressure: by the control's scenario only; threatLegitimacy:
      // control only; concession: by neither
      box: ['sunkCost.switchingCost', 'interventions.pressure', 'irgc.threatLegitimacy', 'table.concession'],
    };
    const r = await refuteClaim(model, claim, { ...small, points: 3, replicates: 1, alpha: 0.01 });
    // what defines an arm is held (in each arm at its own value), the rest of the box is searched
    expect(r.parameters.map((p) => p.name)).toEqual(['table.concession']);
    expect(r.held).toEqual({ treated: ['sunkCost.switchingCost'], control: ['interventions.pressure', 'irgc.threatLegitimacy'] });
    expect(r.points).toHaveLength(3);
    expect(new Set(r.points.map((p) => p.values[0])).size).toBe(3);
    const none: ClaimDecl = { ...claim, box: ['sunkCost.switchingCost'] };
    await expect(refuteClaim(model, none, { ...small, points: 3, replicates: 1, alpha: 0.01 })).rejects.toThrow(/a box with a parameter neither arm sets/);
  }, 120_000);

  it('fractable claims --json prints each claim\'s arms, effect and p; an unknown claim is exit 2', () => {
    const r = fractable(['claims', '--claim', 'pressure', '--runs', '2', '--agents', '100', '--ticks', '26', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ model: 'table', agents: 100, ticks: 26, runs: 2 });
    expect(doc.direction).toHaveLength(1);
    expect(doc.direction[0]).toMatchObject({ claim: 'pressure', treated: { n: 2 }, control: { n: 2 } });
    expect(typeof doc.direction[0].p).toBe('number');
    const bad = fractable(['claims', '--claim', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--claim: expected one of model table\'s claims');
  }, 120_000);
});
