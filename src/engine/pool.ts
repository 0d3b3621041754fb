/**
 * The piscina worker pool. Workers load the compiled entry point (dist/workers/task.js), one
 * task function for every kind of task (protocol.ts).
 */
import { Piscina } from 'piscina';
import { workerEntry } from '../paths.js';
import type { ShardedWorldTask, ShardLoopTask, WorkerTask, WorldReply, WorldTask } from './protocol.js';

export interface PoolOptions {
  workers: number;
  /** per-worker heap limit in MiB (piscina resourceLimits), so that one runaway run cannot take the machine */
  maxOldGenerationSizeMb?: number;
}

export class WorkerPool {
  readonly piscina: Piscina;
  constructor(readonly opts: PoolOptions) {
    this.piscina = new Piscina({
      filename: workerEntry(),
      minThreads: opts.workers,
      maxThreads: opts.workers,
      idleTimeout: 30_000,
      ...(opts.maxOldGenerationSizeMb ? { resourceLimits: { maxOldGenerationSizeMb: opts.maxOldGenerationSizeMb } } : {}),
    });
  }
  get size(): number { return this.opts.workers; }
  runWorld(task: WorldTask): Promise<WorldReply> {
    return this.piscina.run(task satisfies WorkerTask, task.progress ? { transferList: [task.progress.port as never] } : {}) as Promise<WorldReply>;
  }
  runShardLoop(task: ShardLoopTask): Promise<void> { return this.piscina.run(task satisfies WorkerTask) as Promise<void>; }
  runShardedWorld(task: ShardedWorldTask): Promise<WorldReply> { return this.piscina.run(task satisfies WorkerTask) as Promise<WorldReply>; }
  destroy(): Promise<void> { return this.piscina.destroy(); }
}
