/**
 * Proposals past a generation's decision (study/calibrate.ts): SMC evaluates proposals in
 * flight beyond a generation's n-th acceptance (at most 2 × concurrency past the first unscored
 * one); they are stored, but their particles are marked `used = false` — evaluated after the
 * decision, never used — while every proposal up to the n-th acceptance is `used = true`. For 1
 * and 2 workers (whose look-ahead differs), the used particles, the generations, the posterior
 * and the posterior file are the same (18 s alone, 34 s beside other slow tests, on the shared
 * 2-core machine). Kill and resume:
 * test/slow/calibrate-resume.test.ts; the look-ahead bound, on a toy model:
 * test/study/calibrate-oracle.test.ts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCalibration } from '../../src/study/calibrate.js';
import { loadCalibration } from '../../src/study/calibration-spec.js';
import { tempDir } from '../helpers.js';
import { PATTERNS } from '../cli/calibrate-helpers.js';
import { query } from '../study/helpers.js';

const SPEC = `name: used
scenario: history-2013
patterns: ${PATTERNS}
targets: [P1, P2, P5]
heldOut: [P6]
priors:
  table.concession: [0.01, 0.1]
  credibility.reversalAppeal: [0, 1.5]
method: smc
budget: { particles: 3, generations: 2, alpha: 1, maxProposals: 12 }
agents: 100
ticks: 60
seed: 7
check: { runs: 2 }
`;

describe('proposals evaluated past a generation decision', () => {
  it('are marked used = false, for 1 and 2 workers; the used ones, and every result, do not depend on the worker count', async () => {
    const dir = tempDir('fractable-used-');
    writeFileSync(join(dir, 'used.yaml'), SPEC);
    const cal = await loadCalibration(join(dir, 'used.yaml'));
    const results: Array<{ used: unknown[]; generations: unknown[]; posterior: unknown[]; csv: string }> = [];
    for (const workers of [1, 2]) {
      const out = join(dir, `w${workers}`, 'used.duckdb');
      const r = await runCalibration(cal, { out, workers });
      expect(r.interrupted).toBe(false);
      const gens = await query(out, 'SELECT generation, proposals FROM generations ORDER BY generation');
      expect(gens.length).toBe(2);
      for (const g of gens) {
        const rows = await query(out, `SELECT proposal, used, accepted FROM particles WHERE generation = ${Number(g.generation)} ORDER BY proposal`);
        // every proposal up to the decision is stored and used; none past it is used
        expect(rows.filter((p) => Number(p.proposal) < Number(g.proposals)).map((p) => Number(p.proposal))).toEqual(Array.from({ length: Number(g.proposals) }, (_, j) => j));
        for (const p of rows) expect(p.used, `generation ${g.generation}, proposal ${p.proposal}`).toBe(Number(p.proposal) < Number(g.proposals));
        expect(rows.filter((p) => p.accepted === true).every((p) => p.used === true)).toBe(true);
      }
      // generation 0 accepts every proposal (ε = ∞), so the decision falls at proposal 2 while proposal 3 is in flight
      const past = await query(out, 'SELECT count(*)::INTEGER AS n FROM particles WHERE generation = 0 AND NOT used');
      expect(Number(past[0]!.n), `${workers} worker(s)`).toBeGreaterThan(0);
      results.push({
        used: await query(out, 'SELECT * FROM particles WHERE used ORDER BY generation, proposal'),
        generations: await query(out, 'SELECT * FROM generations ORDER BY generation'),
        posterior: await query(out, 'SELECT * FROM posterior ORDER BY particle'),
        csv: readFileSync(join(dir, `w${workers}`, 'used.posterior.csv'), 'utf8'),
      });
    }
    expect(results[1]).toEqual(results[0]);
  });
});
