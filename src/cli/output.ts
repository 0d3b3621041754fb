/**
 * Writing files so that nothing is half-written: each file goes to a temporary name in the
 * same directory and is renamed into place once complete.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function writeAtomic(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = join(dirname(file), `.${process.pid}.${Date.now().toString(36)}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

/** Formats a number for human tables: integers as integers, others to 3 significant decimals. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3);
}
