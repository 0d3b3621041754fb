/** The progress lines of `fractable calibrate` (src/cli/calibrate.ts `progressLine`) and its status file's figures (`calibrationSnapshot`): counts, waiting shards and ETAs. */
import { describe, expect, it } from 'vitest';
import { progressLine } from '../../src/cli/calibrate.js';
import { calibrationSnapshot } from '../../src/study/calibrate.js';
import type { ResolvedCalibration } from '../../src/study/calibration-spec.js';

const smc: ResolvedCalibration['budget'] = { method: 'smc', particles: 100, generations: 6, alpha: 0.5, maxProposals: 2000, minEpsilon: 0 };

describe('calibrate progress lines', () => {
  it('a stage of known size: done/wanted and an ETA from its rate', () => {
    expect(progressLine('h', smc, { stage: 'h/posterior', done: 101, wanted: 400 }, 50, 0)).toBe('calibrate h: h/posterior: 101/400 runs (ETA 150 s)\n');
  });

  it('an SMC generation: proposals needed at the acceptance rate so far, and its ETA', () => {
    // 50 accepted of 200 scored (25 %): about 400 proposals for 100 particles; 150 scored in 30 s this session → 200 more in 40 s
    expect(progressLine('h', smc, { stage: 'generation 2', done: 200, accepted: 50, epsilon: 0.42 }, 30, 50))
      .toBe('calibrate h: generation 2: 200 proposals scored, 50 accepted at ε = 0.420 (about 400 proposals at the acceptance rate so far: ETA 40 s)\n');
    // capped at the generation's budget
    expect(progressLine('h', smc, { stage: 'generation 3', done: 100, accepted: 2, epsilon: 0.3 }, 10, 0)).toMatch(/about 2000 proposals .*ETA 190 s/);
    // nothing accepted yet, or generation 0 (ε = ∞: every proposal accepted): no estimate
    expect(progressLine('h', smc, { stage: 'generation 1', done: 40, accepted: 0, epsilon: 0.5 }, 10, 0)).toBe('calibrate h: generation 1: 40 proposals scored, 0 accepted at ε = 0.500\n');
  });

  it('a waiting SMC shard says whom it waits for and where it looks; a shard gets no estimate (its count is its own share)', () => {
    expect(progressLine('h', smc, { stage: 'shard 1/2, generation 1', done: 30, accepted: 10, epsilon: 0.5, waiting: [2], waitingIn: '/r' }, 10, 0))
      .toBe('calibrate h: shard 1/2, generation 1: 30 proposals scored, 10 accepted at ε = 0.500; waiting for shard(s) 2 (their distances, in /r)\n');
  });
});

describe('the calibration status file\'s figures (calibrationSnapshot)', () => {
  it('a check stage: runs done of all, its ETA at the stage\'s rate', () => {
    // 100 of 400 runs, 75 of them in 30 s of this session → 300 more in 120 s
    expect(calibrationSnapshot(smc, { stage: 'h/posterior', done: 100, wanted: 400, unit: 'runs' }, 2, 950, 30, 25))
      .toEqual({ done: 100, failed: 2, ranNow: 950, total: 400, eta: 120, stage: { name: 'h/posterior', unit: 'runs', detail: '100 of 400 runs' } });
  });
  it('an SMC generation: proposals, with the total it needs at the acceptance rate so far; a shard\'s and a new stage\'s have no ETA', () => {
    expect(calibrationSnapshot(smc, { stage: 'generation 2', done: 200, accepted: 50, epsilon: 0.42 }, 0, 0, 30, 50))
      .toEqual({ done: 200, failed: 0, ranNow: 0, total: 400, eta: 40, stage: { name: 'generation 2', unit: 'proposals', detail: '200 proposals scored, 50 accepted at ε = 0.420 (about 400 needed at the acceptance rate so far)' } });
    const shard = calibrationSnapshot(smc, { stage: 'shard 2/4, generation 1', done: 30, accepted: 10, epsilon: 0.5, waiting: [1] }, 0, 0, 10, 0);
    expect(shard).toMatchObject({ total: 30, eta: null, stage: { unit: 'proposals', detail: '30 proposals scored, 10 accepted at ε = 0.500; waiting for shard(s) 1' } });
    expect(calibrationSnapshot(smc, null, 3, 0, 0, 0)).toMatchObject({ done: 0, failed: 3, eta: null, stage: { name: 'starting' } });
  });
});
