/**
 * Sensitivity analysis and scenario discovery of a study's results store (the DuckDB file
 * written by `fractable study`). Reads the store's `study`, `design` and `runs` tables and
 * writes its results into two more tables of the same store:
 *
 *   sensitivity      (study, scenario, output, method, parameter, index, parameter2, value, conf, confidence)
 *                    one row per index: S1, ST, S2 (Sobol'; parameter2 names S2's second
 *                    parameter) or mu, mu_star, sigma (Morris); conf is the half-width of the
 *                    bootstrap interval at `confidence` (S1, ST, S2, mu_star), NULL otherwise;
 *                    value NULL where the estimator is undefined.
 *   prim_trajectory  (study, scenario, outcome, mode, threshold, step, phase, coverage, density,
 *                    mass, n, coi, restricted, limits, chosen, criterion) one row per box on PRIM's
 *                    peeling-and-pasting trajectory; restricted and limits are JSON lists;
 *                    criterion says what made a case of interest ("P(kinetic) ≥ 0.5", "mean
 *                    peak_tension ≥ 0.4": an outcome, or a threshold on a numeric output).
 *   prim_boxes       (study, scenario, outcome, mode, threshold, step, coverage, density, mass,
 *                    n, coi, total_coi, points, parameter, lower, upper, bound_lower,
 *                    bound_upper, restricted, qp_lower, qp_upper, criterion) the chosen box, one
 *                    row per parameter.
 *
 * Outputs: for a Sobol' or Morris design, each output is one number per design point, in
 * design-point order (the sampler's row order): for `p_<outcome>` the share of the point's
 * replicates that ended in that outcome (the mean of the indicator), for `time_to_outcome`
 * the mean outcome tick, and for any other numeric column of `runs` (`final_<state>`,
 * `share_<population>_<action>`, `events_<kind>`, the study's own outputs) its mean over the
 * replicates that have a value (NULLs left out; a point where none has one is undefined).
 *
 * A study with levers is analysed per scenario and policy: each policy's runs over the design
 * are a design of their own, and the tables get a `policy` column.
 *
 * Re-running replaces the rows of the same study (sensitivity) or of the same study,
 * scenario (and policy) and outcome (PRIM), so the analyses are idempotent. Bootstrap seeds derive from
 * the study seed through the counter RNG, so the results are a pure function of the store.
 */
import { existsSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ModelDescriptor } from '../engine/declaration.js';
import { CounterStream, Stream } from '../random/rng.js';
import { InputError } from '../errors.js';
import { ident, literal, outputColumn } from './columns.js';
import { descriptorOf, policiesOf, specOutputs } from './spec.js';
import { openDuckDB, readStudyRow, tableNames, transaction, type StudyRow } from './store.js';
import { analyzeMorris } from '../analysis/morris.js';
import { prim, type PrimResult } from '../analysis/prim.js';
import { analyzeSobol, type Problem } from '../analysis/sobol.js';

/** Sub-stream (counter key's agent word) of the bootstrap seeds derived for a store's analyses. */
export const STUDY_ANALYSIS_SUBSTREAM = 301;

/**
 * The default outputs analysed, from the model's declaration: every outcome share, the time to
 * outcome, every declared scalar output, and the final value of each state variable the model
 * shows by default (when the study recorded metrics).
 */
export function defaultOutputs(m: ModelDescriptor): string[] {
  return [
    ...m.outputs.outcomes.map((o) => `p_${o.name}`),
    'time_to_outcome',
    ...m.outputs.scalars.filter((o) => o.type !== 'VARCHAR').map((o) => outputColumn(o.name)),
    ...m.outputs.series.map((v) => `final_${v}`),
  ];
}

/** A readable label of an output name ("p_deal" → "P(deal)", "out_x" → "x (output)"). */
export function outputLabel(name: string): string {
  if (name.startsWith('p_')) return `P(${name.slice(2)})`;
  if (name === 'time_to_outcome') return 'time to outcome (ticks)';
  if (name.startsWith('final_')) return `final ${name.slice(6)}`;
  if (name.startsWith('out_')) return `${name.slice(4)} (output)`;
  return name;
}

// ---------------------------------------------------------------------------------------
// Reading a store

/** What the analyses need to know of a store. */
export interface StudyData {
  path: string;
  study: StudyRow;
  /** the model's declaration as the spec records it */
  model: ModelDescriptor;
  /** the design's method, null without a design */
  method: string | null;
  problem: Problem | null;
  /** design values, one row per design point, in design-point order */
  points: number[][];
  /** the numeric columns of `runs` usable as outputs (besides p_<outcome> and time_to_outcome) */
  numericColumns: string[];
  tables: string[];
  /** the policies of the study's levers, in study order (null without levers) */
  policies: string[] | null;
}

/** One group an analysis treats apart: a scenario, and its policy in a study with levers. */
export interface Group { scenario: string; policy: string | null }

/** "scenario "a"" or "scenario "a", policy "x"" for messages. */
const groupText = (g: Group): string => `scenario "${g.scenario}"${g.policy !== null ? `, policy "${g.policy}"` : ''}`;

/**
 * The groups to analyse: each scenario (of `scenarios`, default all), and with levers each of its
 * policies (of `policies`, default all), in study order. An unknown name is an InputError.
 */
export function groupsOf(data: StudyData, scenarios?: string[], policies?: string[]): Group[] {
  const { study } = data;
  for (const s of scenarios ?? []) if (!study.scenarios.includes(s)) throw new InputError(`--scenario: expected one of ${study.scenarios.join(', ')}, found ${JSON.stringify(s)}`);
  if (policies && !data.policies) throw new InputError(`--policy: expected a study with levers, found a study without (its runs have no policy)`);
  for (const p of policies ?? []) if (!data.policies!.includes(p)) throw new InputError(`--policy: expected one of ${data.policies!.join(', ')}, found ${JSON.stringify(p)}`);
  const sc = study.scenarios.filter((s) => !scenarios || scenarios.includes(s));
  const pol = data.policies ? data.policies.filter((p) => !policies || policies.includes(p)) : [null];
  return sc.flatMap((scenario) => pol.map((policy) => ({ scenario, policy })));
}

interface SpecDesign { method: string; samples: number; levels?: number; secondOrder?: boolean; parameters: { name: string; bounds: [number, number]; values?: unknown[]; codes?: number[] }[] }

const specDesign = (s: StudyRow): SpecDesign | null => (s.spec.design as SpecDesign | null | undefined) ?? null;

const ID_COLUMNS = new Set(['run_id', 'design_point', 'replicate', 'seed', 'outcome_tick', 'wall_ms']);

export async function readStudyData(conn: DuckDBConnection, path: string): Promise<StudyData> {
  const study = await readStudyRow(conn, path);
  const tables = await tableNames(conn);
  for (const t of ['design', 'runs']) {
    if (!tables.includes(t)) throw new InputError(`${path}: expected a fractable study store with a ${t} table, found none`, path);
  }
  const d = specDesign(study);
  const problem: Problem | null = d ? { names: d.parameters.map((p) => p.name), bounds: d.parameters.map((p) => [p.bounds[0], p.bounds[1]] as [number, number]) } : null;
  // a listed factor of a sobol or morris design is categorical by the index of its values (designs.ts)
  if (problem && d && (d.method === 'sobol' || d.method === 'morris') && d.parameters.some((p) => p.values)) {
    problem.categories = d.parameters.map((p) => (p.values ? p.values.length : null));
  }
  let points: number[][] = [];
  if (problem) {
    const cols = problem.names.map(ident).join(', ');
    const rows = (await conn.runAndReadAll(`SELECT ${cols} FROM design ORDER BY design_point`)).getRows();
    points = rows.map((r) => r.map(Number));
  }
  const info = (await conn.runAndReadAll("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'runs' AND table_schema = 'main' AND table_catalog = current_database() ORDER BY ordinal_position")).getRowObjectsJS();
  const params = new Set(problem?.names ?? []);
  const numericColumns = info
    .filter((c) => ['DOUBLE', 'INTEGER', 'BIGINT', 'FLOAT', 'BOOLEAN'].includes(String(c.data_type))) // a flag's mean is a share
    .map((c) => String(c.column_name))
    .filter((c) => !ID_COLUMNS.has(c) && !params.has(c));
  const policies = policiesOf(study.spec)?.map((p) => p.name) ?? null;
  return { path, study, model: descriptorOf(study.spec, path), method: d?.method ?? null, problem, points, numericColumns, tables, policies };
}

/** The per-run SQL expression of an output (a DOUBLE; NULL where undefined). */
function outputSql(data: StudyData, name: string): string {
  const labels = data.model.outputs.outcomes.map((o) => o.name);
  if (name.startsWith('p_') && labels.includes(name.slice(2))) {
    return `CASE WHEN outcome = ${literal(name.slice(2))} THEN 1.0 ELSE 0.0 END`;
  }
  if (name === 'time_to_outcome') return 'outcome_tick::DOUBLE';
  if (data.numericColumns.includes(name)) return `${ident(name)}::DOUBLE`;
  const known = [...labels.map((k) => `p_${k}`), 'time_to_outcome'];
  const metrics = data.numericColumns.length ? ` or a numeric column of runs (${data.numericColumns.slice(0, 4).join(', ')}, …)` : ' (this study did not record metrics)';
  throw new InputError(`--outputs: expected ${known.join(', ')}${metrics}, found ${JSON.stringify(name)}`);
}

/** Per scenario (and policy) and design point: runs stored, runs finished (ok), and each output's mean over the ok runs. */
interface PointStats { scenario: string; policy: string | null; design_point: number; runs: number; ok: number; failed: number; values: number[] }

/** The SQL condition that selects a group's runs. */
const groupWhere = (g: Group): string => `scenario = ${literal(g.scenario)}${g.policy !== null ? ` AND policy = ${literal(g.policy)}` : ''}`;

const sameGroup = (s: PointStats, g: Group): boolean => s.scenario === g.scenario && s.policy === g.policy;

async function pointStats(conn: DuckDBConnection, data: StudyData, outputs: string[], group?: Group): Promise<PointStats[]> {
  const avg = outputs.map((o, j) => `avg(${outputSql(data, o)}) FILTER (WHERE status = 'ok') AS o${j}`).join(', ');
  const where = group === undefined ? '' : `WHERE ${groupWhere(group)}`;
  const pol = data.policies ? ', policy' : '';
  const rows = (await conn.runAndReadAll(`SELECT scenario${pol}, design_point, count(*)::INTEGER AS runs, count(*) FILTER (WHERE status = 'ok')::INTEGER AS ok, count(*) FILTER (WHERE status = 'failed')::INTEGER AS failed${avg ? `, ${avg}` : ''} FROM runs ${where} GROUP BY scenario${pol}, design_point ORDER BY scenario${pol}, design_point`)).getRowObjectsJS();
  return rows.map((r) => ({
    scenario: String(r.scenario), policy: data.policies ? String(r.policy) : null, design_point: Number(r.design_point), runs: Number(r.runs), ok: Number(r.ok), failed: Number(r.failed),
    values: outputs.map((_, j) => (r[`o${j}`] == null ? Number.NaN : Number(r[`o${j}`]))),
  }));
}

const listPoints = (ps: number[]): string => (ps.length <= 8 ? ps.join(', ') : `${ps.slice(0, 8).join(', ')}, … (${ps.length} in all)`);

/** Checks that every design point of every group has all its replicates finished; the message says which do not. */
function checkComplete(data: StudyData, stats: PointStats[], groups: Group[]): void {
  const { study, path } = data;
  const problems: string[] = [];
  for (const g of groups) {
    const sc = groupText(g);
    const byPoint = new Map(stats.filter((s) => sameGroup(s, g)).map((s) => [s.design_point, s]));
    const missing: number[] = [], failed: number[] = [];
    let nMissing = 0, nFailed = 0;
    for (let p = 0; p < study.design_points; p++) {
      const s = byPoint.get(p);
      const stored = s?.runs ?? 0;
      if (stored < study.replicates) { missing.push(p); nMissing += study.replicates - stored; }
      if (s && s.failed > 0) { failed.push(p); nFailed += s.failed; }
    }
    if (missing.length) problems.push(`${sc}: ${nMissing} run(s) missing at design point(s) ${listPoints(missing)}`);
    if (failed.length) problems.push(`${sc}: ${nFailed} failed run(s) at design point(s) ${listPoints(failed)}`);
  }
  if (problems.length) {
    const fix = study.shard ? ` (this store holds shard ${study.shard} only: merge the shards first with npx fractable merge)` : ' (complete it with npx fractable study FILE --out STORE --resume, adding --retry-failed for failed runs)';
    throw new InputError(`${path}: expected every run of every design point finished, found ${problems.join('; ')}${fix}`, path);
  }
}

/** A seed for one bootstrap, derived from the study seed, the scenario and the output (order-independent). */
export function bootstrapSeed(studySeed: number, scenario: string, output: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${scenario}\u0000${output}`) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return Math.floor(new CounterStream(studySeed, Stream.analysis, STUDY_ANALYSIS_SUBSTREAM, h & 0x7fffffff).next() * 2 ** 31);
}

// ---------------------------------------------------------------------------------------
// Sensitivity

export type SensitivityIndex = 'S1' | 'ST' | 'S2' | 'mu' | 'mu_star' | 'sigma';

export interface SensitivityRow {
  study: string;
  scenario: string;
  /** the policy (a study with levers), else null */
  policy: string | null;
  output: string;
  method: 'sobol' | 'morris';
  parameter: string;
  index: SensitivityIndex;
  parameter2: string | null;
  value: number | null;
  conf: number | null;
  confidence: number;
}

/** An output not analysed, and why (`policy` only in a study with levers). */
export interface SkippedOutput { scenario: string; policy?: string; output: string; reason: string }

export interface StudySensitivity {
  study: string;
  method: 'sobol' | 'morris';
  problem: Problem;
  scenarios: string[];
  /** the groups analysed, in order: each scenario, and with levers each of its policies */
  groups: Group[];
  /** the policies of the study's levers (null without levers) */
  policies: string[] | null;
  outputs: string[];
  points: number;
  replicates: number;
  /** Sobol: base points N and whether S2 was computed; Morris: trajectories and levels */
  samples: number;
  secondOrder: boolean;
  levels: number | null;
  resamples: number;
  confidence: number;
  rows: SensitivityRow[];
  /** outputs not analysed (constant over the design, or undefined at some design point) */
  skipped: SkippedOutput[];
}

export interface SensitivityOptions {
  /** outputs to analyse (default {@link defaultOutputs}, less the metrics a study did not record) */
  outputs?: string[];
  /** scenarios to analyse (default all) */
  scenarios?: string[];
  /** policies to analyse, in a study with levers (default all) */
  policies?: string[];
  /** bootstrap resamples (default 1000) */
  resamples?: number;
  /** confidence level of the intervals (default 0.95) */
  confidence?: number;
}

const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Computes the sensitivity indices of a study (does not write them). */
export async function computeSensitivity(conn: DuckDBConnection, data: StudyData, o: SensitivityOptions = {}): Promise<StudySensitivity> {
  const { study, path } = data;
  const d = specDesign(study);
  if (!d || !data.problem || (d.method !== 'sobol' && d.method !== 'morris')) {
    throw new InputError(`${path}: expected a study with a sobol or morris design (sensitivity indices need the sampler's layout), found ${d ? `design method ${d.method}` : 'no design'}; use npx fractable discover for scenario discovery on any design`, path);
  }
  const method = d.method;
  const problem = data.problem;
  const D = problem.names.length;
  const secondOrder = method === 'sobol' && (d.secondOrder ?? true);
  const expectedPoints = method === 'sobol' ? d.samples * (secondOrder ? 2 * D + 2 : D + 2) : d.samples * (D + 1);
  if (data.points.length !== expectedPoints) {
    throw new InputError(`${path}: expected ${expectedPoints} design points for a ${method} design of ${d.samples} samples over ${D} parameters, found ${data.points.length}`, path);
  }
  const groups = groupsOf(data, o.scenarios, o.policies);
  const scenarios = [...new Set(groups.map((g) => g.scenario))];
  const metrics = new Set(data.numericColumns);
  // by default the model's outputs, and the study's own (outputs.ts: columns of runs)
  const outputs = o.outputs ?? [
    ...defaultOutputs(data.model).filter((n) => !n.startsWith('final_') || metrics.has(n)),
    ...specOutputs(study.spec).map((x) => x.name).filter((n) => metrics.has(n)),
  ];
  const resamples = o.resamples ?? 1000;
  const confidence = o.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 0 || resamples === 1) throw new InputError(`resamples: expected 0 or an integer ≥ 2, found ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new InputError(`confidence: expected a level strictly between 0 and 1, found ${confidence}`);
  const stats = await pointStats(conn, data, outputs);
  checkComplete(data, stats, groups);

  const rows: SensitivityRow[] = [];
  const skipped: SkippedOutput[] = [];
  const levels = method === 'morris' ? d.levels ?? 4 : null;
  // Morris reads a categorical factor by its level index (the position of its code among its values' codes)
  const morrisX = method === 'morris' && problem.categories ? levelIndices(data.points, d, path) : data.points;
  for (const g of groups) {
    const { scenario, policy } = g;
    const ps = stats.filter((s) => sameGroup(s, g)).sort((a, b) => a.design_point - b.design_point);
    outputs.forEach((output, j) => {
      const y = Float64Array.from(ps, (p) => p.values[j]!);
      const bad = ps.filter((_, i) => !Number.isFinite(y[i]!)).map((p) => p.design_point);
      if (bad.length) { skipped.push({ scenario, ...(policy !== null ? { policy } : {}), output, reason: `undefined at design point(s) ${listPoints(bad)}` }); return; }
      let lo = Infinity, hi = -Infinity;
      for (const v of y) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      if (hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) { skipped.push({ scenario, ...(policy !== null ? { policy } : {}), output, reason: `constant (${Number(lo.toPrecision(6))}) over the design` }); return; }
      // a policy's bootstrap has a seed of its own (without levers, the seed it always had)
      const seed = bootstrapSeed(study.seed, policy === null ? scenario : `${scenario}\u0000${policy}`, output);
      const base = { study: study.name, scenario, policy, output, method, parameter2: null, confidence } as const;
      if (method === 'sobol') {
        const r = analyzeSobol(problem, y, { secondOrder, resamples, confidence, seed });
        problem.names.forEach((p, i) => {
          rows.push({ ...base, parameter: p, index: 'S1', value: finite(r.S1[i]!), conf: finite(r.S1_conf[i]!) });
          rows.push({ ...base, parameter: p, index: 'ST', value: finite(r.ST[i]!), conf: finite(r.ST_conf[i]!) });
        });
        if (r.S2 && r.S2_conf) {
          for (let a = 0; a < D; a++) {
            for (let b = a + 1; b < D; b++) {
              rows.push({ ...base, parameter: problem.names[a]!, parameter2: problem.names[b]!, index: 'S2', value: finite(r.S2[a]![b]!), conf: finite(r.S2_conf[a]![b]!) });
            }
          }
        }
      } else {
        const r = analyzeMorris(problem, morrisX, y, { resamples: Math.max(2, resamples), confidence, seed, levels: levels! });
        problem.names.forEach((p, i) => {
          rows.push({ ...base, parameter: p, index: 'mu', value: finite(r.mu[i]!), conf: null });
          rows.push({ ...base, parameter: p, index: 'mu_star', value: finite(r.mu_star[i]!), conf: resamples === 0 ? null : finite(r.mu_star_conf[i]!) });
          rows.push({ ...base, parameter: p, index: 'sigma', value: finite(r.sigma[i]!), conf: null });
        });
      }
    });
  }
  return {
    study: study.name, method, problem, scenarios, groups, policies: data.policies, outputs, points: data.points.length, replicates: study.replicates,
    samples: d.samples, secondOrder, levels, resamples, confidence, rows, skipped,
  };
}

/** The design's points with each categorical factor's code replaced by its level index (the position of the code among its values' codes). */
function levelIndices(points: readonly number[][], d: SpecDesign, path: string): number[][] {
  const codes = d.parameters.map((p) => {
    if (!p.values) return null;
    if (!p.codes || p.codes.length !== p.values.length) throw new InputError(`${path}: study.spec.design.parameters.${p.name}: expected the codes of its listed values, found none`, path);
    return p.codes;
  });
  return points.map((row, i) => row.map((v, j) => {
    const c = codes[j];
    if (!c) return v;
    const k = c.indexOf(v);
    if (k < 0) throw new InputError(`${path}: design point ${i}, ${d.parameters[j]!.name}: expected one of the codes ${c.join(', ')}, found ${v}`, path);
    return k;
  }));
}

const SENSITIVITY_DDL = `CREATE TABLE IF NOT EXISTS sensitivity (
  study VARCHAR NOT NULL, scenario VARCHAR NOT NULL, output VARCHAR NOT NULL, method VARCHAR NOT NULL,
  parameter VARCHAR NOT NULL, "index" VARCHAR NOT NULL, parameter2 VARCHAR, value DOUBLE, conf DOUBLE, confidence DOUBLE)`;

/** The columns of a table of the store, in order. */
async function columnsOf(conn: DuckDBConnection, t: string): Promise<string[]> {
  return (await conn.runAndReadAll(`SELECT column_name FROM information_schema.columns WHERE table_name = ${literal(t)} AND table_schema = 'main' AND table_catalog = current_database() ORDER BY ordinal_position`)).getRowObjectsJS().map((r) => String(r.column_name));
}

/**
 * Replaces the study's rows of the `sensitivity` table with these (one transaction). A study with
 * levers adds a `policy` column (last), so that a study without keeps the table it always had.
 */
export async function writeSensitivity(conn: DuckDBConnection, s: StudySensitivity): Promise<void> {
  await transaction(conn, async () => {
    await conn.run(SENSITIVITY_DDL);
    if (s.policies) await conn.run('ALTER TABLE sensitivity ADD COLUMN IF NOT EXISTS policy VARCHAR');
    const withPolicy = (await columnsOf(conn, 'sensitivity')).includes('policy');
    await conn.run(`DELETE FROM sensitivity WHERE study = ${literal(s.study)}`);
    const app = await conn.createAppender('sensitivity');
    for (const r of s.rows) {
      app.appendVarchar(r.study); app.appendVarchar(r.scenario); app.appendVarchar(r.output); app.appendVarchar(r.method);
      app.appendVarchar(r.parameter); app.appendVarchar(r.index);
      if (r.parameter2 === null) app.appendNull(); else app.appendVarchar(r.parameter2);
      if (r.value === null) app.appendNull(); else app.appendDouble(r.value);
      if (r.conf === null) app.appendNull(); else app.appendDouble(r.conf);
      app.appendDouble(r.confidence);
      if (withPolicy) { if (r.policy === null) app.appendNull(); else app.appendVarchar(r.policy); }
      app.endRow();
    }
    app.flushSync();
    app.closeSync();
  });
}

/** Opens an existing store for writing (never creates one). */
async function openExisting(path: string) {
  if (!existsSync(path)) throw new InputError(`${path}: expected an existing results store, found no such file`, path);
  return openDuckDB(path, false);
}

/** Computes the sensitivity indices of the study in a store and stores them in its `sensitivity` table. */
export async function analyzeStudy(path: string, o: SensitivityOptions = {}): Promise<StudySensitivity> {
  const { instance, conn } = await openExisting(path);
  try {
    const data = await readStudyData(conn, path);
    const s = await computeSensitivity(conn, data, o);
    await writeSensitivity(conn, s);
    await conn.run('CHECKPOINT');
    return s;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The rows of the `sensitivity` table (empty when there is none). */
export async function readSensitivity(conn: DuckDBConnection): Promise<SensitivityRow[]> {
  if (!(await tableNames(conn)).includes('sensitivity')) return [];
  const withPolicy = (await columnsOf(conn, 'sensitivity')).includes('policy');
  const rows = (await conn.runAndReadAll(`SELECT study, scenario, ${withPolicy ? 'policy' : 'NULL AS policy'}, output, method, parameter, "index", parameter2, value, conf, confidence FROM sensitivity`)).getRowObjectsJS();
  return rows.map((r) => ({
    study: String(r.study), scenario: String(r.scenario), policy: r.policy == null ? null : String(r.policy), output: String(r.output), method: String(r.method) as 'sobol' | 'morris',
    parameter: String(r.parameter), index: String(r.index) as SensitivityIndex, parameter2: r.parameter2 == null ? null : String(r.parameter2),
    value: r.value == null ? null : Number(r.value), conf: r.conf == null ? null : Number(r.conf), confidence: Number(r.confidence),
  }));
}

// ---------------------------------------------------------------------------------------
// Scenario discovery (PRIM)

export interface DiscoverOptions {
  /** the outcome whose region is sought (or `output`) */
  outcome?: string;
  /**
   * a numeric output instead of an outcome: any output `analyze` takes (a numeric column of runs
   * such as the study's own outputs, `final_<state>`, `events_<kind>`, or `time_to_outcome`); its
   * cases of interest are those at or above `threshold` (or at or below, with direction 'below')
   */
  output?: string;
  /** with `output`: cases at or above the threshold ('above', the default) or at or below it */
  direction?: 'above' | 'below';
  /** scenarios (default all) */
  scenarios?: string[];
  /** policies, in a study with levers (default: each apart) */
  policies?: string[];
  /**
   * 'point' (default): one point per design point, a case of interest when the share of its
   * replicates ending in the outcome is ≥ threshold (with `output`: when the mean of the output
   * over its replicates with a value is ≥ threshold, or ≤); 'run': one point per finished run, a
   * case of interest when it ended in the outcome (with `output`: when its value is ≥ threshold,
   * or ≤; runs without a value left out).
   */
  mode?: 'point' | 'run';
  /** threshold on the share in 'point' mode (default 0.5); on the output's value with `output` (required) */
  threshold?: number;
  peelAlpha?: number;
  pasteAlpha?: number;
  minMass?: number;
  paste?: boolean;
}

export interface Discovery {
  study: string;
  scenario: string;
  /** the policy (a study with levers), else null */
  policy: string | null;
  /** the outcome label, or with an output search the output's name */
  outcome: string;
  /** an outcome search, or one on a threshold of a numeric output */
  target: 'outcome' | 'output';
  /** cases of interest at or above the threshold, or (an output search) at or below it */
  direction: 'above' | 'below';
  /** what makes a point a case of interest, in words: "P(kinetic) ≥ 0.5", "mean peak_tension ≤ 0.3", … (stored with the PRIM rows) */
  criterion: string;
  mode: 'point' | 'run';
  threshold: number;
  names: string[];
  /** the design's bounds of each parameter */
  bounds: [number, number][];
  /** points given to PRIM */
  points: number;
  /** cases of interest among them */
  cases: number;
  /** design points left out because none of their runs finished */
  leftOut: number;
  /** PRIM's result, null when there is no case of interest (or only cases) */
  result: PrimResult | null;
  /** why there is no result */
  note: string | null;
}

export async function computeDiscovery(conn: DuckDBConnection, data: StudyData, o: DiscoverOptions): Promise<Discovery[]> {
  const { study, path } = data;
  if (!data.problem) throw new InputError(`${path}: expected a study with a parameter design (PRIM looks for boxes in parameter space), found no design`, path);
  const labels = data.model.outputs.outcomes.map((x) => x.name);
  if ((o.outcome === undefined) === (o.output === undefined)) throw new InputError(`--outcome, --output: expected one of them, found ${o.outcome === undefined ? 'neither' : 'both'}`);
  if (o.outcome !== undefined && !labels.includes(o.outcome)) throw new InputError(`--outcome: expected one of ${labels.join(', ')}, found ${JSON.stringify(o.outcome)}`);
  const groups = groupsOf(data, o.scenarios, o.policies);
  const mode = o.mode ?? 'point';
  const output = o.output;
  const direction = output !== undefined ? o.direction ?? 'above' : 'above';
  let threshold: number;
  if (output !== undefined) {
    outputSql(data, output); // a known output, or the message that lists them
    if (o.threshold === undefined || !Number.isFinite(o.threshold)) throw new InputError(`--threshold: expected a number with --output (the value that makes a case of interest), found ${o.threshold === undefined ? 'none' : o.threshold}`);
    threshold = o.threshold;
  } else {
    threshold = mode === 'run' ? 1 : o.threshold ?? 0.5;
    if (!(threshold >= 0 && threshold <= 1)) throw new InputError(`--threshold: expected a share in [0, 1], found ${threshold}`);
  }
  const name = output ?? o.outcome!;
  const sign = direction === 'above' ? '≥' : '≤';
  const criterion = output !== undefined
    ? `${mode === 'point' ? 'mean ' : ''}${output} ${sign} ${threshold}`
    : mode === 'point' ? `P(${name}) ≥ ${threshold}` : `run ended in ${name}`;
  const isCase = (v: number) => (direction === 'above' ? v >= threshold : v <= threshold);
  const names = data.problem.names;
  const out: Discovery[] = [];
  for (const g of groups) {
    const { scenario, policy } = g;
    let x: number[][], y: number[], leftOut = 0;
    if (mode === 'point') {
      const ps = (await pointStats(conn, data, [output ?? `p_${name}`], g)).filter((p) => p.design_point < data.points.length);
      // a point whose replicates have no value of the output (none finished, or the output NULL in all) is left out
      const usable = ps.filter((p) => p.ok > 0 && Number.isFinite(p.values[0]!));
      leftOut = data.points.length - usable.length;
      x = usable.map((p) => data.points[p.design_point]!);
      y = usable.map((p) => p.values[0]!);
    } else {
      const cols = names.map(ident).join(', ');
      const value = output !== undefined ? `(${outputSql(data, output)})` : `(outcome = ${literal(name)})::INTEGER`;
      const rows = (await conn.runAndReadAll(`SELECT ${cols}, ${value} AS y FROM runs WHERE status = 'ok' AND ${groupWhere(g)} AND ${value} IS NOT NULL AND isfinite(${value}::DOUBLE) ORDER BY run_id`)).getRows();
      x = rows.map((r) => r.slice(0, names.length).map(Number));
      y = rows.map((r) => Number(r[names.length]));
    }
    const cases = y.filter(isCase).length;
    const base = { study: study.name, scenario, policy, outcome: name, target: output !== undefined ? 'output' as const : 'outcome' as const, direction, criterion, mode, threshold, names, bounds: data.problem.bounds, points: x.length, cases, leftOut };
    if (x.length === 0) { out.push({ ...base, result: null, note: output !== undefined ? `no finished run has a value of ${output}` : 'no finished runs' }); continue; }
    if (cases === 0) {
      const best = direction === 'above' ? y.reduce((m, v) => Math.max(m, v), -Infinity) : y.reduce((m, v) => Math.min(m, v), Infinity);
      out.push({
        ...base, result: null,
        note: output !== undefined
          ? `no ${mode === 'point' ? 'design point' : 'run'} has ${criterion} (${direction === 'above' ? 'highest' : 'lowest'}: ${Number(best.toPrecision(4))}); try another --threshold`
          : mode === 'point' ? `no design point has a share of ${name} ≥ ${threshold} (highest: ${best.toFixed(3)}); try a lower --threshold` : `no run ended in ${name}`,
      });
      continue;
    }
    const result = prim(x, y, {
      names, threshold, thresholdType: direction,
      ...(o.peelAlpha !== undefined ? { peelAlpha: o.peelAlpha } : {}),
      ...(o.pasteAlpha !== undefined ? { pasteAlpha: o.pasteAlpha } : {}),
      ...(o.minMass !== undefined ? { minMass: o.minMass } : {}),
      ...(o.paste !== undefined ? { paste: o.paste } : {}),
    });
    out.push({ ...base, result, note: cases === x.length ? `every ${mode === 'point' ? 'design point' : 'run'} is a case of interest: the whole design space` : null });
  }
  return out;
}

const PRIM_DDL = [
  `CREATE TABLE IF NOT EXISTS prim_trajectory (
  study VARCHAR NOT NULL, scenario VARCHAR NOT NULL, outcome VARCHAR NOT NULL, mode VARCHAR NOT NULL, threshold DOUBLE NOT NULL,
  step INTEGER NOT NULL, phase VARCHAR NOT NULL, coverage DOUBLE, density DOUBLE, mass DOUBLE, n INTEGER, coi INTEGER,
  restricted VARCHAR, limits VARCHAR, chosen BOOLEAN, criterion VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS prim_boxes (
  study VARCHAR NOT NULL, scenario VARCHAR NOT NULL, outcome VARCHAR NOT NULL, mode VARCHAR NOT NULL, threshold DOUBLE NOT NULL,
  step INTEGER NOT NULL, coverage DOUBLE, density DOUBLE, mass DOUBLE, n INTEGER, coi INTEGER, total_coi INTEGER, points INTEGER,
  parameter VARCHAR NOT NULL, lower DOUBLE, upper DOUBLE, bound_lower DOUBLE, bound_upper DOUBLE, restricted BOOLEAN,
  qp_lower DOUBLE, qp_upper DOUBLE, criterion VARCHAR)`,
  // stores whose PRIM tables predate the column: NULL there (an outcome search of its mode and threshold)
  'ALTER TABLE prim_trajectory ADD COLUMN IF NOT EXISTS criterion VARCHAR',
  'ALTER TABLE prim_boxes ADD COLUMN IF NOT EXISTS criterion VARCHAR',
];

/**
 * Replaces the rows of each discovery's (study, scenario, policy, outcome) in prim_trajectory and
 * prim_boxes. A study with levers adds a `policy` column (last, after `criterion`) to both.
 */
export async function writeDiscoveries(conn: DuckDBConnection, ds: Discovery[]): Promise<void> {
  await transaction(conn, async () => {
    for (const ddl of PRIM_DDL) await conn.run(ddl);
    if (ds.some((d) => d.policy !== null)) for (const t of ['prim_trajectory', 'prim_boxes']) await conn.run(`ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS policy VARCHAR`);
    const withPolicy = (await columnsOf(conn, 'prim_boxes')).includes('policy');
    const policyCell = (a: { appendNull(): void; appendVarchar(v: string): void }, d: Discovery) => { if (!withPolicy) return; if (d.policy === null) a.appendNull(); else a.appendVarchar(d.policy); };
    for (const d of ds) {
      const key = `study = ${literal(d.study)} AND scenario = ${literal(d.scenario)} AND outcome = ${literal(d.outcome)}${d.policy !== null ? ` AND policy = ${literal(d.policy)}` : ''}`;
      await conn.run(`DELETE FROM prim_trajectory WHERE ${key}`);
      await conn.run(`DELETE FROM prim_boxes WHERE ${key}`);
      if (!d.result) continue;
      const r = d.result;
      const t = await conn.createAppender('prim_trajectory');
      for (const s of r.trajectory) {
        t.appendVarchar(d.study); t.appendVarchar(d.scenario); t.appendVarchar(d.outcome); t.appendVarchar(d.mode); t.appendDouble(d.threshold);
        t.appendInteger(s.index); t.appendVarchar(s.phase);
        for (const v of [s.coverage, s.density, s.mass]) { if (Number.isFinite(v)) t.appendDouble(v); else t.appendNull(); }
        t.appendInteger(s.n); t.appendInteger(s.coi);
        t.appendVarchar(JSON.stringify(s.restricted)); t.appendVarchar(JSON.stringify(s.limits));
        t.appendBoolean(s.index === r.box.index);
        t.appendVarchar(d.criterion); // criterion is made with the table (or added first to an older one), policy after it
        policyCell(t, d);
        t.endRow();
      }
      t.flushSync(); t.closeSync();
      const b = await conn.createAppender('prim_boxes');
      const box = r.box;
      d.names.forEach((p, j) => {
        b.appendVarchar(d.study); b.appendVarchar(d.scenario); b.appendVarchar(d.outcome); b.appendVarchar(d.mode); b.appendDouble(d.threshold);
        b.appendInteger(box.index);
        for (const v of [box.coverage, box.density, box.mass]) { if (Number.isFinite(v)) b.appendDouble(v); else b.appendNull(); }
        b.appendInteger(box.n); b.appendInteger(box.coi); b.appendInteger(r.totalCoi); b.appendInteger(d.points);
        b.appendVarchar(p);
        b.appendDouble(box.limits[j]![0]); b.appendDouble(box.limits[j]![1]);
        b.appendDouble(d.bounds[j]![0]); b.appendDouble(d.bounds[j]![1]);
        b.appendBoolean(box.restricted.includes(p));
        for (const v of box.qp[j]!) { if (Number.isFinite(v)) b.appendDouble(v); else b.appendNull(); }
        b.appendVarchar(d.criterion); // criterion is made with the table (or added first to an older one), policy after it
        policyCell(b, d);
        b.endRow();
      });
      b.flushSync(); b.closeSync();
    }
  });
}

/** Runs PRIM on a store's results and stores the trajectories and boxes in it. */
export async function discoverStudy(path: string, o: DiscoverOptions): Promise<Discovery[]> {
  const { instance, conn } = await openExisting(path);
  try {
    const data = await readStudyData(conn, path);
    const ds = await computeDiscovery(conn, data, o);
    await writeDiscoveries(conn, ds);
    await conn.run('CHECKPOINT');
    return ds;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export interface StoredPrimStep {
  study: string; scenario: string; policy: string | null; outcome: string; mode: string; threshold: number; step: number; phase: string;
  coverage: number | null; density: number | null; mass: number | null; n: number; coi: number; restricted: string[]; chosen: boolean;
  /** what made a point a case of interest (null in rows written before the column existed) */
  criterion: string | null;
}
export interface StoredPrimLimit {
  study: string; scenario: string; policy: string | null; outcome: string; mode: string; threshold: number; step: number; coverage: number | null; density: number | null; mass: number | null;
  n: number; coi: number; total_coi: number; points: number; parameter: string; lower: number; upper: number; bound_lower: number; bound_upper: number;
  restricted: boolean; qp_lower: number | null; qp_upper: number | null;
  criterion: string | null;
}

const numOrNull = (v: unknown): number | null => (v == null ? null : Number(v));

/** The stored PRIM trajectories and boxes (empty when there are none). */
export async function readDiscoveries(conn: DuckDBConnection): Promise<{ trajectory: StoredPrimStep[]; boxes: StoredPrimLimit[] }> {
  const tables = await tableNames(conn);
  if (!tables.includes('prim_trajectory') || !tables.includes('prim_boxes')) return { trajectory: [], boxes: [] };
  const t = (await conn.runAndReadAll('SELECT * FROM prim_trajectory ORDER BY scenario, outcome, step')).getRowObjectsJS();
  const b = (await conn.runAndReadAll('SELECT * FROM prim_boxes ORDER BY scenario, outcome')).getRowObjectsJS();
  return {
    trajectory: t.map((r) => ({
      study: String(r.study), scenario: String(r.scenario), policy: r.policy == null ? null : String(r.policy), outcome: String(r.outcome), mode: String(r.mode), threshold: Number(r.threshold), step: Number(r.step), phase: String(r.phase),
      coverage: numOrNull(r.coverage), density: numOrNull(r.density), mass: numOrNull(r.mass), n: Number(r.n), coi: Number(r.coi),
      restricted: JSON.parse(String(r.restricted ?? '[]')) as string[], chosen: Boolean(r.chosen), criterion: r.criterion == null ? null : String(r.criterion),
    })),
    boxes: b.map((r) => ({
      study: String(r.study), scenario: String(r.scenario), policy: r.policy == null ? null : String(r.policy), outcome: String(r.outcome), mode: String(r.mode), threshold: Number(r.threshold), step: Number(r.step),
      coverage: numOrNull(r.coverage), density: numOrNull(r.density), mass: numOrNull(r.mass), n: Number(r.n), coi: Number(r.coi), total_coi: Number(r.total_coi), points: Number(r.points),
      parameter: String(r.parameter), lower: Number(r.lower), upper: Number(r.upper), bound_lower: Number(r.bound_lower), bound_upper: Number(r.bound_upper),
      restricted: Boolean(r.restricted), qp_lower: numOrNull(r.qp_lower), qp_upper: numOrNull(r.qp_upper), criterion: r.criterion == null ? null : String(r.criterion),
    })),
  };
}
