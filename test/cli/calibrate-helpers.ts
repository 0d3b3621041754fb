/** Helpers of the calibrate tests: a tiny calibration spec of history-2013 and what its store holds. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root, tempDir } from '../helpers.js';
import { query } from '../study/helpers.js';

export const PATTERNS = join(root, 'validation', 'patterns.yaml');

/** 100 agents × 130 weeks, 2 priors, 3 particles × 2 generations (alpha 1: the second tolerance is the first population's largest distance), one knock-out. */
export const spec = (extra = '') => `name: tiny
scenario: history-2013
patterns: ${PATTERNS}
targets: [P1, P2, P5]
heldOut: [P6]
priors:
  table.concession: [0.01, 0.1]
  credibility.reversalAppeal: [0, 1.5]
method: smc
budget: { particles: 3, generations: 2, alpha: 1, maxProposals: 12 }
replicates: 1
agents: 100
ticks: 130
seed: 7
check: { runs: 3, knockouts: ko.yaml }
${extra}`;

export const KO = `knockouts:
  - mechanism: credibility
    title: Credibility gap
    overrides: { credibility.reversalAppeal: 0, credibility.priorKeep: 20 }
    justification: no pay for reversing, and a prior that commitments hold
`;

export function setup(text = spec()): string {
  const dir = tempDir('fractable-calibrate-');
  writeFileSync(join(dir, 'tiny.yaml'), text);
  writeFileSync(join(dir, 'ko.yaml'), KO);
  return dir;
}

/**
 * Everything a calibration stored that must not depend on workers, scheduling or resume: the
 * particles each generation's decision used (`used`: the proposals before its n-th acceptance;
 * those past it, in flight when it was decided, depend on scheduling and are marked
 * `used = false`), their runs, and every table derived from the populations.
 */
export async function snapshot(db: string) {
  const decided = 'proposal < (SELECT proposals FROM generations g WHERE g.generation = particles.generation)';
  const marked = await query(db, `SELECT count(*)::INTEGER AS n FROM particles WHERE used IS DISTINCT FROM (${decided})`);
  if (Number(marked[0]!.n) !== 0) throw new Error(`${db}: ${marked[0]!.n} particle(s) whose used mark is not proposal < the generation's proposals`);
  return {
    particles: await query(db, 'SELECT * FROM particles WHERE used ORDER BY generation, proposal'),
    generations: await query(db, 'SELECT * FROM generations ORDER BY generation'),
    posterior: await query(db, 'SELECT * FROM posterior ORDER BY particle'),
    scorecard: await query(db, 'SELECT * FROM scorecard ORDER BY model, pattern'),
    knockouts: await query(db, 'SELECT * FROM knockouts ORDER BY mechanism, pattern'),
    nulls: await query(db, 'SELECT * FROM nulls ORDER BY model, pattern'),
    digests: await query(db, `SELECT r.run_id, r.digest FROM runs r LEFT JOIN generations g ON g.generation = r.run_id // 10000000
      WHERE r.run_id >= 1000000000 OR r.design_point < g.proposals ORDER BY r.run_id`),
  };
}
