/**
 * Parsers for command-line values: each rejects bad input with a message naming the flag,
 * what was expected and what was found (commander turns it into exit code 2).
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError } from 'commander';

/**
 * An integer as a person writes it: `10000`, `10_000` (underscores between digits, as in YAML
 * 1.1 and JavaScript) or `1e4` (an exponent, when the value is a whole number). No sign, hex or
 * fraction.
 */
export function parseInteger(v: string): number | null {
  const t = v.trim();
  if (!/^\d+(?:_\d+)*(?:[eE]\+?\d+)?$/.test(t)) return null;
  const n = Number(t.replaceAll('_', ''));
  return Number.isSafeInteger(n) ? n : null;
}

export function integer(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = parseInteger(v);
    if (n === null || n < min || n > max) {
      throw new InvalidArgumentError(`${flag}: expected an integer in [${min}, ${max}] (as 10000, 10_000 or 1e4), found ${JSON.stringify(v)}`);
    }
    return n;
  };
}

/** A positive number of seconds (a duration flag). */
export function positive(flag: string) {
  return (v: string): number => {
    const x = Number(v);
    if (!/^\s*[0-9.eE+-]+\s*$/.test(v) || !Number.isFinite(x) || x <= 0) throw new InvalidArgumentError(`${flag}: expected a positive number of seconds, found ${JSON.stringify(v)}`);
    return x;
  };
}

/**
 * The most worker threads a command takes: 4 × the available cores, and never more than 256.
 * Each worker is a thread with its own V8 heap (tens of MB before any world): beyond a few per
 * core they only add memory and switching, never speed.
 */
export const maxWorkers = (): number => Math.min(256, 4 * Math.max(1, availableParallelism()));

export function workerCount(v: string): number {
  const n = parseInteger(v);
  const max = maxWorkers();
  if (n === null || n < 1) throw new InvalidArgumentError(`--workers: expected an integer in [1, ${max}], found ${JSON.stringify(v)}`);
  if (n > max) {
    throw new InvalidArgumentError(`--workers: expected at most ${max} (4 × the ${availableParallelism()} available cores, and never more than 256: each worker is a thread with its own heap, and more than a few per core only add memory), found ${n}`);
  }
  return n;
}
