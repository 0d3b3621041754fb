/**
 * The pool's one task entry point: a whole small world, or the tick loop of one shard of a large
 * world. Thin: the work is in src/engine; the model is found by name in the registry.
 */
import { stepShard } from '../src/engine/kernel.js';
import { WorkerPool } from '../src/engine/pool.js';
import { Ctl, movable, packResult, statsOf, type ShardedWorldTask, type ShardLoopTask, type WorkerTask, type WorldReply, type WorldTask } from '../src/engine/protocol.js';
import { runWorld } from '../src/engine/run.js';
import { runWhole } from '../src/engine/simulation.js';
import { createBus } from '../src/engine/bus.js';
import { views } from '../src/engine/world.js';
import { getModel } from '../src/models/index.js';

/**
 * Steps shard `t.shard` for every tick the coordinator releases. Ordering: the coordinator
 * writes the reward terms and rule parameters, then TICK, then bumps GEN with an Atomics
 * operation; our Atomics.load of GEN synchronises with it, so every plain write before it is
 * visible here. We write our agents and our tally block, then Atomics.add DONE: the
 * coordinator's Atomics.load of DONE synchronises with that, so it reads complete tallies.
 */
function shardLoop(t: ShardLoopTask): void {
  const v = views(t.buffers), c = new Int32Array(t.control);
  Atomics.add(c, Ctl.READY, 1);
  Atomics.notify(c, Ctl.READY);
  let gen = 0, last = -1;
  for (;;) {
    // Sleeps until GEN moves on from the generation this shard last stepped. The loop makes a
    // wake-up that finds GEN unchanged (a stray notify) go back to sleep instead of stepping the
    // same tick twice.
    let g;
    while ((g = Atomics.load(c, Ctl.GEN)) === gen) Atomics.wait(c, Ctl.GEN, gen);
    gen = g;
    if (Atomics.load(c, Ctl.STOP)) return;
    const tick = Atomics.load(c, Ctl.TICK);
    try {
      // Each release is one new tick, in order: anything else is a broken barrier, and the world
      // fails loudly rather than diverging from its inline twin.
      if (tick !== last + 1) throw new Error(`shard ${t.shard} of ${t.shards}: released for tick ${tick} after tick ${last}`);
      stepShard(v, t.layout, t.seed, tick, t.shard, t.shards);
      last = tick;
    } catch (e) {
      Atomics.store(c, Ctl.FAILED, 1);
      throw e;
    } finally {
      const done = Atomics.add(c, Ctl.DONE, 1) + 1;
      if (done > t.shards) Atomics.store(c, Ctl.FAILED, 1); // more reports than shards: a shard stepped twice
      if (done >= t.shards) Atomics.notify(c, Ctl.DONE); // the last one wakes the coordinator
    }
  }
}

function world(t: WorldTask): unknown {
  const t0 = performance.now();
  let bus;
  if (t.progress) {
    const { port, every } = t.progress;
    bus = createBus();
    bus.on('tick', (s) => { if (s.tick % every === 0 || s.tick === t.run.ticks - 1) port.postMessage({ tick: s.tick, state: Float64Array.from(s.state) }); });
  }
  try {
    const r = runWhole(getModel(t.run.model), t.run, bus, statsOf(t.keep));
    return movable({ state: 'ok', result: packResult(r, t.run, t.keep, performance.now() - t0) });
  } catch (e) {
    return { state: 'failed', error: e instanceof Error ? e.message : String(e), wallMs: performance.now() - t0 } satisfies WorldReply;
  } finally {
    t.progress?.port.close();
  }
}

/** A large world, sharded over a pool of this worker's own; its coordinator runs here. */
async function shardedWorld(t: ShardedWorldTask): Promise<unknown> {
  const t0 = performance.now();
  const pool = new WorkerPool({ workers: t.workers, ...(t.maxOldGenerationSizeMb ? { maxOldGenerationSizeMb: t.maxOldGenerationSizeMb } : {}) });
  try {
    const { workers: _w, mode: _m, ...result } = await runWorld(getModel(t.run.model), t.run, { workers: t.workers, mode: 'sharded', pool, keep: t.keep });
    return movable({ state: 'ok', result });
  } catch (e) {
    return { state: 'failed', error: e instanceof Error ? e.message : String(e), wallMs: performance.now() - t0 } satisfies WorldReply;
  } finally {
    await pool.destroy();
  }
}

export default function task(t: WorkerTask): unknown {
  return t.kind === 'world' ? world(t) : t.kind === 'sharded-world' ? shardedWorld(t) : shardLoop(t);
}
