/**
 * The learning rules' oracles through the model seam: the `games` model run by the engine like
 * any model (its populations, reward terms and world update), with known answers.
 *
 * - Pólya urn: gamblers with Roth–Erev at phi = eps = 0 and four arms paying 1 from equal
 *   propensities: each agent's share of arm 0 after T ticks is (1 + X)/(4 + T), X ~ BetaBinomial(T, 1, 3),
 *   with mean 1/4 and variance 3T/(80(T + 4)).
 * - The (2, 1) bandit: players whose cooperate pays 2 and defect 1 (no game), Roth–Erev with
 *   phi = 0.01, eps = 0.2: the mean share of the better arm settles at p* = 0.2 + sqrt(0.24) = 0.68990.
 * - eps = (M − 1)/M: every propensity gets the same increment every tick, so the four-armed choice
 *   stays uniform whatever the payoffs.
 * - A Prisoner's Dilemma against the field (mean-field, no network) under Roth–Erev: defection
 *   dominates (T > R, P > S), so cooperation dies out.
 */
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/engine/simulation.js';
import { stepShard } from '../../src/engine/kernel.js';
import { getModel } from '../../src/models/index.js';
import { scenarioFrom } from '../../src/scenarios/load.js';
import type { ResolvedScenario } from '../../src/scenarios/schema.js';
import { runInline } from '../helpers.js';

const games = getModel('games');

/** Runs a scenario tick by tick on this thread, handing the simulation to `each` after every tick. */
function drive(sc: ResolvedScenario, each?: (sim: Simulation, t: number) => void): Simulation {
  const sim = new Simulation(games, sc, { shards: 1 });
  for (let t = 0; t < sc.ticks; t++) {
    sim.prepare(t);
    stepShard(sim.v, sim.layout, sc.seed, t, 0, 1);
    sim.advance(t);
    each?.(sim, t);
  }
  sim.finish();
  return sim;
}

describe('learning oracles through the seam (model games)', () => {
  it('Pólya urn: the share of arm 0 has mean 1/4 and variance 3T/(80(T+4))', () => {
    const T = 200, n = 4000;
    const sim = drive(scenarioFrom({ model: 'games', agents: 2 * n, ticks: T, seed: 11 }));
    const g = sim.layout.populations[1]!;
    expect(g.size).toBe(n);
    const shares = Array.from({ length: n }, (_, i) => { const b = g.stateOff + 4 * i; const q = sim.v.state; return q[b]! / (q[b]! + q[b + 1]! + q[b + 2]! + q[b + 3]!); });
    const m = shares.reduce((a, b) => a + b, 0) / n;
    const v = shares.reduce((a, b) => a + (b - m) ** 2, 0) / (n - 1);
    const expVar = (3 * T) / (80 * (T + 4));
    // se of the mean sqrt(var/n) = 0.0030: 4.4 se = 0.013; se of the variance ≈ var·sqrt(2/n)·1.3 ≈ 0.0011: 4.4 se ≈ 0.005
    expect(Math.abs(m - 0.25)).toBeLessThan(0.013);
    expect(Math.abs(v - expVar)).toBeLessThan(0.005);
    // propensities count the draws exactly: every urn holds 4 + T balls
    for (let i = 0; i < 50; i++) { const b = g.stateOff + 4 * i; expect(sim.v.state[b]! + sim.v.state[b + 1]! + sim.v.state[b + 2]! + sim.v.state[b + 3]!).toBe(4 + T); }
  });

  it('the (2, 1) bandit settles at p* = 0.68990', () => {
    const pStar = 0.2 + Math.sqrt(0.24), burnIn = 1000, T = 2000;
    const sc = scenarioFrom({
      model: 'games', agents: 4000, ticks: T, seed: 303,
      params: { game: { reward: 0, sucker: 0, temptation: 0, punishment: 0 }, bandit: { cooperate: 2, defect: 1 } },
      populations: { players: { rule: { kind: 'roth-erev', phi: 0.01, epsilon: 0.2, initial: 1 }, noise: 0 } },
    });
    let sum = 0, k = 0;
    drive(sc, (sim, t) => { if (t >= burnIn) { sum += sim.last.share(0, 0); k++; } });
    // the time-averaged population share of 2000 agents: se ≈ 2e-4; the stationary mean of the
    // ratio differs from the mean-field root by ~1e-3 (second order in the fluctuations): tolerance 0.005
    expect(Math.abs(sum / k - pStar)).toBeLessThan(0.005);
  });

  it('eps = (M−1)/M keeps the four-armed choice uniform whatever the payoffs (chi-square)', () => {
    const T = 300, n = 1000;
    const sc = scenarioFrom({
      model: 'games', agents: 2 * n, ticks: T, seed: 204,
      params: { bandit: { a0: 1, a1: 2, a2: 3, a3: 4 } },
      populations: { gamblers: { rule: { kind: 'roth-erev', phi: 0.05, epsilon: 0.75, initial: 1 }, noise: 0.8 } },
    });
    const counts = [0, 0, 0, 0];
    drive(sc, (sim) => { for (let a = 0; a < 4; a++) counts[a] += sim.last.count(1, a); });
    const N = n * T, x2 = counts.reduce((s, c) => s + (c - N / 4) ** 2 / (N / 4), 0);
    expect(x2).toBeLessThan(25.9); // chi-square, 3 df: P(X2 > 25.9) = 1e-5
  });

  it('a Prisoner\'s Dilemma against the field: cooperation dies out under Roth–Erev', () => {
    const r = runInline(scenarioFrom({ model: 'games', agents: 4000, ticks: 600, seed: 5, populations: { players: { rule: { kind: 'roth-erev', phi: 0.02, epsilon: 0.02, initial: 1 }, noise: 0 } } }));
    expect(r.outcome.kind).toBe('defection');
    expect(r.outputs.cooperation as number).toBeLessThan(0.2);
  });
});
