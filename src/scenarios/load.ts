/**
 * Loading scenarios: built-in names (scenarios/*.yaml) or paths; `extends` chains (a child
 * overrides any key of its base, deeply); validation of each file on its own, so that an error
 * names the file that holds the bad key; and the resolved scenario.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { InputError, inputError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { getModel, DEFAULT_MODEL } from '../models/index.js';
import type { ModelDeclaration } from '../engine/declaration.js';
import { scenarioSchema, type ResolvedScenario, type ScenarioParsed } from './schema.js';
import { parseOrThrow } from './validate.js';

export const builtinDir = (): string => join(packageRoot(), 'scenarios');

export interface BuiltinScenario { name: string; file: string; description: string; claim: string }

/** The built-in scenarios, sorted by name, with their one-line description and claim. */
export function listScenarios(): BuiltinScenario[] {
  return readdirSync(builtinDir())
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => {
      const file = join(builtinDir(), f);
      const raw = readYaml(file) as { description?: string; claim?: string; name?: string };
      return { name: raw.name ?? basename(f, '.yaml'), file, description: raw.description ?? '', claim: raw.claim ?? '' };
    });
}

/** A built-in name (`baseline`) or a path to a YAML file, resolved against `from`. */
export function locate(ref: string, from = process.cwd()): string {
  const builtin = join(builtinDir(), `${ref}.yaml`);
  if (!ref.includes('/') && !ref.endsWith('.yaml') && !ref.endsWith('.yml') && existsSync(builtin)) return builtin;
  const file = resolve(from, ref);
  if (!existsSync(file)) {
    const names = existsSync(builtinDir()) ? listScenarios().map((s) => s.name).join(', ') : '';
    throw new InputError(`${ref}: expected a built-in scenario (${names}) or an existing YAML file, found no such file`, ref);
  }
  return file;
}

export function readYaml(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${file}: expected a readable file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}`, file);
  }
  try {
    return parseYaml(text) ?? {};
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const pos = e.linePos?.[0];
      throw new InputError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: expected well-formed YAML, found ${e.message.split('\n')[0]}`, file);
    }
    throw e;
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep merge: objects merge key by key, anything else in `over` replaces `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isObj(base) || !isObj(over)) return over === undefined ? base : over;
  const out: Obj = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = k in base ? deepMerge(base[k], v) : v;
  return out;
}

/** Reads a file and its `extends` chain (raw, not validated): the files base first, each with its raw mapping. */
function readRaw(file: string, seen: string[]): Array<{ file: string; raw: Obj }> {
  if (seen.includes(file)) throw new InputError(`${file}: extends: expected a chain without cycles, found ${[...seen, file].map((f) => basename(f)).join(' -> ')}`, file, 'extends');
  const raw = readYaml(file);
  if (!isObj(raw)) throw inputError(file, '(top level)', 'a mapping of scenario keys', raw);
  if (typeof raw.extends !== 'string') return [{ file, raw }];
  let base: string;
  try {
    base = locate(raw.extends, dirname(file));
  } catch (e) {
    if (e instanceof InputError) throw new InputError(`${file}: extends: ${e.message}`, file, 'extends');
    throw e;
  }
  return [...readRaw(base, [...seen, file]), { file, raw }];
}

/** The model a chain of raw scenario files names (the last `model:` wins; default table). */
function modelOf(chain: ReadonlyArray<{ file: string; raw: Obj }>): ModelDeclaration {
  for (let i = chain.length - 1; i >= 0; i--) {
    const m = chain[i]!.raw.model;
    if (m !== undefined) {
      if (typeof m !== 'string') throw inputError(chain[i]!.file, 'model', 'a model name', m);
      return getModel(m, `${chain[i]!.file}: model`);
    }
  }
  return getModel(DEFAULT_MODEL);
}

/** Validates each file of a chain on its own (errors name the right file) and merges them, base first. */
function mergeChain(chain: ReadonlyArray<{ file: string; raw: Obj }>, m: ModelDeclaration): Obj {
  let merged: Obj = {};
  chain.forEach(({ file, raw }, i) => {
    parseOrThrow(scenarioSchema(m), raw, file);
    const own = { ...raw };
    delete own.extends;
    // name/description/claim are the child's own, never inherited
    merged = i === 0 ? own : (deepMerge({ ...merged, name: undefined, description: undefined, claim: undefined }, own) as Obj);
  });
  return merged;
}

/** Loads and validates a scenario by built-in name or path; `overrides` (already-parsed keys) win. */
export function loadScenario(ref: string, overrides: Obj = {}): ResolvedScenario {
  const file = locate(ref);
  const chain = readRaw(file, []);
  const m = typeof overrides.model === 'string' ? getModel(overrides.model) : modelOf(chain);
  const merged = deepMerge(mergeChain(chain, m), overrides) as Obj;
  const parsed = parseOrThrow(scenarioSchema(m), merged, file);
  return resolveParsed(parsed, m, basename(file).replace(/\.ya?ml$/, ''), chain.map((c) => c.file));
}

/** A scenario from an in-memory object (the library API and tests). */
export function scenarioFrom(input: unknown, name = 'inline'): ResolvedScenario {
  const obj = isObj(input) ? input : {};
  const m = getModel(typeof obj.model === 'string' ? obj.model : DEFAULT_MODEL);
  const parsed = parseOrThrow(scenarioSchema(m), input ?? {}, undefined);
  return resolveParsed(parsed, m, name, []);
}

function resolveParsed(p: ScenarioParsed, m: ModelDeclaration, fallbackName: string, sources: string[]): ResolvedScenario {
  return {
    model: m.name,
    name: p.name ?? fallbackName,
    description: p.description ?? '',
    claim: p.claim ?? '',
    agents: p.agents,
    ticks: p.ticks,
    seed: p.seed,
    params: p.params,
    populations: p.populations,
    ...(p.start ? { start: p.start } : {}),
    ...(p.test ? { test: p.test } : {}),
    sources,
  };
}
