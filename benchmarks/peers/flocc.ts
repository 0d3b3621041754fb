/**
 * The simple model written with flocc (https://flocc.net), the JavaScript agent-based library, the
 * way its documentation shows: every agent a flocc `Agent` whose data holds its propensities, a
 * `tick` rule that reads and writes them with `agent.get`/`agent.set`, all agents in one
 * `Environment` whose data holds the global state g, `environment.tick()` once per tick, and
 * `environment.stat('action')` to collect the choices that the argmax aggregator counts.
 *
 * Same computation as the reference, bit for bit: the same counter RNG draws keyed by (seed,
 * agent index, tick), the roulette and payoff in float64, and every stored propensity rounded to
 * float32 with `Math.fround`, as the reference's Float32Array store rounds it. Activation order is
 * fixed (`randomizeOrder: false`): the model's agents do not interact within a tick, so order
 * cannot change the result, and flocc's shuffle would only add its own cost.
 */
import { Agent, Environment } from 'flocc';
import type { Peer } from './peer.js';

const K = 4, S = 4, PHI = 0.01, NOISE = 0.1, DECAY = 1 - PHI, TWO_M32 = 2.3283064365386963e-10;
const PAYOFF = Float64Array.from({ length: K * S }, (_, i) => {
  const a = (i / S) | 0, g = i % S;
  return a === (g + 1) % K ? 1.0 : a === g ? 0.1 : 0.4;
});
const KEYS = ['p0', 'p1', 'p2', 'p3'];

function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** One agent's tick: choose by roulette on its propensities, earn payoff[a][g] + noise, learn. */
function tick(agent: Agent): void {
  const env = agent.environment, i: number = agent.get('i'), g: number = env.get('g'), tk: number = env.get('tickKey');
  const h = fmix((fmix(tk ^ Math.imul(i, 0x9e3779b1)) + 0x6d2b79f5) | 0);
  const u1 = (h >>> 0) * TWO_M32, u2 = (fmix(h ^ 0x27d4eb2f) >>> 0) * TWO_M32;
  const p0: number = agent.get('p0'), p1: number = agent.get('p1'), p2: number = agent.get('p2'), p3: number = agent.get('p3');
  const q1 = p0 + p1, q2 = q1 + p2, x = u1 * (q2 + p3);
  const a = (x >= p0 ? 1 : 0) + (x >= q1 ? 1 : 0) + (x >= q2 ? 1 : 0);
  const r = PAYOFF[a * S + g] + NOISE * (u2 - 0.5);
  agent.set({ p0: Math.fround(p0 * DECAY), p1: Math.fround(p1 * DECAY), p2: Math.fround(p2 * DECAY), p3: Math.fround(p3 * DECAY) });
  agent.set(KEYS[a], Math.fround(agent.get(KEYS[a]) + ((r > 0 ? r : 0) + 1e-3)));
  agent.set('action', a);
}

export function floccPeer(): Peer {
  let env = new Environment(), agents: Agent[] = [];
  return {
    setup(N) {
      env = new Environment();
      agents = [];
      for (let i = 0; i < N; i++) {
        const agent = new Agent({ i, p0: 1, p1: 1, p2: 1, p3: 1, action: 0 });
        agent.set('tick', tick);
        env.addAgent(agent, false);
        agents.push(agent);
      }
    },
    reset() {
      for (const agent of agents) agent.set({ p0: 1, p1: 1, p2: 1, p3: 1 });
    },
    run(T, seed) {
      let g = 0;
      for (let t = 0; t < T; t++) {
        env.set({ g, tickKey: seed ^ Math.imul(t, 0x85ebca77) });
        env.tick({ randomizeOrder: false });
        const cnt = [0, 0, 0, 0];
        for (const a of env.stat('action', false) as number[]) cnt[a]++;
        g = 0;
        for (let k = 1; k < K; k++) if (cnt[k] > cnt[g]) g = k;
      }
      return g;
    },
    checksum() {
      let s = 0;
      for (const agent of agents) for (const key of KEYS) s += agent.get(key) as number;
      return s;
    },
  };
}
