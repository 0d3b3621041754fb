import { describe, expect, it } from 'vitest';
import * as copy from '../../benchmarks/baseline-kernel.js';
import { floccPeer } from '../../benchmarks/peers/flocc.js';
import { fractablePeer } from '../../benchmarks/peers/fractable.js';
import { kernelPeer } from '../../benchmarks/peers/kernel.js';
import { measurePeer } from '../../benchmarks/peers/peer.js';
import { numpyMissing, peersTable, runPeer, runPeers, type PeerOptions } from '../../benchmarks/peers/run.js';

const N = 300, T = 25;
const expected = (() => {
  const p = new Float32Array(N * copy.K).fill(1);
  const g = copy.simulate(p, N, T, copy.SEED);
  return { sum: copy.checksum(p), g };
})();
const options: PeerOptions = { sizes: [N], minTicks: T, minSteps: 0, reps: 2, budgetSeconds: 10, peers: ['copy', 'numpy'], python: '/usr/bin/python3', referenceFound: false };
const noNumpy = numpyMissing(options.python);
if (noNumpy) console.warn(`test/bench/peers.test.ts: the numpy peer is skipped: ${noNumpy}`);

describe('peers compute the reference model bit for bit', () => {
  it('flocc: agents as flocc Agents in an Environment, float32 by Math.fround', async () => {
    const r = await measurePeer('flocc', floccPeer(), N, T, copy.SEED, 2, 10);
    expect({ sum: r.sum, g: r.g }).toEqual(expected);
    expect(r.seconds).toHaveLength(2);
    expect(r.peakRssBytes).toBeGreaterThanOrEqual(r.peakRssBeforeSetupBytes);
  });

  it('fractable: the engine on the `reference` model through the model seam, to the last bit (and on a second size and length)', async () => {
    const r = await measurePeer('fractable', fractablePeer(), N, T, copy.SEED, 2, 10);
    expect({ sum: r.sum, g: r.g }).toEqual(expected);
    const p = new Float32Array(1000 * copy.K).fill(1);
    const g = copy.simulate(p, 1000, 60, copy.SEED);
    const f = await measurePeer('fractable', fractablePeer(), 1000, 60, copy.SEED, 1, 10);
    expect({ sum: f.sum, g: f.g }).toEqual({ sum: copy.checksum(p), g });
    // and the same model run as any scenario is (`fractable run`): its final g and its decided outcome
    const { runInline } = await import('../helpers.js');
    const { scenarioFrom } = await import('../../src/scenarios/load.js');
    const run = runInline(scenarioFrom({ model: 'reference', agents: 1000, ticks: 60, seed: copy.SEED }));
    expect(run.final[0]).toBe(g);
    expect(run.outcome.kind).toBe(`a${g}`);
  });

  it('a peer whose result changes between runs is refused', async () => {
    const peer = kernelPeer(copy);
    let runs = 0;
    const drifting = { ...peer, reset: () => { if (runs++ === 0) peer.reset(); } }; // second run starts from the first's end
    await expect(measurePeer('drifting', drifting, N, T, copy.SEED, 2, 10)).rejects.toThrow('drifting: run 0 gave sum');
  });

  it('the copy, in a child process of its own (the compiled child.js)', () => {
    const r = runPeer('copy', N, T, options);
    expect({ sum: r.sum, g: r.g, agents: r.agents, ticks: r.ticks }).toEqual({ ...expected, agents: N, ticks: T });
  });

  it.skipIf(noNumpy !== undefined)('numpy: vectorised, uint32 hash, float32 propensities', () => {
    const r = runPeer('numpy', N, T, options);
    expect({ sum: r.sum, g: r.g }).toEqual(expected);
  });

  it('the table: ratio to the denominator and checksum equality per row, skipped peers with their reason', () => {
    const rows = runPeers({ ...options, peers: ['copy', 'reference', 'nonesuch'], python: '/nonexistent/python3' });
    expect(rows.map((r) => [r.peer, r.checksumEqual, r.ratioToReference, r.skipped?.slice(0, 24)])).toEqual([
      ['copy', true, 1, undefined],
      ['reference', undefined, undefined, 'shared/reference-kernel '],
      ['nonesuch', undefined, undefined, 'nonesuch at 300 agents e'],
    ]);
    const text = peersTable(rows, 'copy');
    expect(text).toMatch(/^peer +agents +ticks +M agent-steps\/s +x copy/);
    expect(text).toMatch(/\ncopy +300 +25 +[\d.]+ +1\.000 +\d+ +\d+ +yes\n/);
    expect(text).toContain('skipped: shared/reference-kernel not found');
  });
});
