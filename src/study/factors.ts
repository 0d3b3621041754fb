/**
 * Design factors of every kind of parameter, as numbers. A design, its `design` table and the
 * design columns of `runs` hold one DOUBLE per factor, which the analyses (PRIM, summaries) read
 * as they read a numeric parameter. A factor's value is stored as its code:
 *
 *   number   the value itself
 *   boolean  0 (false) or 1 (true)
 *   enum     the index of the value in the parameter's declared values (`fractable params` lists
 *            them in that order)
 *
 * and decoded back to the parameter's value when a run is made (plan.ts) or replayed (replay.ts).
 */
import type { z } from 'zod';
import type { ModelDeclaration, PopulationConfig, PopulationDecl, RunConfig } from '../engine/declaration.js';
import { describeParams, paramDesc, withParam, type ParamDesc } from '../engine/params.js';
import { didYouMean } from '../errors.js';
import { populationConfigs } from '../engine/populations.js';
import type { Dist } from '../random/distributions.js';
import { scenarioSchema } from '../scenarios/schema.js';

export type FactorValue = number | boolean | string;

/** The numeric code of a parameter value (the caller has checked that the value fits the parameter). */
export function encodeFactor(d: ParamDesc, v: FactorValue): number {
  if (d.kind === 'boolean') return v === true ? 1 : 0;
  if (d.kind === 'enum') return d.values.indexOf(String(v));
  return Number(v);
}

/** The parameter value of a numeric code. */
export function decodeFactor(d: ParamDesc, code: number): FactorValue {
  if (d.kind === 'boolean') return code !== 0;
  if (d.kind === 'enum') return d.values[Math.round(code)]!;
  return code;
}

/** Whether `v` is a value of the parameter: a number in its range (an integer where it is one), a boolean, one of its values. */
export function fitsParam(d: ParamDesc, v: unknown): boolean {
  if (d.kind === 'boolean') return typeof v === 'boolean';
  if (d.kind === 'enum') return typeof v === 'string' && d.values.includes(v);
  return typeof v === 'number' && Number.isFinite(v) && v >= d.min && v <= d.max && (!d.integer || Number.isInteger(v));
}

/** What a parameter's listed values must be, for messages. */
export function expectedValues(d: ParamDesc): string {
  if (d.kind === 'boolean') return 'true or false';
  if (d.kind === 'enum') return `one of ${d.values.join(', ')}`;
  return `${d.integer ? 'an integer' : 'a number'} in [${d.min}, ${d.max}]`;
}

// ---------------------------------------------------------------------------------------------
// Factors over the populations: their learning rules, sizes, noise, traits and networks

/** What of a run a design factor sets: the model's parameters and the scenario's population settings. */
export type FactorRun = Pick<RunConfig, 'params' | 'populations'>;

/** A design factor resolved against one scenario: its descriptor and what its values must be. */
export interface Factor {
  name: string;
  /** the value's kind (number, boolean, enum), its code (factors above) and, for a number, its range */
  desc: ParamDesc;
  /** a listed value's requirement, for messages ("a number in (0, 1000000]") */
  expected: string;
  /** the range bounds must lie in, for messages */
  range: string;
  /** a listed value fits (range, integer, multiple) */
  fits(v: unknown): boolean;
  /** a bound of a range fits (integers are rounded when applied, so any number in the range) */
  inRange(v: number): boolean;
  /** why a range is refused (a setting that must be a multiple of a step), or undefined */
  noRange?: string;
}

/** Why a factor name does not resolve: the `expected` and `found` of the message (a Factor has no `found`). */
export interface FactorMiss { expected: string; found: string }

export const POPULATION_PREFIX = 'populations.';
export const isPopulationFactor = (name: string): boolean => name.startsWith(POPULATION_PREFIX);

type Schema = z.ZodType;
// zod 4's definition of a schema, read to walk the scenario schema (a population's settings)
interface Def { type: string; innerType?: Schema; shape?: Record<string, Schema>; options?: Schema[]; values?: unknown[]; entries?: Record<string, string>; checks?: Array<{ _zod: { def: { check: string; value?: unknown; inclusive?: boolean; format?: string } } }>; format?: string }
const defOf = (s: Schema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
const WRAPPERS = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly', 'catch', 'nonoptional']);
function unwrap(s: Schema): Schema {
  let x = s;
  while (WRAPPERS.has(defOf(x).type) && defOf(x).innerType) x = defOf(x).innerType!;
  return x;
}
const shapeOf = (s: Schema): Record<string, Schema> | undefined => {
  const d = defOf(s);
  return d.type === 'object' ? (s as unknown as { shape: Record<string, Schema> }).shape : undefined;
};
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The option of a union (of discriminated unions) that is the object schema of `value`'s kind. */
function optionFor(s: Schema, value: unknown): Schema | undefined {
  const u = unwrap(s);
  const d = defOf(u);
  if (d.type === 'object') {
    const kind = shapeOf(u)!.kind;
    if (!kind) return u;
    const kd = defOf(unwrap(kind));
    return kd.type === 'literal' && isObj(value) && kd.values!.includes(value.kind) ? u : undefined;
  }
  if (d.type !== 'union') return undefined;
  for (const o of d.options!) {
    const hit = optionFor(o, value);
    if (hit) return hit;
  }
  return undefined;
}

/** The scalar schema a value at this place takes (a union of a number and a list: its number), or undefined. */
function scalarOf(s: Schema, value: unknown): Schema | undefined {
  const u = unwrap(s);
  const t = defOf(u).type;
  if (t === 'number' || t === 'boolean' || t === 'enum') return u;
  if (t === 'union' && (value === undefined || typeof value === 'number' || typeof value === 'boolean')) {
    for (const o of defOf(u).options!) {
      const hit = scalarOf(o, value);
      if (hit) return hit;
    }
  }
  return undefined;
}

/** The object schema at this place for `value` (a discriminated union: the option of value's kind). */
function objectOf(s: Schema, value: unknown): Schema | undefined {
  const u = unwrap(s);
  if (defOf(u).type === 'object') {
    const o = optionFor(u, value);
    return o ?? (shapeOf(u)!.kind ? undefined : u);
  }
  return defOf(u).type === 'union' && isObj(value) ? optionFor(u, value) : undefined;
}

/** The dotted paths of the scalar settings (numbers, booleans, enums) under an object schema, for `value`. */
function leaves(s: Schema, value: unknown, prefix = ''): string[] {
  const shape = shapeOf(s);
  if (!shape) return [];
  return Object.entries(shape).flatMap(([k, child]) => {
    const v = isObj(value) ? value[k] : undefined;
    if (scalarOf(child, v)) return [`${prefix}${k}`];
    const o = isObj(v) ? objectOf(child, v) : undefined;
    return o ? leaves(o, v, `${prefix}${k}.`) : [];
  });
}

function fmt(x: number): string { return Number.isFinite(x) ? String(x) : x > 0 ? '∞' : '-∞'; }

/** A Factor from a scalar zod schema (the checks of a number: its bounds, open or closed, integer, multiple). */
function leafFactor(name: string, s: Schema, current: unknown): Factor {
  const d = defOf(s);
  if (d.type === 'boolean') {
    const desc: ParamDesc = { kind: 'boolean', def: current === true, doc: name, source: 'scenario' };
    return { name, desc, expected: expectedValues(desc), range: 'true or false', fits: (v) => typeof v === 'boolean', inRange: () => false };
  }
  if (d.type === 'enum') {
    const values = Object.values(d.entries ?? {});
    const desc: ParamDesc = { kind: 'enum', def: String(current ?? values[0]), values, doc: name, source: 'scenario' };
    return { name, desc, expected: expectedValues(desc), range: `one of ${values.join(', ')}`, fits: (v) => typeof v === 'string' && values.includes(v), inRange: () => false };
  }
  let min = -Infinity, max = Infinity, minIn = true, maxIn = true, integer = false, step = 0;
  for (const c of d.checks ?? []) {
    const cd = c._zod.def;
    if (cd.check === 'greater_than' && Number(cd.value) >= min) { min = Number(cd.value); minIn = cd.inclusive ?? true; }
    if (cd.check === 'less_than' && Number(cd.value) <= max) { max = Number(cd.value); maxIn = cd.inclusive ?? true; }
    if (cd.check === 'multiple_of') step = Number(cd.value);
    if (cd.check === 'number_format' && /int/.test(String(cd.format))) integer = true;
  }
  const range = `${minIn ? '[' : '('}${fmt(min)}, ${fmt(max)}${maxIn ? ']' : ')'}`;
  const inRange = (v: number) => Number.isFinite(v) && (minIn ? v >= min : v > min) && (maxIn ? v <= max : v < max);
  const desc: ParamDesc = { kind: 'number', def: typeof current === 'number' ? current : 0, min, max, unit: '', doc: name, source: 'scenario', integer };
  return {
    name, desc, range, inRange,
    expected: `${integer ? 'an integer' : 'a number'} in ${range}${step ? ` (a multiple of ${step})` : ''}`,
    fits: (v) => typeof v === 'number' && inRange(v) && (!integer || Number.isInteger(v)) && (!step || v % step === 0),
    ...(step ? { noRange: `{ values: [...] } (a multiple of ${step} in ${range}: a range would take values that are not)` } : {}),
  };
}

/** The population a `populations.<name>.…` factor addresses (population names may hold dots: the longest that matches). */
function populationOf(model: ModelDeclaration, name: string): PopulationDecl | undefined {
  const rest = name.slice(POPULATION_PREFIX.length);
  return model.populations.filter((p) => rest === p.name || rest.startsWith(`${p.name}.`)).sort((a, b) => b.name.length - a.name.length)[0];
}

/** A population's settings as a run applies them: its own over the model's derived ones over its declaration. */
function effectiveSettings(model: ModelDeclaration, run: FactorRun, p: PopulationDecl): Record<string, unknown> {
  const c = populationConfigs(model, run)(p.name);
  return {
    ...('weight' in p.size ? { weight: c.weight ?? p.size.weight } : { size: c.size ?? p.size.fixed }),
    rule: c.rule ?? p.rule,
    noise: c.noise ?? p.noise,
    traits: Object.fromEntries(p.traits.map((t) => [t.name, c.traits?.[t.name] ?? t.dist])),
    ...(p.network ? { network: c.network ?? p.network.spec } : {}),
  };
}

const populationSchema = (model: ModelDeclaration, p: PopulationDecl): Schema =>
  unwrap(shapeOf(unwrap(shapeOf(scenarioSchema(model) as Schema)!.populations!))![p.name]!);

/**
 * Resolves a design factor against one scenario (its parameters and population settings): a
 * model parameter (`group.name`), or a population setting `populations.<population>.<setting>`:
 * `weight` (a mass population) or `size` (an institution), `noise`, `rule.<key>` (a key of the
 * population's learning rule, by its kind), `traits.<trait>.<key>` (of the trait's distribution,
 * by its kind) or `network.<key>` (of the network's generator, by its kind); nested keys are
 * dotted (`rule.aspiration.mean`). Their ranges are the scenario schema's (zod).
 */
export function factorOf(model: ModelDeclaration, run: FactorRun, name: string): Factor | FactorMiss {
  if (!isPopulationFactor(name)) {
    const d = paramDesc(model.params, name);
    if (!d) return { expected: `a parameter of model ${model.name} as group.name (see fractable params), or a population setting populations.<population>.<setting>`, found: `unknown parameter "${name}"${didYouMean(name, describeParams(model.params).map((x) => x.path))}` };
    return {
      name, desc: d, expected: expectedValues(d), range: d.kind === 'number' ? `[${d.min}, ${d.max}]` : expectedValues(d),
      fits: (v) => fitsParam(d, v), inRange: (v) => d.kind === 'number' && v >= d.min && v <= d.max,
    };
  }
  const p = populationOf(model, name);
  if (!p) {
    const rest = name.slice(POPULATION_PREFIX.length);
    const names = model.populations.map((x) => x.name);
    return { expected: `populations.<population>.<setting> with a population of model ${model.name} (${names.join(', ')})`, found: `"${name}"${didYouMean(rest.split('.').slice(0, 2).join('.'), names)}` };
  }
  const keys = name.slice(POPULATION_PREFIX.length + p.name.length + 1).split('.'); // [''] for the population alone
  let schema: Schema = populationSchema(model, p);
  let value: unknown = effectiveSettings(model, run, p);
  let at = '';
  for (let i = 0; ; i++) { // every step either descends a key or returns: the last key is a setting, or the message
    const k = keys[i]!;
    const shape = shapeOf(schema)!;
    const child = Object.hasOwn(shape, k) ? shape[k] : undefined;
    const v = isObj(value) ? value[k] : undefined;
    const last = i === keys.length - 1;
    const scalar = child && last ? scalarOf(child, v) : undefined;
    if (scalar) return leafFactor(name, scalar, v);
    const obj = child && !last ? objectOf(child, v) : undefined;
    if (!obj) {
      const valid = leaves(schema, value, '');
      const what = at === '' ? `population ${p.name}` : `${at.replace(/\.$/, '')}${isObj(value) && typeof value.kind === 'string' ? ` ${value.kind}` : ''} of population ${p.name}`;
      return {
        expected: `a numeric or boolean setting of ${what}: ${valid.length ? valid.join(', ') : 'none'}`,
        found: `${JSON.stringify(keys.slice(i).join('.'))}${didYouMean(keys.slice(i).join('.'), valid)}`,
      };
    }
    schema = obj;
    value = v;
    at += `${k}.`;
  }
}

/**
 * The run with one factor set: a model parameter through withParam; a population setting written
 * into the scenario's own settings of that population (`populations.<name>`), the whole rule,
 * trait distribution or network with the one key changed (integers rounded), checked against the
 * scenario schema. A value the schema refuses throws a RangeError.
 */
export function applyFactor(model: ModelDeclaration, run: FactorRun, name: string, value: FactorValue): FactorRun {
  if (!isPopulationFactor(name)) return { ...run, params: withParam(model.params, run.params, name, value) };
  const f = factorOf(model, run, name);
  const p = populationOf(model, name);
  if ('found' in f || !p) throw new RangeError(`${name}: expected ${f.expected}, found ${'found' in f ? f.found : name}`);
  const v = f.desc.kind === 'number' && f.desc.integer && typeof value === 'number' ? Math.round(value) : value;
  const keys = name.slice(POPULATION_PREFIX.length + p.name.length + 1).split('.');
  const settings = effectiveSettings(model, run, p);
  const top = keys[0]!;
  // the part that changes, as a scenario would write it: the whole rule (or trait, network) with the key set
  const part: Record<string, unknown> = top === 'traits' ? { traits: { [keys[1]!]: structuredClone((settings.traits as Record<string, unknown>)[keys[1]!]) } } : { [top]: structuredClone(settings[top]) };
  let node = part;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, unknown>;
  node[keys[keys.length - 1]!] = v;
  const parsed = populationSchema(model, p).safeParse(part);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RangeError(`the value ${JSON.stringify(v)} makes populations.${p.name}.${[...issue.path].join('.')} invalid: ${issue.message}`);
  }
  const data = parsed.data as Record<string, unknown>;
  const own: PopulationConfig = { ...run.populations[p.name] };
  if (top === 'traits') own.traits = { ...own.traits, [keys[1]!]: (data.traits as Record<string, Dist>)[keys[1]!]! };
  else (own as Record<string, unknown>)[top] = data[top];
  return { ...run, populations: { ...run.populations, [p.name]: own } };
}

/**
 * The run at a design point: each factor's code decoded (by the factor's descriptor in the base
 * run) and applied, the model's parameters first (the population settings a model derives from
 * its parameters then see the design's values), then the population settings in design order.
 */
export function applyDesign<R extends FactorRun>(model: ModelDeclaration, base: R, names: readonly string[], codes: readonly number[]): { run: R; values: Record<string, FactorValue> } {
  const values: Record<string, FactorValue> = {};
  let run: FactorRun = base;
  const order = names.map((_, j) => j).sort((a, b) => Number(isPopulationFactor(names[a]!)) - Number(isPopulationFactor(names[b]!)) || a - b);
  for (const j of order) {
    const n = names[j]!;
    const f = factorOf(model, base, n);
    if ('found' in f) throw new RangeError(`${n}: expected ${f.expected}, found ${f.found}`);
    const v = decodeFactor(f.desc, codes[j]!);
    values[n] = v;
    run = applyFactor(model, run, n, v);
  }
  return { run: { ...base, params: run.params, populations: run.populations }, values: Object.fromEntries(names.map((n) => [n, values[n]!])) };
}
