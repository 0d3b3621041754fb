/**
 * The true yardstick, `shared/reference-kernel/model.mjs`, loaded into the bench's own process,
 * and a side-by-side timer that runs several kernels alternately in one process.
 *
 * Where the reference lives: the directory named by the env var FRACTABLE_REFERENCE_KERNEL, else
 * the first `shared/reference-kernel/model.mjs` found walking up from this file (the project keeps
 * it at `../shared/reference-kernel` beside the repository; a git worktree may sit deeper). In a
 * clean clone without it the bench says so and measures against its own copy
 * (baseline-kernel.ts) only.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inputError } from '../src/errors.js';

/** What the bench uses of model.mjs (the same names baseline-kernel.ts exports). */
export interface KernelModule {
  K: number;
  SEED: number;
  PAYOFF: Float64Array;
  step(p: Float32Array, lo: number, hi: number, seed: number, tick: number, g: number, tally: Int32Array, off: number): void;
  aggregate(tally: Int32Array, W: number): number;
  checksum(p: Float32Array): number;
  simulate(p: Float32Array, N: number, T: number, seed: number): number;
}

export const REFERENCE_ENV = 'FRACTABLE_REFERENCE_KERNEL';

export type Located = { found: true; dir: string; via: string } | { found: false; reason: string };

/**
 * Finds the reference kernel's directory. A FRACTABLE_REFERENCE_KERNEL that does not hold
 * model.mjs is an error (the user asked for it), not a silent fallback.
 */
export function locateReference(env: NodeJS.ProcessEnv = process.env, from = dirname(fileURLToPath(import.meta.url))): Located {
  const given = env[REFERENCE_ENV];
  if (given) {
    const dir = resolve(given);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError(undefined, REFERENCE_ENV, 'a directory holding model.mjs', given);
    if (!existsSync(join(dir, 'model.mjs'))) throw inputError(undefined, REFERENCE_ENV, 'a directory holding model.mjs', `${given} without model.mjs`);
    return { found: true, dir, via: `${REFERENCE_ENV}=${given}` };
  }
  for (let d = resolve(from); ; d = dirname(d)) {
    const dir = join(d, 'shared', 'reference-kernel');
    if (existsSync(join(dir, 'model.mjs'))) return { found: true, dir, via: `found walking up from ${from}` };
    if (dirname(d) === d) break;
  }
  return { found: false, reason: `no shared/reference-kernel/model.mjs above ${from} and ${REFERENCE_ENV} is not set` };
}

export type Reference = { found: true; dir: string; via: string; kernel: KernelModule } | { found: false; reason: string };

/** Locates and imports model.mjs (dynamic import: it is not part of the build). */
export async function loadReference(env: NodeJS.ProcessEnv = process.env): Promise<Reference> {
  const where = locateReference(env);
  if (!where.found) return where;
  const kernel = (await import(pathToFileURL(join(where.dir, 'model.mjs')).href)) as KernelModule;
  return { ...where, kernel };
}

/** One contender of a side-by-side timing: reset() is not timed, run() is. */
export interface Contender {
  name: string;
  reset(): void;
  run(): void;
  /** The float64 sum of the final state and the final g, for contenders that compute the same model. */
  result?(): { sum: number; g: number };
}

/** Wall-clock seconds of each timed round and the process's CPU seconds (user + system) in it. */
export interface Timed { name: string; seconds: number[]; cpuSeconds: number[]; median: number; sum?: number; g?: number }

/** CPU seconds (user + system) of this process since `from` (a process.cpuUsage() reading). */
export const cpuSince = (from: NodeJS.CpuUsage): number => { const u = process.cpuUsage(from); return (u.user + u.system) / 1e6; };

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Times the contenders in one process, alternating: one untimed warm-up round, then `reps` rounds,
 * each running every contender once, in forward order on even rounds and backward on odd ones,
 * so that neither drift in the machine's load nor the position in a round favours one. Records the
 * wall-clock time and the process's CPU time of each run: on a shared machine the CPU time leaves
 * out the time the process waited for a core. Throws if a contender's result changes between
 * rounds (it must be reproducible).
 */
export function sideBySide(contenders: Contender[], reps: number): Timed[] {
  const out: Timed[] = contenders.map((c) => ({ name: c.name, seconds: [], cpuSeconds: [], median: 0 }));
  for (let r = -1; r < reps; r++) {
    const order = contenders.map((_, i) => i);
    if (r % 2 !== 0) order.reverse();
    for (const i of order) {
      const c = contenders[i];
      c.reset();
      const c0 = process.cpuUsage(), t0 = performance.now();
      c.run();
      const dt = (performance.now() - t0) / 1e3, cpu = cpuSince(c0);
      if (r >= 0) { out[i].seconds.push(dt); out[i].cpuSeconds.push(cpu); }
      if (c.result) {
        const { sum, g } = c.result();
        if (out[i].sum !== undefined && (out[i].sum !== sum || out[i].g !== g)) throw new Error(`${c.name}: round ${r} gave ${sum}/${g}, an earlier round ${out[i].sum}/${out[i].g}`);
        out[i].sum = sum; out[i].g = g;
      }
    }
  }
  for (const o of out) o.median = median(o.seconds);
  return out;
}
