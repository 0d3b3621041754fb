/**
 * Store arguments of `merge` and `status`: each a store file, a directory (its `*.duckdb`
 * files, not recursing), or a glob (`results/x-slurm/*.duckdb`, quoted so that the shell leaves
 * it to us; tinyglobby expands it). `allowEmpty`: a directory without stores yet is no error
 * (`status` of an array whose tasks have not started).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { InputError } from '../errors.js';

/** Temporary files of merge and of atomic writes are never inputs. */
const isStoreName = (name: string): boolean => name.endsWith('.duckdb') && !name.startsWith('.');

/** The store files named by `args`, absolute, sorted within each argument, each once; `exclude` left out. */
export function expandStores(args: readonly string[], o: { exclude?: string[]; what?: string; allowEmpty?: boolean } = {}): string[] {
  const exclude = new Set((o.exclude ?? []).map((f) => resolve(f)));
  const what = o.what ?? 'stores';
  const out: string[] = [];
  const add = (f: string) => { const a = resolve(f); if (!exclude.has(a) && !out.includes(a)) out.push(a); };
  for (const arg of args) {
    if (existsSync(arg) && statSync(arg).isDirectory()) {
      const names = readdirSync(arg).filter(isStoreName).sort(naturalOrder);
      if (names.length === 0 && !o.allowEmpty) throw new InputError(`${arg}: expected a directory with results stores (*.duckdb), found none`, arg);
      for (const n of names) add(join(arg, n));
    } else if (!existsSync(arg) && isDynamicPattern(arg)) {
      const found = globSync(arg, { absolute: true, onlyFiles: true, expandDirectories: false }).filter((f) => isStoreName(f.split('/').pop()!)).sort(naturalOrder);
      if (found.length === 0) throw new InputError(`${arg}: expected a pattern matching results stores (*.duckdb), found no match`, arg);
      for (const f of found) add(f);
    } else {
      if (!existsSync(arg)) throw new InputError(`${arg}: expected an existing results store, a directory of them or a glob, found no such file`, arg);
      add(arg);
    }
  }
  if (out.length === 0 && !o.allowEmpty) throw new InputError(`expected at least one of the ${what}, found none`);
  return out;
}

/** shard-2-of-16 before shard-10-of-16. */
function naturalOrder(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
