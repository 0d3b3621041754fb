import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as copy from '../../benchmarks/baseline-kernel.js';
import { oldSimulate } from '../../benchmarks/old-baseline-kernel.js';
import { loadReference, locateReference, REFERENCE_ENV, sideBySide } from '../../benchmarks/reference.js';
import { tempDir } from '../helpers.js';

/** N agents, T ticks of a kernel's `simulate` from all-ones propensities: its checksum, final g and the sha256 of the final bytes. */
function runKernel(simulate: (p: Float32Array, N: number, T: number, seed: number) => number, N: number, T: number) {
  const p = new Float32Array(N * copy.K).fill(1);
  const g = simulate(p, N, T, copy.SEED);
  return { sum: copy.checksum(p), g, sha256: createHash('sha256').update(p).digest('hex') };
}

const N = 1000, T = 30;
/** sha256 of the copy's final Float32Array bytes, 1000 agents x 30 ticks (measured 2026-12-02, equal to the reference's) */
const PINNED_SHA256 = 'c0b202579d870892589c5ecd221b74c4c82798342303a28153126721d655ad4e';
const ref = await loadReference();
if (!ref.found) console.warn(`test/bench/reference.test.ts: the comparison with the reference is skipped: ${ref.reason}`);

describe('the baseline copy of the reference kernel', () => {
  it.skipIf(!ref.found)('gives the same checksum, final g and final bytes as shared/reference-kernel/model.mjs', async () => {
    if (!ref.found) return;
    const mine = runKernel(copy.simulate, N, T), theirs = runKernel(ref.kernel.simulate, N, T);
    expect(mine).toEqual(theirs);
    expect(copy.PAYOFF).toEqual(ref.kernel.PAYOFF);
    // sharded as the reference's sab.mjs shards it: 3 shards, tallies summed by aggregate()
    const p = new Float32Array(N * copy.K).fill(1), q = new Float32Array(N * copy.K).fill(1);
    const tp = new Int32Array(3 * copy.K), tq = new Int32Array(3 * copy.K), cut = [0, 333, 700, N];
    let gp = 0, gq = 0;
    for (let t = 0; t < T; t++) {
      for (let w = 0; w < 3; w++) {
        copy.step(p, cut[w], cut[w + 1], copy.SEED, t, gp, tp, w * copy.K);
        ref.kernel.step(q, cut[w], cut[w + 1], copy.SEED, t, gq, tq, w * copy.K);
      }
      gp = copy.aggregate(tp, 3); gq = ref.kernel.aggregate(tq, 3);
      expect(gp).toBe(gq);
    }
    expect(Buffer.from(p.buffer).equals(Buffer.from(q.buffer))).toBe(true);
    expect(copy.checksum(p)).toBe(mine.sum); // sharding does not change the result
  });

  it('is pinned: its checksum, final g and final bytes for 1000 agents x 30 ticks (so this means something without ../shared)', () => {
    expect(runKernel(copy.simulate, N, T)).toEqual({ sum: 15249.343354701996, g: 1, sha256: PINNED_SHA256 });
  });

  it('computes the same as the superseded old baseline (only its roulette was written with branches)', () => {
    expect(runKernel(oldSimulate, 257, 200)).toEqual(runKernel(copy.simulate, 257, 200));
  });

  it('aggregate: the argmax of the summed tallies, the lowest action winning ties', () => {
    expect(copy.aggregate(Int32Array.from([1, 5, 5, 0, 0, 0, 0, 2]), 2)).toBe(1);
    expect(copy.aggregate(Int32Array.from([0, 0, 0, 0]), 1)).toBe(0);
    expect(copy.aggregate(Int32Array.from([3, 0, 0, 4]), 1)).toBe(3);
  });
});

describe('finding the reference kernel', () => {
  it('walks up from a folder to the first shared/reference-kernel/model.mjs', () => {
    const root = tempDir('fractable-ref-'), deep = join(root, 'wt', 'bench', 'dist', 'benchmarks');
    mkdirSync(deep, { recursive: true });
    expect(locateReference({}, deep).found).toBe(false);
    mkdirSync(join(root, 'shared', 'reference-kernel'), { recursive: true });
    writeFileSync(join(root, 'shared', 'reference-kernel', 'model.mjs'), 'export {};\n');
    expect(locateReference({}, deep)).toMatchObject({ found: true, dir: join(root, 'shared', 'reference-kernel') });
  });

  it(`takes ${REFERENCE_ENV} first, and says what is wrong with one that does not hold model.mjs`, () => {
    const dir = tempDir('fractable-ref-');
    expect(() => locateReference({ [REFERENCE_ENV]: dir })).toThrow(`${REFERENCE_ENV}: expected a directory holding model.mjs, found "${dir} without model.mjs"`);
    expect(() => locateReference({ [REFERENCE_ENV]: join(dir, 'nope') })).toThrow(`${REFERENCE_ENV}: expected a directory holding model.mjs`);
    writeFileSync(join(dir, 'model.mjs'), 'export {};\n');
    expect(locateReference({ [REFERENCE_ENV]: dir }, '/')).toMatchObject({ found: true, dir });
  });
});

describe('sideBySide', () => {
  it('runs every contender once per round, alternating the order, and refuses a result that changes', () => {
    const calls: string[] = [];
    const c = (name: string) => ({ name, reset: () => {}, run: () => { calls.push(name); } });
    const out = sideBySide([c('a'), c('b')], 3);
    expect(calls.join('')).toBe('ba' + 'ab' + 'ba' + 'ab'); // warm-up round (odd, -1) first
    expect(out.map((o) => o.seconds.length)).toEqual([3, 3]);
    let n = 0;
    expect(() => sideBySide([{ name: 'drifts', reset: () => {}, run: () => {}, result: () => ({ sum: n++, g: 0 }) }], 2)).toThrow('drifts: round 0 gave 1/0');
  });
});
