/**
 * Every message between the coordinator and the pool's workers. One task function in
 * workers/task.ts takes a `WorkerTask` and returns the matching reply.
 */
import type { ResolvedScenario } from '../scenarios/schema.js';
import type { MechanismEvent, Outcome } from './bus.js';
import type { WorldBuffers, WorldLayout } from './world.js';

/** Run a whole small world inside the worker; no per-tick messages. */
export interface WorldTask {
  kind: 'world';
  scenario: ResolvedScenario;
  /** keep the per-tick series in the reply */
  series: boolean;
}

/**
 * Step one shard of a large world for one tick, in place in the shared buffers. The buffers
 * travel with every task (SharedArrayBuffers are shared, not copied); the worker caches its
 * views per `worldId`.
 */
export interface ShardTask {
  kind: 'shard';
  worldId: number;
  buffers: WorldBuffers;
  layout: WorldLayout;
  seed: number;
  tick: number;
  shard: number;
  shards: number;
}

export type WorkerTask = WorldTask | ShardTask;

/** The reply to a WorldTask: the run's result in transferable form. */
export interface WorldReply {
  outcome: Outcome;
  final: Float64Array;
  finalShares: Float64Array;
  stateNames: readonly string[];
  seriesState: Float64Array | null;
  seriesShares: Float64Array | null;
  events: MechanismEvent[];
  digest: string;
  bytesPerAgent: number;
}
