/**
 * Parsers for command-line values: each rejects bad input with a message naming the flag,
 * what was expected and what was found (commander turns it into exit code 2).
 */
import { InvalidArgumentError } from 'commander';

export function integer(flag: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${flag}: expected an integer in [${min}, ${max}], found ${JSON.stringify(v)}`);
    }
    return n;
  };
}
