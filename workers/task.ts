/**
 * The pool's task entry point: a whole small world, or one shard of a large world's tick.
 * Thin: the work is in src/engine.
 */
import { runInline } from '../src/engine/inline.js';
import { stepShard } from '../src/engine/kernel.js';
import type { ShardTask, WorkerTask, WorldReply, WorldTask } from '../src/engine/protocol.js';
import { views } from '../src/engine/world.js';
import type { SliceArgs } from '../src/learning/kernel-args.js';

let cachedId = -1;
let cached: SliceArgs | null = null;

function shard(t: ShardTask): void {
  if (t.worldId !== cachedId || !cached) { cached = views(t.buffers); cachedId = t.worldId; }
  stepShard(cached, t.layout, t.seed, t.tick, t.shard, t.shards);
}

function world(t: WorldTask): WorldReply {
  const r = runInline(t.scenario);
  return {
    outcome: r.outcome,
    final: r.final,
    finalShares: r.finalShares,
    stateNames: r.series.stateNames,
    seriesState: t.series ? r.series.state : null,
    seriesShares: t.series ? r.series.shares : null,
    events: r.events,
    digest: r.digest,
    bytesPerAgent: r.bytesPerAgent,
  };
}

export default function task(t: WorkerTask): WorldReply | void {
  return t.kind === 'world' ? world(t) : shard(t);
}
