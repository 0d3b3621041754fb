/**
 * The pool's one task entry point: a whole small world, or the tick loop of one shard of a large
 * world. Thin: the work is in src/engine; the model is found by name in the registry.
 */
import { stepShard } from '../src/engine/kernel.js';
import { Ctl, movable, packResult, type ShardLoopTask, type WorkerTask, type WorldReply, type WorldTask } from '../src/engine/protocol.js';
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
  let gen = 0;
  for (;;) {
    Atomics.wait(c, Ctl.GEN, gen); // sleeps while GEN === gen
    gen = Atomics.load(c, Ctl.GEN);
    if (Atomics.load(c, Ctl.STOP)) return;
    try {
      stepShard(v, t.layout, t.seed, Atomics.load(c, Ctl.TICK), t.shard, t.shards);
    } catch (e) {
      Atomics.store(c, Ctl.FAILED, 1);
      throw e;
    } finally {
      if (Atomics.add(c, Ctl.DONE, 1) === t.shards - 1) Atomics.notify(c, Ctl.DONE); // the last one wakes the coordinator
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
    const r = runWhole(getModel(t.run.model), t.run, bus);
    return movable({ state: 'ok', result: packResult(r, t.run, t.keep, performance.now() - t0) });
  } catch (e) {
    return { state: 'failed', error: e instanceof Error ? e.message : String(e), wallMs: performance.now() - t0 } satisfies WorldReply;
  } finally {
    t.progress?.port.close();
  }
}

export default function task(t: WorkerTask): unknown {
  return t.kind === 'world' ? world(t) : shardLoop(t);
}
