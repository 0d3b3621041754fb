/** Test helpers: run the compiled CLI as a real process. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runWhole } from '../src/engine/simulation.js';
import { getModel } from '../src/models/index.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
export const cli = join(root, 'dist', 'src', 'cli', 'main.js');

export function fractable(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd ?? root, encoding: 'utf8', env: { ...process.env, ...opts.env }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export const tempDir = (prefix = 'fractable-') => mkdtempSync(join(tmpdir(), prefix));

/** Runs a resolved scenario whole on this thread (the model from the registry). */
export function runInline(sc: import('../src/scenarios/schema.js').ResolvedScenario) {
  return runWhole(getModel(sc.model), sc);
}
