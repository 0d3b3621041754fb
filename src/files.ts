/**
 * Writing files so that nothing is half-written: each file goes to a temporary name in the
 * same directory and is renamed into place once complete. And checking output paths before any
 * work starts, so that a bad path is one clear line (exit 2), never a stack trace half-way. A
 * base module (like errors.ts and paths.ts): every layer may use it.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fsReason, InputError, safeText } from './errors.js';

export function writeAtomic(file: string, content: string | Uint8Array): void {
  if (!existsSync(dirname(file))) ensureDir(dirname(file), 'output');
  const tmp = join(dirname(file), `.${process.pid}.${Date.now().toString(36)}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

const reason = (e: unknown): string => fsReason(e) ?? (e instanceof Error ? e.message : String(e));

/**
 * Creates `dir` and its missing parents one level at a time, each with a plain mkdir. (Node's
 * recursive mkdir loops for ever on a path it cannot create, such as one under /proc.) `label`
 * names what the directory is for (a flag) in the message.
 */
export function ensureDir(dir: string, label: string): string {
  const abs = resolve(dir);
  const missing: string[] = [];
  let d = abs;
  while (!existsSync(d)) {
    missing.unshift(d);
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (existsSync(d) && !statSync(d).isDirectory()) {
    throw new InputError(`${label}: ${safeText(dir)}: expected a directory, found a file at ${safeText(d)}`, dir);
  }
  for (const m of missing) {
    try {
      mkdirSync(m);
    } catch (e) {
      throw new InputError(`${label}: ${safeText(dir)}: expected a directory that can be created, found that ${safeText(m)} cannot be (${reason(e)})`, dir);
    }
  }
  return abs;
}

/** Checks that new files can be written in `dir` (which exists): writes and removes a probe file. */
export function checkWritableDir(dir: string, label: string): void {
  const probe = join(dir, `.fractable-probe-${process.pid}`);
  try {
    writeFileSync(probe, '');
  } catch (e) {
    throw new InputError(`${label}: ${safeText(dir)}: expected a directory this process can write in, found ${reason(e)}`, dir);
  } finally {
    rmSync(probe, { force: true });
  }
}

/**
 * An output file's path, checked before any work: its directory exists or can be created and is
 * writable, and the path itself is not a directory. Returns the absolute path.
 */
export function checkOutputFile(file: string, label: string): string {
  const abs = resolve(file);
  if (existsSync(abs) && statSync(abs).isDirectory()) throw new InputError(`${label}: ${safeText(file)}: expected a file, found a directory`, file);
  checkWritableDir(ensureDir(dirname(abs), label), label);
  return abs;
}

/** An output directory, checked before any work: not a file, created if missing, writable. */
export function checkOutputDir(dir: string, label: string): string {
  const abs = resolve(dir);
  if (existsSync(abs) && !statSync(abs).isDirectory()) throw new InputError(`${label}: ${safeText(dir)}: expected a directory, found a file`, dir);
  checkWritableDir(ensureDir(abs, label), label);
  return abs;
}
