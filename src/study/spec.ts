/**
 * Study files (YAML): scenarios × a parameter design × replicates. Validated like scenarios:
 * a bad file gives one message "FILE: PATH: expected X, found Y" and exit code 2.
 *
 * A study resolves to every scenario fully loaded (with the study's `agents`, `ticks` and
 * `params` overrides), the design's rows, and a hash of everything that determines the
 * results (the spec hash): resume and merge refuse stores whose hash differs.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Problem } from '../analysis/index.js';
import { didYouMean, InputError, inputError, prefixed } from '../errors.js';
import { describeModel, type ModelDeclaration, type ModelDescriptor } from '../engine/declaration.js';
import { LEARNING_STATS, LEARNING_STAT_UNITS, type LearningStat, type StatRequest } from '../engine/learning-stats.js';
import { paramsSchema } from '../engine/params.js';
import { DEFAULT_MODEL, getModel } from '../models/index.js';
import { version } from '../paths.js';
import { checkNetworkSizes, loadScenario, readYaml } from '../scenarios/load.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { parseOrThrow } from '../scenarios/validate.js';
import { buildDesign, DESIGN_METHODS, designSize, isParquetFile, readDesignFile, readParquetDesignFile, sampleByWeight, type Design, type DesignFile, type DesignMethod } from './designs.js';
import { applyDesign, applyFactor, encodeFactor, expectedValues, factorOf, isPopulationFactor, type Factor, type FactorValue } from './factors.js';

/** Most values one listed factor may take. */
export const MAX_FACTOR_VALUES = 1000;

/** Most runs one study may hold (run ids are 32-bit integers). */
export const MAX_RUNS = 1_000_000_000;
/** Most design points one design may have. */
export const MAX_DESIGN_POINTS = 10_000_000;

export const RECORD_KINDS = ['outcome', 'metrics', 'series', 'events'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

const Bounds = z.tuple([z.number(), z.number()]);
/** A design factor: a numeric range, or the list of values it takes (checked against the parameter in resolveStudy). */
const Factor = z.custom<[number, number] | { values: unknown[] }>(
  (v) => Bounds.safeParse(v).success || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && Array.isArray((v as { values?: unknown }).values)),
  { message: 'bounds [lower, upper] (two numbers) or { values: [...] }' },
);

export const DesignSchema = z.strictObject({
  method: z.enum([...DESIGN_METHODS, 'file'] as unknown as [DesignMethod | 'file', ...(DesignMethod | 'file')[]]).describe('grid | random | lhs | sobol | morris | file'),
  samples: z.number().int().min(1).max(MAX_DESIGN_POINTS).optional()
    .describe('grid: levels per parameter; random, lhs: points; sobol: base points N (a power of two); morris: trajectories; file with weights: rows drawn'),
  levels: z.number().int().min(2).max(100).optional().describe('morris: levels of the grid (even; default 4)'),
  secondOrder: z.boolean().optional().describe('sobol: also lay out the rows for second-order indices (default true)'),
  parameters: z.record(z.string(), Factor).optional()
    .describe('dotted model parameter → [lower, upper], or { values: [...] } (numbers, booleans, enum values; in sobol and morris a categorical factor by index); not with file'),
  file: z.string().min(1).optional().describe('file: the design file, relative to the study file: CSV, or Parquet (a name ending in .parquet or .pq)'),
  weights: z.boolean().optional().describe('file: draw `samples` rows by the file\'s weight column (default false: every row)'),
});

/** Most policies one study may cross its design with. */
export const MAX_POLICIES = 1000;

/** A policy of `levers:`: a name and the values it sets of the parameters a user controls. */
export const PolicySchema = z.strictObject({
  name: z.string().min(1).max(100).describe('the policy\'s name (letters, digits, ".", "_" and "-"): the runs\' policy column'),
  description: z.string().optional(),
  set: z.record(z.string(), z.unknown()).default({}).describe('dotted model parameter (or population setting) → its value under this policy; a lever a policy does not set keeps the scenario\'s value'),
});

export const SeriesSchema = z.strictObject({
  every: z.number().int().min(1).max(100_000).default(1).describe('keep every k-th tick (and the last)'),
  variables: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional().describe("state variables to keep (default: all; the model's state), action shares share:<population>:<action>, and learning statistics entropy:<population>, switch:<population>, dispersion:<population>"),
});

/** Most outputs one study may declare, and the longest query. */
export const MAX_OUTPUTS = 100;
const MAX_QUERY = 20_000;

/** A study's own output: DuckDB SQL over a run's recorded series and events, one value per run (outputs.ts). */
const OutputSchema = z.union([
  z.string().min(1).max(MAX_QUERY),
  z.strictObject({
    query: z.string().min(1).max(MAX_QUERY).describe('DuckDB SELECT over the run\'s series and events: one numeric (or boolean) value'),
    unit: z.string().min(1).max(100).optional().describe('the unit of the value (the report\'s axes)'),
    description: z.string().max(1000).optional(),
  }),
]).describe('a query, or { query, unit, description }');

export const StudySchema = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().optional(),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1).describe('master seed'),
  model: z.string().min(1).max(100).optional().describe('the registered model of every scenario (default: the scenarios\' own, or table)'),
  agents: z.number().int().min(1).max(50_000_000).optional().describe('mass agents per run (default: each scenario\'s own)'),
  ticks: z.number().int().min(1).max(100_000).optional().describe('ticks per run (default: each scenario\'s own)'),
  replicates: z.number().int().min(1).max(10_000_000).default(1).describe('runs per scenario and design point'),
  scenarios: z.array(z.string().min(1)).min(1).describe('built-in names or paths relative to the study file'),
  params: z.record(z.string(), z.unknown()).optional().describe("parameter overrides applied to every scenario (validated against the model's parameters)"),
  design: DesignSchema.optional(),
  levers: z.array(PolicySchema).min(1).max(MAX_POLICIES).optional()
    .describe('policies (each a set of values of the parameters a user controls): every scenario × design point × replicate runs once under each'),
  record: z.array(z.enum(RECORD_KINDS)).min(1).default(['outcome', 'metrics']),
  series: SeriesSchema.optional(),
  outputs: z.record(z.string(), OutputSchema).optional().describe('the study\'s own outputs: name → DuckDB SELECT over each run\'s series and events, one value per run, stored as a column of runs'),
  workerMemoryMb: z.number().int().min(16).max(1_048_576).optional().describe('heap limit of each worker in MiB (piscina resourceLimits)'),
});
export type StudyInput = z.input<typeof StudySchema>;

export interface StudyDesign extends Design {
  samples: number;
  /** per factor, its listed values as written (null: a range); absent when every factor is a range */
  values?: (FactorValue[] | null)[];
  /** per factor, the codes of its listed values in the same order (null: a range); with `values` */
  codes?: (number[] | null)[];
  /** file: the rows were drawn by weight */
  weights?: boolean;
  levels?: number;
  secondOrder?: boolean;
}

/**
 * A policy of the study's `levers`: the values it sets (as written) and, in `names` order, their
 * codes (factors.ts), which each run applies with the design's.
 */
export interface Policy {
  name: string;
  description: string;
  /** the levers this policy sets, sorted by name (the order the runs apply them in) */
  names: string[];
  /** their values as written */
  values: FactorValue[];
  /** their codes (a number itself, 0/1, an enum's index) */
  codes: number[];
}

export interface ResolvedStudy {
  name: string;
  description: string;
  /** the study file, when loaded from one */
  file?: string;
  seed: number;
  replicates: number;
  /** the model every scenario runs */
  model: ModelDeclaration;
  /** the scenarios, fully resolved with the study's overrides (their `seed` is replaced per run) */
  scenarios: ResolvedScenario[];
  design: StudyDesign | null;
  /** the policies of `levers:`, each crossed with every scenario, design point and replicate; null without levers */
  policies: Policy[] | null;
  record: { metrics: boolean; events: boolean; series: { every: number; variables: string[] } | null };
  /** the study's own outputs, in declared order (each a DOUBLE column of runs named by it; outputs.ts) */
  outputs: StudyOutput[];
  workerMemoryMb?: number;
  /** design points (1 without a design) */
  points: number;
  /** scenarios × policies × points × replicates */
  runs: number;
  /** SHA-256 of the canonical JSON of everything that determines the results, with the fractable version */
  specHash: string;
  /** the resolved spec as stored in the `study` table */
  spec: Record<string, unknown>;
}

/** A study's own output as declared: its name (the column of runs), its query, its unit. */
export interface StudyOutput { name: string; query: string; unit: string | null; description: string | null }

/** Names of runs columns and prefixes an output may not take (built-in columns, and analyze's output names). */
const RESERVED_OUTPUT_NAMES = ['run_id', 'design_point', 'replicate', 'scenario', 'seed', 'status', 'outcome', 'outcome_tick', 'digest', 'error', 'wall_ms', 'time_to_outcome'];
const RESERVED_OUTPUT_PREFIXES = ['out_', 'final_', 'share_', 'mean_share_', 'events_', 'p_'];

/** The outputs a study file declares, their names checked (their queries are checked by outputs.ts). */
function resolveOutputs(raw: Record<string, z.output<typeof OutputSchema>> | undefined, file: string | undefined): StudyOutput[] {
  const entries = Object.entries(raw ?? {});
  if (entries.length > MAX_OUTPUTS) throw bad(file, 'outputs', `at most ${MAX_OUTPUTS} outputs`, `${entries.length}`);
  return entries.map(([name, o]) => {
    const where = `outputs.${name}`;
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw bad(file, where, 'an output name of lower-case letters, digits and "_", starting with a letter, at most 63 characters (it names a column of runs)', JSON.stringify(name));
    if (RESERVED_OUTPUT_NAMES.includes(name)) throw bad(file, where, `a name that is not one of the runs table's own columns (${RESERVED_OUTPUT_NAMES.join(', ')})`, JSON.stringify(name));
    const prefix = RESERVED_OUTPUT_PREFIXES.find((x) => name.startsWith(x));
    if (prefix) throw bad(file, where, `a name that does not start with ${RESERVED_OUTPUT_PREFIXES.join(', ')} (the prefixes of built-in columns and outputs)`, `${JSON.stringify(name)}, which starts with "${prefix}"`);
    return typeof o === 'string'
      ? { name, query: o, unit: null, description: null }
      : { name, query: o.query, unit: o.unit ?? null, description: o.description ?? null };
  });
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) return Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, sortKeys(v[k])]));
  return v;
}

/** `file: path: expected X, found Y` with `found` given as text (not quoted). */
function bad(file: string | undefined, path: string, expected: string, found: string): InputError {
  return new InputError(`${file ? `${file}: ` : ''}${path}: expected ${expected}, found ${found}`, file, path);
}

/**
 * Loads, validates and resolves a study file. Synchronous: a `method: file` design must be a
 * CSV; a Parquet design file needs {@link loadStudyAsync} (what the fractable commands use).
 */
export function loadStudy(file: string): ResolvedStudy {
  const path = resolve(file);
  const raw = readYaml(path);
  return resolveStudy(raw, path);
}

/** Loads, validates and resolves a study file; its design file may be CSV or Parquet (read through DuckDB). */
export async function loadStudyAsync(file: string): Promise<ResolvedStudy> {
  const path = resolve(file);
  const raw = readYaml(path);
  return resolveStudyAsync(raw, path);
}

/**
 * A design file the synchronous resolver cannot read (a Parquet file, which DuckDB reads
 * asynchronously): to a synchronous caller an InputError that says so; {@link resolveStudyAsync}
 * catches it, reads the file and resolves again with its rows.
 */
class AsyncDesignFile extends InputError {
  constructor(readonly at: string, readonly label: string, file: string | undefined) {
    super(`${label}: expected a CSV design file (loadStudy and resolveStudy read Parquet design files only through loadStudyAsync or resolveStudyAsync, as the fractable commands do), found a Parquet file`, file, 'design.file');
  }
}

/** Options of {@link resolveStudy}. */
export interface ResolveOptions {
  /** design files already read, by absolute path (how {@link resolveStudyAsync} hands over a Parquet file's rows) */
  designFiles?: ReadonlyMap<string, DesignFile>;
}

/**
 * {@link resolveStudy} for any design file: every check before the design runs first, in the
 * same order (so a study with several problems reports the same one first), then a Parquet
 * design file is read through DuckDB and the study resolved with its rows.
 */
export async function resolveStudyAsync(raw: unknown, file?: string, baseDir = file ? dirname(file) : process.cwd()): Promise<ResolvedStudy> {
  const designFiles = new Map<string, DesignFile>();
  for (;;) {
    try {
      return resolveStudy(raw, file, baseDir, { designFiles });
    } catch (e) {
      if (!(e instanceof AsyncDesignFile) || designFiles.has(e.at)) throw e;
      designFiles.set(e.at, await readParquetDesignFile(e.at, e.label));
    }
  }
}

/** A study from an in-memory object; scenario paths are resolved against `baseDir` (default: the file's directory, or the working directory). */
export function resolveStudy(raw: unknown, file?: string, baseDir = file ? dirname(file) : process.cwd(), o: ResolveOptions = {}): ResolvedStudy {
  if (!isObj(raw)) throw inputError(file, '(top level)', 'a mapping of study keys', raw);
  const p = parseOrThrow(StudySchema, raw, file);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p.name)) {
    throw inputError(file, 'name', 'a name of letters, digits, ".", "_" and "-" (it names the results file)', p.name);
  }

  // scenarios, with the study's overrides
  const overrides: Obj = {};
  if (p.agents !== undefined) overrides.agents = p.agents;
  if (p.ticks !== undefined) overrides.ticks = p.ticks;
  if (p.model !== undefined) overrides.model = p.model;
  const rawParams = (raw as Obj).params;
  if (rawParams !== undefined) {
    // the study's own overrides are checked against the model's parameters first, so that an error names the study file
    const first = p.scenarios[0]!;
    const sc0 = loadScenario(first.includes('/') || first.endsWith('.yaml') || first.endsWith('.yml') ? resolve(baseDir, first) : first, { ...overrides });
    parseOrThrow(z.strictObject({ params: paramsSchema(getModel(sc0.model).params) }), { params: rawParams }, file);
    overrides.params = rawParams;
  }
  const scenarios = p.scenarios.map((ref, i) => {
    const isPath = ref.includes('/') || ref.endsWith('.yaml') || ref.endsWith('.yml');
    try {
      return loadScenario(isPath ? resolve(baseDir, ref) : ref, overrides);
    } catch (e) {
      // each problem of the scenario (several when one pass found several) names the study file and the entry
      if (e instanceof InputError) throw prefixed(e, `${file ? `${file}: ` : ''}scenarios.${i}: `, file, `scenarios.${i}`);
      throw e;
    }
  });
  const seen = new Map<string, number>();
  scenarios.forEach((s, i) => {
    if (seen.has(s.name)) throw inputError(file, `scenarios.${i}`, `scenarios with distinct names (scenarios.${seen.get(s.name)} is also named "${s.name}")`, p.scenarios[i]);
    seen.set(s.name, i);
  });

  // the model: every scenario's (one model per study)
  const model = scenarios[0]!.model ? getModel(scenarios[0]!.model) : getModel(DEFAULT_MODEL);
  scenarios.forEach((s, i) => {
    if (s.model !== model.name) throw inputError(file, `scenarios.${i}`, `a scenario of model "${model.name}" (a study runs one model; scenarios.0 is one)`, `a scenario of model "${s.model}"`);
  });

  // design
  let design: StudyDesign | null = null;
  if (p.design && p.design.method === 'file') {
    design = fileDesign(p.design, model, scenarios, file, baseDir, p.seed, o.designFiles);
  } else if (p.design) {
    const d = p.design;
    if (d.samples === undefined) throw inputError(file, 'design.samples', `a number of samples for method ${d.method}`, undefined);
    if (d.parameters === undefined) throw inputError(file, 'design.parameters', `parameter bounds for method ${d.method}`, undefined);
    if (d.file !== undefined) throw inputError(file, 'design.file', 'file only with method file', d.file);
    if (d.weights !== undefined) throw inputError(file, 'design.weights', 'weights only with method file', d.weights);
    const names = Object.keys(d.parameters);
    if (names.length === 0) throw inputError(file, 'design.parameters', 'at least one parameter', d.parameters);
    const bounds: [number, number][] = [];
    // a listed factor: its values as written and their codes (factors.ts); null for a range
    const listed: (FactorValue[] | null)[] = [];
    // each factor resolved against every scenario (a population setting may differ between them: a rule's kind)
    const factors: Factor[] = [];
    for (const n of names) {
      const where = `design.parameters.${n}`;
      const desc = resolveFactor(model, scenarios, n, file, where);
      factors.push(desc[0]!);
      const spec = d.parameters[n]!;
      if (!Array.isArray(spec)) {
        const values = spec.values;
        // in a sobol or morris design a listed factor is categorical (designs.ts): one value would be a constant
        const least = d.method === 'sobol' || d.method === 'morris' ? 2 : 1;
        if (values.length < least || values.length > MAX_FACTOR_VALUES) {
          throw bad(file, `${where}.values`, `${least} to ${MAX_FACTOR_VALUES} values${least > 1 ? ` (a categorical factor of a ${d.method} design; a single value is a constant: set it in params)` : ''}`, `${values.length}`);
        }
        values.forEach((v, k) => desc.forEach((f, i) => {
          if (!f.fits(v)) throw inputError(file, `${where}.values.${k}`, `${f.expected}${isPopulationFactor(n) ? scenarioNote(scenarios, i) : ' (see fractable params)'}`, v);
          checkApplies(model, scenarios[i]!, n, v as FactorValue, file, `${where}.values.${k}`);
        }));
        const dup = values.findIndex((v, k) => values.indexOf(v) !== k);
        if (dup >= 0) throw inputError(file, `${where}.values.${dup}`, 'distinct values', values[dup]);
        const codes = (values as FactorValue[]).map((v) => encodeFactor(desc[0]!.desc, v));
        listed.push(values as FactorValue[]);
        bounds.push([Math.min(...codes), Math.max(...codes)]);
        continue;
      }
      const f0 = desc[0]!.desc;
      if (f0.kind !== 'number') throw bad(file, where, `{ values: [...] } listing the values of ${f0.kind === "enum" ? "an" : "a"} ${f0.kind} parameter (${expectedValues(f0)}); bounds are for numeric parameters`, `bounds [${spec.join(', ')}]`);
      const [lo, hi] = spec;
      if (!(lo < hi)) throw bad(file, where, 'bounds [lower, upper] with lower < upper', `[${lo}, ${hi}]`);
      desc.forEach((f, i) => {
        if (f.noRange) throw bad(file, where, f.noRange, `bounds [${lo}, ${hi}]`);
        if (!f.inRange(lo) || !f.inRange(hi)) throw bad(file, where, `bounds inside the ${isPopulationFactor(n) ? 'setting' : 'parameter'}'s range ${f.range}${isPopulationFactor(n) ? scenarioNote(scenarios, i) : ''}`, `[${lo}, ${hi}]`);
        for (const v of [lo, hi]) checkApplies(model, scenarios[i]!, n, v, file, where);
      });
      listed.push(null);
      bounds.push([lo, hi]);
    }
    const lists = listed.some((l) => l !== null) ? listed.map((l, j) => (l ? l.map((v) => encodeFactor(factors[j]!.desc, v)) : null)) : undefined;
    if (d.levels !== undefined && d.method !== 'morris') throw inputError(file, 'design.levels', 'levels only with method morris', d.levels);
    if (d.secondOrder !== undefined && d.method !== 'sobol') throw inputError(file, 'design.secondOrder', 'secondOrder only with method sobol', d.secondOrder);
    if (d.method === 'morris' && d.levels !== undefined && d.levels % 2 !== 0) throw inputError(file, 'design.levels', 'an even number of levels', d.levels);
    if (d.method === 'grid' && d.samples < 2) throw inputError(file, 'design.samples', 'at least 2 levels per parameter for a grid', d.samples);
    if (d.method === 'sobol' && (d.samples & (d.samples - 1)) !== 0) throw inputError(file, 'design.samples', "a power of two (Saltelli's scheme on a Sobol' sequence)", d.samples);
    const method = d.method as DesignMethod;
    const opts = { method, samples: d.samples, seed: p.seed, ...(d.levels !== undefined ? { levels: d.levels } : {}), ...(d.secondOrder !== undefined ? { secondOrder: d.secondOrder } : {}), ...(lists ? { lists } : {}) };
    const size = designSize(opts, names.length);
    if (size > MAX_DESIGN_POINTS) throw bad(file, 'design.samples', `a design of at most ${MAX_DESIGN_POINTS} points`, `${d.samples} (${size} points)`);
    const problem: Problem = { names, bounds };
    design = {
      ...buildDesign(problem, opts),
      samples: d.samples,
      ...(d.method === 'morris' ? { levels: d.levels ?? 4 } : {}),
      ...(d.method === 'sobol' ? { secondOrder: d.secondOrder ?? true } : {}),
      ...(lists ? { values: listed, codes: lists } : {}),
    };
  }

  // what to record
  const rec = new Set(p.record);
  if (p.series && !rec.has('series')) throw inputError(file, 'series', 'a series block only when record includes "series"', p.series);
  const stateNames = model.state.map((v) => v.name);
  (p.series?.variables ?? []).forEach((v, j) => {
    const where = `series.variables.${j}`;
    if (v.startsWith(SHARE_PREFIX)) {
      const s = shareOf(model, v);
      if (typeof s !== 'number') throw bad(file, where, s.expected, s.found);
    } else if (v.includes(':')) {
      const s = statOf(model, v);
      if ('expected' in s) throw bad(file, where, s.expected, s.found);
    } else if (!stateNames.includes(v)) {
      throw bad(file, where, `a state variable of model ${model.name} (${stateNames.join(', ')}), an action share share:<population>:<action> or a learning statistic <statistic>:<population> (${LEARNING_STATS.join(', ')})`, `${JSON.stringify(v)}${didYouMean(v, stateNames)}`);
    }
  });
  const dupVar = (p.series?.variables ?? []).findIndex((v, j, all) => all.indexOf(v) !== j);
  if (dupVar >= 0) throw inputError(file, `series.variables.${dupVar}`, 'distinct variables', p.series!.variables![dupVar]);
  const series = rec.has('series') ? { every: p.series?.every ?? 1, variables: p.series?.variables ?? stateNames } : null;
  const record = { metrics: rec.has('metrics'), events: rec.has('events'), series };
  const outputs = resolveOutputs(p.outputs, file);

  // levers: the policies, each crossed with every scenario, design point and replicate
  const policies = p.levers ? resolvePolicies(p.levers, model, scenarios, design?.names ?? [], file) : null;
  if (design || policies) checkDesignNetworks(model, scenarios, design, policies, file);

  const points = design ? design.points.length : 1;
  const runs = scenarios.length * (policies?.length ?? 1) * points * p.replicates;
  if (runs > MAX_RUNS) throw bad(file, 'replicates', `at most ${MAX_RUNS} runs in all (scenarios × ${policies ? 'policies × ' : ''}design points × replicates)`, `${p.replicates} (${runs} runs)`);

  // identity: everything that determines the results
  const identity = {
    format: 'fractable-study/2',
    version: version(),
    model: describeModel(model),
    name: p.name,
    seed: p.seed,
    replicates: p.replicates,
    scenarios: scenarios.map((s) => ({ name: s.name, agents: s.agents, ticks: s.ticks, start: s.start, params: s.params, populations: s.populations, test: s.test })),
    design: design ? {
      method: design.method, samples: design.samples, levels: design.levels, secondOrder: design.secondOrder, parameters: design.names.map((n, j) => ({ name: n, bounds: design!.bounds[j], values: design!.values?.[j] ?? undefined })),
      // a file design's identity is its rows (the file's content), not its path
      ...(design.method === 'file' ? { weights: design.weights, points: design.points } : {}),
    } : null,
    record,
    // only with levers, so that a study without them keeps its spec hash
    ...(policies ? { levers: policies.map((x) => ({ name: x.name, set: Object.fromEntries(x.names.map((n, j) => [n, x.values[j]])) })) } : {}),
    // the queries determine the outputs' values (their units do not); absent without outputs, so that other studies keep their hash
    ...(outputs.length ? { outputs: outputs.map((o) => ({ name: o.name, query: o.query })) } : {}),
  };
  const specHash = createHash('sha256').update(canonicalJson(identity)).digest('hex');
  // each listed factor's codes beside its values (what the analyses read a stored design by), outside
  // the identity: they follow from the values and the model
  const specDesign = identity.design && design?.codes
    ? { ...identity.design, parameters: identity.design.parameters.map((x, j) => ({ ...x, codes: design!.codes![j] ?? undefined })) }
    : identity.design;
  const spec = {
    ...identity, design: specDesign, description: p.description ?? '', file: file ? basename(file) : undefined, workerMemoryMb: p.workerMemoryMb, points, runs,
    claims: Object.fromEntries(scenarios.map((s) => [s.name, { description: s.description, claim: s.claim }])),
    // each policy's description and codes beside its values (outside the identity)
    ...(policies ? { policies: policies.map((x) => ({ name: x.name, description: x.description, set: Object.fromEntries(x.names.map((n, j) => [n, x.values[j]])), codes: Object.fromEntries(x.names.map((n, j) => [n, x.codes[j]])) })) } : {}),
    ...(outputs.length ? { outputs } : {}),
  };

  return {
    name: p.name,
    description: p.description ?? '',
    ...(file ? { file } : {}),
    seed: p.seed,
    replicates: p.replicates,
    model,
    scenarios,
    design,
    policies,
    record,
    outputs,
    ...(p.workerMemoryMb !== undefined ? { workerMemoryMb: p.workerMemoryMb } : {}),
    points,
    runs,
    specHash,
    spec: sortKeys(spec) as Record<string, unknown>,
  };
}

/** A series variable that is an action share: `share:<population>:<action>`. */
export const SHARE_PREFIX = 'share:';

/**
 * The column of an action share variable `share:<population>:<action>` in a run's row of shares
 * (population after population, each its actions in declared order), or why it is not one.
 */
export function shareOf(model: Pick<ModelDeclaration, 'name' | 'populations'>, v: string): number | { expected: string; found: string } {
  const rest = v.slice(SHARE_PREFIX.length);
  const cut = rest.lastIndexOf(':');
  const pops = model.populations.map((p) => p.name);
  if (cut < 0) return { expected: `an action share as share:<population>:<action>`, found: JSON.stringify(v) };
  const pop = rest.slice(0, cut), action = rest.slice(cut + 1);
  let off = 0;
  for (const p of model.populations) {
    if (p.name === pop) {
      const a = p.actions.indexOf(action);
      if (a < 0) return { expected: `an action of population ${pop} (${p.actions.join(', ')})`, found: `${JSON.stringify(action)}${didYouMean(action, p.actions)}` };
      return off + a;
    }
    off += p.actions.length;
  }
  return { expected: `a population of model ${model.name} in share:<population>:<action> (${pops.join(', ')})`, found: `${JSON.stringify(pop)}${didYouMean(pop, pops)}` };
}

/**
 * A series variable that is a learning statistic, `<statistic>:<population>` (entropy, switch,
 * dispersion: engine/learning-stats.ts), as the request a run computes, or why it is not one.
 */
export function statOf(model: Pick<ModelDeclaration, 'name' | 'populations'>, v: string): StatRequest | { expected: string; found: string } {
  const cut = v.indexOf(':');
  const stat = v.slice(0, cut), pop = v.slice(cut + 1);
  const stats: readonly string[] = LEARNING_STATS;
  if (!stats.includes(stat)) {
    return {
      expected: `a learning statistic <statistic>:<population> with a statistic ${LEARNING_STATS.join(', ')} (or an action share share:<population>:<action>)`,
      found: `${JSON.stringify(v)}${didYouMean(stat, [...LEARNING_STATS, 'share']).replace(/"\?\)$/, ':"?)')}`,
    };
  }
  const pops = model.populations.map((p) => p.name);
  const population = pops.indexOf(pop);
  if (population < 0) return { expected: `a population of model ${model.name} in ${stat}:<population> (${pops.join(', ')})`, found: `${JSON.stringify(pop)}${didYouMean(pop, pops)}` };
  return { stat: stat as LearningStat, population };
}

/** The unit of a series variable: a state variable's declared unit, or that of a share or a learning statistic. */
export function variableUnit(model: Pick<ModelDescriptor, 'state'>, v: string): string {
  if (v.startsWith(SHARE_PREFIX)) return 'share of members';
  const stat = v.includes(':') ? v.slice(0, v.indexOf(':')) : '';
  if ((LEARNING_STATS as readonly string[]).includes(stat)) return LEARNING_STAT_UNITS[stat as LearningStat];
  return model.state.find((s) => s.name === v)?.unit ?? '';
}

/**
 * Where each recorded series variable comes from: the run's kept state columns (`state`: the
 * model's state indices, in the order they are listed), kept share columns (`shares`: columns
 * of the row of shares) and learning statistics (`stats`: the requests, in the order listed);
 * `columns[i]` is variable i's source, in the series table's order.
 */
export function seriesSources(model: Pick<ModelDeclaration, 'name' | 'populations' | 'state'>, variables: readonly string[]): { state: number[]; shares: number[]; stats: StatRequest[]; columns: Array<{ from: 'state' | 'share' | 'stat'; index: number }> } {
  const names = model.state.map((s) => s.name);
  const state: number[] = [], shares: number[] = [], stats: StatRequest[] = [];
  const columns = variables.map((v) => {
    if (v.startsWith(SHARE_PREFIX)) {
      const s = shareOf(model, v);
      if (typeof s !== 'number') throw new RangeError(`series variable ${v}: expected ${s.expected}, found ${s.found}`);
      shares.push(s);
      return { from: 'share' as const, index: shares.length - 1 };
    }
    if (v.includes(':')) {
      const s = statOf(model, v);
      if ('expected' in s) throw new RangeError(`series variable ${v}: expected ${s.expected}, found ${s.found}`);
      stats.push(s);
      return { from: 'stat' as const, index: stats.length - 1 };
    }
    state.push(names.indexOf(v));
    return { from: 'state' as const, index: state.length - 1 };
  });
  return { state, shares, stats, columns };
}

/**
 * The study's policies (`levers:`): distinct names that can name a column value and a file; each
 * setting a parameter or population setting of the model (resolved against every scenario, as
 * a design factor) to a value it takes; no lever also a design factor (a lever is what the user
 * decides, the design what they do not know).
 */
function resolvePolicies(levers: z.output<typeof PolicySchema>[], model: ModelDeclaration, scenarios: readonly ResolvedScenario[], designNames: readonly string[], file: string | undefined): Policy[] {
  const seen = new Map<string, number>();
  return levers.map((lv, i) => {
    const at = `levers.${i}`;
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(lv.name)) throw inputError(file, `${at}.name`, 'a policy name of letters, digits, ".", "_" and "-"', lv.name);
    if (seen.has(lv.name)) throw inputError(file, `${at}.name`, `distinct policy names (levers.${seen.get(lv.name)} is also named "${lv.name}")`, lv.name);
    seen.set(lv.name, i);
    // in sorted order, as the stored spec keeps them (its keys are sorted), so that a replay applies them in the order the study did
    const names = Object.keys(lv.set).sort();
    const values = names.map((n) => {
      const where = `${at}.set.${n}`;
      if (designNames.includes(n)) throw bad(file, where, 'a lever that is not also a design factor (a lever is what a policy decides; the design varies what is uncertain)', 'a factor the design varies too');
      const v = lv.set[n];
      const fs = resolveFactor(model, scenarios, n, file, where);
      fs.forEach((f, k) => {
        if (!f.fits(v)) throw inputError(file, where, `${f.expected}${isPopulationFactor(n) ? scenarioNote(scenarios, k) : ' (see fractable params)'}`, v);
        checkApplies(model, scenarios[k]!, n, v as FactorValue, file, where);
      });
      return v as FactorValue;
    });
    const f0 = names.map((n) => factorOf(model, scenarios[0]!, n) as Factor);
    return { name: lv.name, description: lv.description ?? '', names, values, codes: values.map((v, j) => encodeFactor(f0[j]!.desc, v)) };
  });
}

/** ` (in scenario "b")` when a study has more than one scenario, for messages about a population setting. */
function scenarioNote(scenarios: readonly ResolvedScenario[], i: number): string {
  return scenarios.length > 1 ? ` (in scenario "${scenarios[i]!.name}")` : '';
}

/**
 * A design factor resolved against every scenario of the study (a model parameter resolves the
 * same in all; a population setting depends on each scenario's rule, trait and network kinds).
 * Unknown, or of another kind in some scenario: an InputError naming the file and the factor.
 */
function resolveFactor(model: ModelDeclaration, scenarios: readonly ResolvedScenario[], name: string, file: string | undefined, where: string): Factor[] {
  const out = scenarios.map((sc, i) => {
    const f = factorOf(model, sc, name);
    if ('found' in f) throw bad(file, where, f.expected, `${f.found}${isPopulationFactor(name) ? scenarioNote(scenarios, i) : ''}`);
    return f;
  });
  const k0 = out[0]!.desc.kind;
  out.forEach((f, i) => {
    if (f.desc.kind !== k0) throw bad(file, where, `a setting of one kind in every scenario (${k0} in scenario "${scenarios[0]!.name}")`, `a ${f.desc.kind} setting in scenario "${scenarios[i]!.name}"`);
  });
  return out;
}

/**
 * Every design point (under every policy, when the study has levers) of every scenario against
 * the sizes of its networks, as a run would build them: a population's weight or size, a network's own settings, `agents` or a model parameter a
 * network reads can each leave a population too small for its network (a Watts–Strogatz ring
 * wider than the population), alone or only in combination. What a run would refuse, the study
 * refuses before anything is written, naming the first such point. One check resolves a run's
 * populations (about 0.25 ms: 20,000 points took 5 s of `validate` on the loaded development
 * machine), so a design of more than NETWORK_CHECKS points (× scenarios × policies) is checked on
 * every point holding a factor's smallest or largest value and an even stride of the rest, up to
 * NETWORK_CHECKS in all; a point the sample misses and a run would refuse fails as that run.
 */
/** Most (point, scenario, policy) combinations checked against their networks one by one. */
export const NETWORK_CHECKS = 20_000;

/**
 * The design points checkDesignNetworks visits: all of them up to `limit`; beyond, every point that
 * holds some factor's smallest or largest value, then an even stride of the rest, in index order.
 */
export function checkedPoints(points: readonly (readonly number[])[], limit: number): number[] {
  if (points.length <= limit) return points.map((_, k) => k);
  const keep = new Set<number>();
  const d = points[0]?.length ?? 0;
  for (let j = 0; j < d; j++) {
    let lo = 0, hi = 0;
    points.forEach((p, k) => { if (p[j]! < points[lo]![j]!) lo = k; if (p[j]! > points[hi]![j]!) hi = k; });
    keep.add(lo).add(hi);
  }
  const step = points.length / Math.max(1, limit - keep.size);
  for (let x = 0; x < points.length && keep.size < limit; x += step) keep.add(Math.floor(x));
  return [...keep].sort((a, b) => a - b);
}

function checkDesignNetworks(model: ModelDeclaration, scenarios: readonly ResolvedScenario[], design: StudyDesign | null, policies: readonly Policy[] | null, file: string | undefined): void {
  const names = design?.names ?? [];
  const touchesNetwork = (n: string) => n.endsWith('.network') || n.includes('.network.');
  if (!model.populations.some((p) => p.network) && !names.some(touchesNetwork) && !(policies ?? []).some((q) => q.names.some(touchesNetwork))) return;
  const points = design ? design.points : [[]];
  const lever = policies ?? [null];
  const picked = checkedPoints(points, Math.max(1, Math.floor(NETWORK_CHECKS / (scenarios.length * lever.length))));
  scenarios.forEach((sc) => lever.forEach((policy) => picked.forEach((k) => {
    const codes = points[k]!;
    // the policy's levers and the design's factors together, as scenarioOf applies them
    const all = [...(policy?.names ?? []), ...names], allCodes = [...(policy?.codes ?? []), ...codes];
    let values: Record<string, unknown> = Object.fromEntries(all.map((n, j) => [n, allCodes[j]]));
    const what = () => [design ? `design point ${k}` : '', policy ? `policy "${policy.name}"` : ''].filter(Boolean).join(' of ');
    const where = () => `${file ? `${file}: ` : ''}${what()} (${all.map((n) => `${n} = ${String(values[n])}`).join(', ')}) of scenario "${sc.name}"`;
    let at: ResolvedScenario;
    try {
      const applied = applyDesign(model, sc, all, allCodes);
      at = applied.run;
      values = applied.values;
    } catch (e) {
      if (e instanceof RangeError) throw new InputError(`${where()}: expected values that keep its populations valid, found ${e.message}`, file, 'design');
      throw e;
    }
    try {
      checkNetworkSizes(at, model, undefined);
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`${where()}: ${e.message}`, file, design ? 'design' : 'levers');
      throw e;
    }
  })));
}

/** A population setting's value must leave the scenario's population valid as a whole (a network's other keys, say). */
function checkApplies(model: ModelDeclaration, sc: ResolvedScenario, name: string, v: FactorValue, file: string | undefined, where: string): void {
  if (!isPopulationFactor(name)) return;
  try {
    applyFactor(model, sc, name, v);
  } catch (e) {
    if (e instanceof RangeError) throw bad(file, where, `a value that keeps populations of scenario "${sc.name}" valid`, e.message);
    throw e;
  }
}

/**
 * A `method: file` design: the file's columns (a CSV's header, a Parquet file's columns) must be
 * numeric parameters of the model (or numeric population settings,
 * `populations.<population>.<setting>`) and its values inside their ranges. With
 * `weights: true`, `samples` rows are drawn by weight (sampleByWeight with the study seed);
 * without, every row is a design point. A Parquet file comes read in `designFiles` (by
 * resolveStudyAsync); else an AsyncDesignFile error asks for it.
 */
function fileDesign(d: z.output<typeof DesignSchema>, model: ModelDeclaration, scenarios: readonly ResolvedScenario[], file: string | undefined, baseDir: string, seed: number, designFiles?: ReadonlyMap<string, DesignFile>): StudyDesign {
  if (d.file === undefined) throw inputError(file, 'design.file', 'a CSV or Parquet design file for method file', undefined);
  if (d.parameters !== undefined) throw inputError(file, 'design.parameters', 'no parameters with method file (the file\'s columns name them)', d.parameters);
  if (d.levels !== undefined || d.secondOrder !== undefined) throw inputError(file, d.levels !== undefined ? 'design.levels' : 'design.secondOrder', 'no sampler options with method file', d.levels ?? d.secondOrder);
  const weighted = d.weights ?? false;
  if (weighted && d.samples === undefined) throw inputError(file, 'design.samples', 'the number of rows to draw by weight (weights: true)', undefined);
  const label = `${file ? `${file}: ` : ''}design.file: ${d.file}`;
  const at = resolve(baseDir, d.file);
  let df: DesignFile;
  if (isParquetFile(at)) {
    const read = designFiles?.get(at);
    if (!read) throw new AsyncDesignFile(at, label, file);
    df = read;
  } else {
    df = readDesignFile(at, label);
  }
  if (weighted && df.weights === null) throw new InputError(`${label}: expected a weight column (weights: true), found columns ${df.names.join(', ')}`, file, 'design.file');
  const bounds: [number, number][] = df.names.map((n, j) => {
    const col = df.rows.map((r) => r[j]!);
    const lo = Math.min(...col), hi = Math.max(...col);
    // a model parameter, or a population setting (resolved against every scenario)
    scenarios.forEach((sc, i) => {
      const f = factorOf(model, sc, n);
      const note = isPopulationFactor(n) ? scenarioNote(scenarios, i) : '';
      if ('found' in f) throw new InputError(`${label}: column ${n}: expected ${isPopulationFactor(n) ? f.expected : `a parameter of model ${model.name} as group.name (see fractable params), or a population setting populations.<population>.<setting>`}, found ${isPopulationFactor(n) ? f.found : 'an unknown one'}${note}`, file, 'design.file');
      if (f.desc.kind !== 'number') throw new InputError(`${label}: column ${n}: expected a numeric parameter, found a ${f.desc.kind} parameter`, file, 'design.file');
      if (f.noRange) { const bad = col.findIndex((v) => !f.fits(v)); if (bad >= 0) throw new InputError(`${label}: ${isParquetFile(at) ? `row ${bad + 1}` : `line ${bad + 2}`}, column ${n}: expected ${f.expected}${note}, found ${col[bad]}`, file, 'design.file'); }
      if (!f.inRange(lo) || !f.inRange(hi)) throw new InputError(`${label}: column ${n}: expected values inside the ${isPopulationFactor(n) ? 'setting' : 'parameter'}'s range ${f.range}${note}, found [${lo}, ${hi}]`, file, 'design.file');
      for (const v of [lo, hi]) checkApplies(model, sc, n, v, file, `design.file: ${d.file}: column ${n}`);
    });
    return [lo, hi];
  });
  const points = weighted ? sampleByWeight(df.weights!, d.samples!, seed).map((i) => [...df.rows[i]!]) : df.rows;
  if (points.length > MAX_DESIGN_POINTS) throw bad(file, 'design.file', `a design of at most ${MAX_DESIGN_POINTS} points`, `${points.length} rows`);
  return { method: 'file', names: df.names, bounds, points, samples: points.length, weights: weighted };
}

/** A policy as a stored study spec records it: its name, description, the values it sets and their codes. */
export interface StoredPolicy { name: string; description: string; set: Record<string, FactorValue>; codes: Record<string, number> }

/** The policies of a stored study spec, in study order (null for a study without levers). */
export function policiesOf(spec: Record<string, unknown>): StoredPolicy[] | null {
  const p = spec.policies as StoredPolicy[] | undefined;
  return Array.isArray(p) && p.length > 0 ? p : null;
}

/** The study's own outputs as a stored spec records them (none for a study without, or one written before they existed). */
export function specOutputs(spec: Record<string, unknown>): StudyOutput[] {
  const o = spec.outputs;
  if (!Array.isArray(o)) return [];
  return o.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && typeof (x as { name?: unknown }).name === 'string')
    .map((x) => ({ name: String(x.name), query: String(x.query ?? ''), unit: typeof x.unit === 'string' ? x.unit : null, description: typeof x.description === 'string' ? x.description : null }));
}

/** The model's declaration as recorded in a stored study spec (what stores, summaries and reports read). */
export function descriptorOf(spec: Record<string, unknown>, where = 'study spec'): ModelDescriptor {
  const m = spec.model as ModelDescriptor | undefined;
  if (!m || typeof m !== 'object' || !Array.isArray(m.populations) || !Array.isArray(m.state) || !m.outputs) {
    throw new InputError(`${where}: expected a study spec that records its model's declaration (fractable 0.2 or later), found none`);
  }
  return m;
}
