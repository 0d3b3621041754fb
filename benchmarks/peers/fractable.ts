/**
 * fractable's own engine as a peer: the `reference` model (src/models/reference) through the
 * model seam, one world of N agents stepped whole on this thread, as `fractable run` steps a
 * small world: per tick the rule bookkeeping, the kernel over every agent (`stepShard`), the
 * tallies, the model's update (the argmax), the recorder, the classifier and the next tick's
 * reward terms. Its propensities are the world's state column, summed in index order for the
 * checksum: equal to the reference's to the last bit.
 */
import { stepShard } from '../../src/engine/kernel.js';
import { Simulation } from '../../src/engine/simulation.js';
import { getModel } from '../../src/models/index.js';
import { scenarioFrom } from '../../src/scenarios/load.js';
import type { Peer } from './peer.js';

export function fractablePeer(): Peer {
  const model = getModel('reference');
  let N = 0, T = 0, seed = 0, g = 0, sim: Simulation | null = null;
  return {
    setup(n, ticks, s) { N = n; T = ticks; seed = s; },
    reset() {
      // a new world each time (not timed): propensities 1, g = 0, an empty recorder
      sim?.close();
      sim = new Simulation(model, scenarioFrom({ model: 'reference', agents: N, ticks: T, seed }), { shards: 1 });
      sim.bus.on('tick', (s) => { g = s.state[0]!; });
      g = 0;
    },
    run(ticks) {
      const s = sim!;
      for (let t = 0; t < ticks; t++) {
        s.prepare(t);
        stepShard(s.v, s.layout, s.run.seed, t, 0, 1);
        s.advance(t);
      }
      // the run's result without finish(): its digest (a SHA-256 over every column) is not part of the reference's work
      return g;
    },
    checksum() {
      const q = sim!.v.state;
      let sum = 0;
      for (let i = 0; i < N * 4; i++) sum += q[i]!;
      return sum;
    },
  };
}
