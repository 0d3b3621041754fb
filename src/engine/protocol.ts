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
 * Step one shard of a large world for every tick, in place in the shared buffers, as one
 * long-running task: the worker waits on the control array's barrier for each tick instead of
 * receiving a message (SharedArrayBuffers are shared, not copied).
 */
export interface ShardLoopTask {
  kind: 'shard-loop';
  buffers: WorldBuffers;
  /** Int32Array slots, see Ctl */
  control: SharedArrayBuffer;
  layout: WorldLayout;
  seed: number;
  shard: number;
  shards: number;
}

/**
 * Slots of the control Int32Array of a sharded world (one per world).
 * GEN: the coordinator bumps it to release the workers for one tick; TICK: which tick;
 * DONE: workers that finished the tick (the last one wakes the coordinator); READY: workers
 * whose loop has started; STOP: set to end the loops; FAILED: a worker's step threw.
 */
export const Ctl = { GEN: 0, TICK: 1, DONE: 2, READY: 3, STOP: 4, FAILED: 5, SLOTS: 8 } as const;

export type WorkerTask = WorldTask | ShardLoopTask;

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
