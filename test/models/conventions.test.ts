/**
 * The `conventions` model: the engine's networked Roth–Erev kernel (3 actions on a network, run
 * in WebAssembly in the world's arena) end to end through the seam.
 *
 * - Pólya urns on a network: with no coordination gain, every convention paying 1, φ = ε = 0 and
 *   no noise, each agent is a Pólya urn with three colours started at (1, 1, 1), whatever its
 *   neighbours do: it follows each convention with probability 1/3 at every tick, independently
 *   of the other agents, so a convention's share among n agents has mean 1/3 and variance
 *   (1/3)(2/3)/n at every tick.
 * - A world whose arena cannot be reserved (the CLI under an address-space limit) runs the
 *   JavaScript kernels and gives the same digest.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stepShard } from '../../src/engine/kernel.js';
import { Simulation } from '../../src/engine/simulation.js';
import { getModel } from '../../src/models/index.js';
import { scenarioFrom } from '../../src/scenarios/load.js';
import { cli, tempDir } from '../helpers.js';

const conventions = getModel('conventions');
const hasPrlimit = spawnSync('prlimit', ['--version']).status === 0;

describe('the conventions model', () => {
  it('runs its agents on the WebAssembly network kernel, in the arena', () => {
    const sim = new Simulation(conventions, scenarioFrom({ model: 'conventions', agents: 2000, ticks: 3, seed: 1 }), { shards: 1 });
    expect(sim.buffers.memory).not.toBeNull();
    expect(sim.v.wasm?.nets[0]).not.toBeNull();
    expect(sim.networkStats[0]!.mean).toBeCloseTo(8, 1);
  });

  it('Pólya urns on a network: every convention\'s share has mean 1/3 and variance (2/9)/n at every tick', () => {
    const n = 30_000, T = 40;
    const sc = scenarioFrom({
      model: 'conventions', agents: n, ticks: T, seed: 7,
      params: { payoff: { a: 1, b: 1, c: 1 }, coordination: { gain: 0 } },
      populations: { agents: { rule: { kind: 'roth-erev', phi: 0, epsilon: 0, initial: 1 }, noise: 0 } },
    });
    const sim = new Simulation(conventions, sc, { shards: 1 });
    expect(sim.v.wasm?.nets[0]).not.toBeNull();
    const sd = Math.sqrt(2 / 9 / n);
    let z2 = 0;
    for (let t = 0; t < T; t++) {
      sim.prepare(t);
      stepShard(sim.v, sim.layout, sc.seed, t, 0, 1);
      const l = sim.layout.populations[0]!, counts = [0, 1, 2].map((a) => sim.v.tally[l.tOff + a]!);
      expect(counts[0]! + counts[1]! + counts[2]!).toBe(n);
      sim.advance(t);
      for (const c of counts) {
        const z = (c / n - 1 / 3) / sd;
        expect(Math.abs(z)).toBeLessThan(5); // each share within 5 sd of 1/3 (two-sided p ≈ 6e-7 per share)
        z2 += z * z;
      }
    }
    // the 3T z's: two of every three independent (the shares sum to 1); Σz² ≈ 2T on average. A
    // bound of 4T fails with probability below 1e-6 (chi-square with 80 degrees of freedom).
    expect(z2).toBeLessThan(4 * T);
    sim.finish();
  });

  it.skipIf(!hasPrlimit)('gives the same digest without an arena (the CLI under an address-space limit)', () => {
    const dir = tempDir();
    const f = join(dir, 'c.yaml');
    writeFileSync(f, 'name: c\nmodel: conventions\nagents: 3000\nticks: 30\nseed: 5\n');
    const run = (limited: boolean) => {
      const args = [cli, 'run', f, '--json', '--workers', '1'];
      const r = limited
        ? spawnSync('prlimit', ['--as=6000000000', process.execPath, ...args], { encoding: 'utf8', timeout: 60_000 })
        : spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { digest: string; final: Record<string, number> };
    };
    const a = run(false), b = run(true);
    expect(b.digest).toBe(a.digest);
    expect(b.final).toEqual(a.final);
  });
});
