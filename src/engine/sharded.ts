/**
 * Sharded mode: a large world's shards are stepped by W long-running tasks on the piscina pool,
 * synchronised by an Atomics barrier on a small control SharedArrayBuffer (one round trip of
 * shared memory per tick instead of W task messages). The coordinator runs steps 2–4 of the
 * pipeline between ticks, exactly as in whole mode.
 */
import { WorkerPool } from './pool.js';
import { Ctl } from './protocol.js';
import { runSharded, type Simulation, type SimulationResult } from './simulation.js';

/** How long the coordinator blocks on the barrier before it yields to the event loop (to hear of a dead worker). */
const WAIT_SLICE_MS = 50;

export async function runOnPool(sim: Simulation, pool: WorkerPool): Promise<SimulationResult> {
  const W = sim.opts.shards;
  if (pool.size < W) throw new RangeError(`a sharded world of ${W} shards needs a pool of at least ${W} workers, found ${pool.size}`);
  const control = new SharedArrayBuffer(Ctl.SLOTS * 4);
  const c = new Int32Array(control);
  let failure: unknown = null;
  const loops = Array.from({ length: W }, (_, shard) =>
    pool.runShardLoop({ kind: 'shard-loop', buffers: sim.buffers, control, layout: sim.layout, seed: sim.run.seed, shard, shards: W })
      .catch((e: unknown) => { failure ??= e; Atomics.store(c, Ctl.FAILED, 1); }));
  const check = () => {
    if (failure || Atomics.load(c, Ctl.FAILED)) throw failure instanceof Error ? failure : new Error(`a shard of the world failed: ${String(failure)}`);
  };
  try {
    // The pool dispatches the loop tasks from the event loop: wait for them without blocking it.
    for (let r; (r = Atomics.load(c, Ctl.READY)) < W;) {
      check();
      const w = Atomics.waitAsync(c, Ctl.READY, r, WAIT_SLICE_MS);
      if (w.async) await w.value;
    }
    return await runSharded(sim, async (tick) => {
      // Plain writes of this tick's rewards and parameters happened before this Atomics.add of
      // GEN; the workers' Atomics.load of GEN synchronises with it (see workers/task.ts).
      Atomics.store(c, Ctl.TICK, tick);
      Atomics.store(c, Ctl.DONE, 0);
      Atomics.add(c, Ctl.GEN, 1);
      Atomics.notify(c, Ctl.GEN);
      for (let d; (d = Atomics.load(c, Ctl.DONE)) < W;) {
        if (Atomics.wait(c, Ctl.DONE, d, WAIT_SLICE_MS) === 'timed-out') await new Promise<void>((ok) => setImmediate(ok));
        check();
      }
      check();
      const done = Atomics.load(c, Ctl.DONE);
      if (done !== W) throw new Error(`tick ${tick}: ${done} shard reports for ${W} shards (a broken barrier); the world is abandoned rather than diverge from its inline twin`);
    });
  } finally {
    Atomics.store(c, Ctl.STOP, 1);
    Atomics.add(c, Ctl.GEN, 1);
    Atomics.notify(c, Ctl.GEN);
    await Promise.all(loops);
  }
}
