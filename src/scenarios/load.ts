/**
 * Loading scenarios: built-in names (scenarios/*.yaml) or paths; `extends` chains (a child
 * overrides any key of its base, deeply); validation of each file on its own, so that an error
 * names the file that holds the bad key; and the resolved scenario.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { didYouMean, InputError, inputError, MAX_REPORTED_ERRORS, problemsError, prefixed } from '../errors.js';
import { packageRoot } from '../paths.js';
import { getModel, DEFAULT_MODEL } from '../models/index.js';
import type { ModelDeclaration } from '../engine/declaration.js';
import { scenarioSchema, type ResolvedScenario, type ScenarioParsed } from './schema.js';
import { checkNetworkSize, COMPLETE, NetworkSchema, type CompleteSpec, type NetworkSpec } from '../engine/network.js';
import { resolvePopulations } from '../engine/populations.js';
import { issuesOf, parseOrThrow } from './validate.js';
import { readYaml } from './yaml.js';

export { readYaml, MAX_INPUT_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from './yaml.js';

/** The longest `extends` chain: a scenario and at most this many bases. */
export const MAX_EXTENDS_DEPTH = 64;

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
    const names = existsSync(builtinDir()) ? listScenarios().map((s) => s.name) : [];
    const hint = !ref.includes('/') ? didYouMean(ref.replace(/\.ya?ml$/, ''), names) : '';
    throw new InputError(`${ref}: expected a built-in scenario (${names.join(', ')}) or an existing YAML file, found no such file${hint}`, ref);
  }
  if (statSync(file).isDirectory()) throw new InputError(`${ref}: expected a built-in scenario or a YAML file, found a directory`, ref);
  return file;
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

/**
 * Reads a file and its `extends` chain (raw, not validated): the files base first, each with its
 * raw mapping. At most MAX_EXTENDS_DEPTH bases; a cycle or a longer chain is refused.
 */
function readRaw(first: string): Array<{ file: string; raw: Obj }> {
  const chain: Array<{ file: string; raw: Obj }> = [];
  const names = (files: string[]): string => {
    const b = files.map((f) => basename(f));
    return b.length <= 8 ? b.join(' -> ') : `${b.slice(0, 4).join(' -> ')} -> … (${b.length - 6} more) -> ${b.slice(-2).join(' -> ')}`;
  };
  let file = first;
  for (;;) {
    const seen = chain.map((c) => c.file);
    if (seen.includes(file)) throw new InputError(`${first}: extends: expected a chain without cycles, found ${names([...seen, file])}`, first, 'extends');
    if (chain.length > MAX_EXTENDS_DEPTH) {
      throw new InputError(`${first}: extends: expected a chain of at most ${MAX_EXTENDS_DEPTH} scenarios below this one, found a longer one: ${names([...seen, file])} -> …`, first, 'extends');
    }
    const raw = readYaml(file);
    if (!isObj(raw)) throw inputError(file, '(top level)', 'a mapping of scenario keys', raw);
    chain.push({ file, raw });
    if (raw.extends === undefined) break;
    if (typeof raw.extends !== 'string') throw inputError(file, 'extends', 'a built-in scenario name or a path relative to this file', raw.extends);
    try {
      file = locate(raw.extends, dirname(file));
    } catch (e) {
      if (e instanceof InputError) throw prefixed(e, `${file}: extends: `, file, 'extends');
      throw e;
    }
  }
  return chain.reverse();
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
  // every file's problems in one pass (up to the limit), each naming its own file
  const problems: InputError[] = [];
  let total = 0;
  for (const { file, raw } of chain) {
    const found = issuesOf(scenarioSchema(m), raw, file, MAX_REPORTED_ERRORS - problems.length);
    problems.push(...found.problems);
    total += found.total;
  }
  if (total > 0) throw problemsError(problems, total, chain[chain.length - 1]!.file);
  let merged: Obj = {};
  chain.forEach(({ raw }, i) => {
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
  const chain = readRaw(file);
  const m = typeof overrides.model === 'string' ? getModel(overrides.model) : modelOf(chain);
  const merged = deepMerge(mergeChain(chain, m), overrides) as Obj;
  const parsed = parseOrThrow(scenarioSchema(m), merged, file);
  checkNetworkSizes(parsed, m, file);
  return resolveParsed(parsed, m, basename(file).replace(/\.ya?ml$/, ''), chain.map((c) => c.file));
}

/**
 * Each population's network against the size the population gets (from `agents` and the
 * weights), as a run would build it: `validate` refuses what a run would.
 */
export function checkNetworkSizes(p: Pick<ScenarioParsed, 'agents' | 'populations' | 'params'>, m: ModelDeclaration, file: string | undefined): void {
  const pops = resolvePopulations(m, { agents: p.agents, populations: p.populations, params: p.params });
  for (const pop of pops) {
    if (!pop.network || pop.network.spec.kind === COMPLETE) continue;
    const target = pops.find((q) => q.name === pop.network!.source);
    // a network's settings may come from the model's parameters (a degree), so a run's values can break them
    let spec: Exclude<NetworkSpec, CompleteSpec>;
    try {
      spec = parseOrThrow(NetworkSchema, pop.network.spec) as Exclude<NetworkSpec, CompleteSpec>;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      throw prefixed(e, `${file ? `${file}: ` : ''}populations.${pop.name}.network.`, file, `populations.${pop.name}.network`);
    }
    try {
      checkNetworkSize(spec, pop.size, target?.size ?? 0);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      // the generator's `kind.field: …` becomes `network.field: …`; a CSR limit names the network
      const what = msg.startsWith(`${spec.kind}.`) ? `.${msg.slice(spec.kind.length + 1)}` : `: ${msg}`;
      const sizes = `${pop.name} has ${pop.size} agent${pop.size === 1 ? '' : 's'}${spec.kind === 'bipartite' ? `, ${target?.name} ${target?.size}` : ''} with ${p.agents} agents in all`;
      throw new InputError(`${file ? `${file}: ` : ''}populations.${pop.name}.network${what} (${sizes})`, file, `populations.${pop.name}.network`);
    }
  }
}

/** A scenario from an in-memory object (the library API and tests). */
export function scenarioFrom(input: unknown, name = 'inline'): ResolvedScenario {
  const obj = isObj(input) ? input : {};
  const m = getModel(typeof obj.model === 'string' ? obj.model : DEFAULT_MODEL);
  const parsed = parseOrThrow(scenarioSchema(m), input ?? {}, undefined);
  checkNetworkSizes(parsed, m, undefined);
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
