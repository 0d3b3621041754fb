/**
 * The pool's task entry point: a whole small world, or the tick loop of one shard of a large
 * world. Thin: the work is in src/engine.
 */
import { runInline, toReply } from '../src/engine/inline.js';
import { stepShard } from '../src/engine/kernel.js';
import { Ctl, type ShardLoopTask, type WorkerTask, type WorldReply, type WorldTask } from '../src/engine/protocol.js';
import { views } from '../src/engine/world.js';

/**
 * Steps shard `t.shard` for every tick the coordinator releases. Ordering: the coordinator
 * writes the reward vectors and rule parameters, then TICK, then bumps GEN with an Atomics
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

function world(t: WorldTask): WorldReply {
  return toReply(runInline(t.scenario), t.series);
}

export default function task(t: WorkerTask): WorldReply | void {
  return t.kind === 'world' ? world(t) : shardLoop(t);
}
