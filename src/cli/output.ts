/**
 * Writing files so that nothing is half-written: each file goes to a temporary name in the
 * same directory and is renamed into place once complete.
 */
export { writeAtomic } from '../files.js';

/** Formats a number for human tables: integers as integers, others to 3 significant decimals. */
export function fmt(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(1) : x.toFixed(3);
}
