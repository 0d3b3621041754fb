/**
 * Refutability (issue 10): for each claim, a Latin hypercube over the plausible box of the
 * parameters on its causal path (`fractable claims --refute`) looks with PRIM for the region
 * where the effect vanishes or reverses. Recomputed at the size of the committed results
 * (validation/refutability.json, which docs/ODD.md section 8.1 quotes) and required to reproduce
 * them exactly; a claim that holds everywhere must be named in section 8.2 with the causal path
 * that makes it robust.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../src/engine/pool.js';
import { getModel } from '../../src/models/index.js';
import { CLAIM_RESULTS } from '../../src/models/table/docs.js';
import { refuteClaim, type RefuteResult } from '../../src/study/claims.js';
import { root } from '../helpers.js';

const model = getModel('table');
const ODD = readFileSync(join(root, 'docs/ODD.md'), 'utf8');
const golden = JSON.parse(readFileSync(join(root, CLAIM_RESULTS.refute), 'utf8')) as {
  agents: number; ticks: number; seed: number; alpha: number; points: number; replicates: number; refute: RefuteResult[];
};
const pool = new WorkerPool({ workers: 2 });
afterAll(() => pool.destroy());

describe(`refutability of the seed's claims (${golden.points} LHS points × ${golden.replicates} paired runs per arm, ${golden.agents} agents)`, () => {
  for (const claim of model.claims ?? []) {
    it(`${claim.id}: the search reproduces the committed region and verdict`, async () => {
      const r = await refuteClaim(model, claim, { pool, agents: golden.agents, ticks: golden.ticks, seed: golden.seed, points: golden.points, replicates: golden.replicates, alpha: golden.alpha });
      console.log(`${claim.id}: ${r.verdict}; effect ≤ 0 at ${r.nonPositive}/${r.points.length} points; ${r.region.join(', ') || '(no restriction)'}`);
      const g = golden.refute.find((x) => x.claim === claim.id);
      expect(g, `${claim.id} is in ${CLAIM_RESULTS.refute}`).toBeDefined();
      expect(JSON.parse(JSON.stringify(r))).toEqual(g);
      if (r.verdict === 'holds-everywhere') expect(ODD).toContain(`robust: \`${claim.id}\``);
    }, 1_800_000);
  }
});
