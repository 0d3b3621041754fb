/**
 * Where the package lives, so that built-in scenarios and the compiled worker entry points are
 * found whether the code runs from src/ (tests) or dist/src/ (the CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'fractable') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error('fractable: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** The compiled worker entry point (workers load compiled JS). */
export const workerEntry = (): string => join(packageRoot(), 'dist', 'workers', 'task.js');

export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
