/**
 * Claims as hypotheses (a model's `claims`): the directional test and the search for where a
 * claim fails.
 *
 * **Directional test.** Both arms run with the same seeds (common random numbers: run i of either
 * arm has seed runSeed(master, 'claims', 0, i)), at the given world size. The metric's one-sided
 * test of "larger in the treated arm": a two-proportion z test for a label share, the
 * Mann–Whitney U test for a scalar output (null values dropped).
 *
 * **Refutability.** A Latin hypercube over the plausible ranges of the claim's `box` parameters
 * (their declared [min, max]); at each point both arms run `replicates` times with paired seeds,
 * and the point's effect is the difference of the arms' metric means. The points whose effect is
 * ≤ 0 (the claim's effect vanishes or reverses there) are the cases of interest of PRIM (Friedman
 * & Fisher 1999, as the EMA Workbench runs it), which describes where they concentrate as a box.
 * Inside and outside the box the runs are pooled and the directional test repeated: the claim
 * *fails in the box* when the effect there is not significantly positive (one-sided p ≥ alpha) while
 * it is outside; it *holds everywhere* when no point has a non-positive effect beyond what the
 * noise of `replicates` runs explains (the pooled test inside PRIM's box is still significant).
 */
import type { ArmDecl, ClaimDecl, ModelDeclaration } from '../engine/declaration.js';
import type { WorkerPool } from '../engine/pool.js';
import type { RunResult } from '../engine/protocol.js';
import { prim, type PrimBox } from '../analysis/prim.js';
import { twoProportionZTest } from '../analysis/stats.js';
import { mannWhitney } from '../analysis/tests.js';
import { describeParams } from '../engine/params.js';
import { InputError } from '../errors.js';
import { loadScenario } from '../scenarios/load.js';
import { buildDesign, DesignSubstream, sampleByWeight, type DesignFile } from './designs.js';
import { runSeed } from './seeds.js';
import { openDuckDB, tableNames, transaction } from './store.js';
import { safeText } from '../errors.js';

export interface ClaimRunOptions {
  pool: WorkerPool;
  /** mass agents of every run */
  agents: number;
  ticks: number;
  /** master seed */
  seed: number;
}

/** One arm's metric values, with the test against the other arm. */
export interface ArmSummary { label: string; n: number; mean: number }
export interface DirectionResult {
  claim: string;
  treated: ArmSummary;
  control: ArmSummary;
  /** treated mean − control mean */
  effect: number;
  /** one-sided p of "larger in the treated arm" */
  p: number;
  test: 'two-proportion z' | 'Mann–Whitney U';
}

type Overrides = Record<string, Record<string, unknown>>;

/** Deep copy of an arm's overrides with dotted design values added. */
function withValues(base: ArmDecl['params'], names: readonly string[], values: readonly number[]): Overrides {
  const out: Overrides = JSON.parse(JSON.stringify(base ?? {}));
  names.forEach((name, j) => {
    const [group, key] = name.split('.') as [string, string];
    (out[group] ??= {})[key] = values[j];
  });
  return out;
}

/** The metric of a finished run (null: undefined for this run). */
export function metricOf(claim: ClaimDecl, r: RunResult): number | null {
  if (claim.metric.kind === 'label') return claim.metric.labels.includes(r.outcome.kind) ? 1 : 0;
  const v = r.outputs[claim.metric.name];
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  throw new InputError(`claim ${claim.id}: expected a numeric or boolean output "${claim.metric.name}", found ${JSON.stringify(v)}`);
}

/** Runs one arm `n` times (replicates i = 0..n−1 of design point `point`), metric values in replicate order. */
async function runArm(m: ModelDeclaration, claim: ClaimDecl, arm: ArmDecl, params: Overrides, o: ClaimRunOptions, point: number, n: number): Promise<Array<number | null>> {
  const jobs = Array.from({ length: n }, (_, i) => {
    const run = loadScenario(arm.scenario, { model: m.name, params, agents: o.agents, ticks: o.ticks, seed: runSeed(o.seed, 'claims', point, i) });
    return o.pool.runWorld({ kind: 'world', run, keep: { series: null, events: false } });
  });
  const replies = await Promise.all(jobs);
  return replies.map((r) => {
    if (r.state !== 'ok') throw new Error(`claim ${claim.id}, arm "${arm.label}": a run failed: ${r.error}`);
    return metricOf(claim, r.result);
  });
}

const finite = (xs: ReadonlyArray<number | null>): number[] => xs.filter((x): x is number => x !== null && Number.isFinite(x));
const meanOf = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);

/** The one-sided test of "treated larger" on two samples of metric values. */
export function compare(claim: ClaimDecl, treated: readonly number[], control: readonly number[]): { p: number; test: DirectionResult['test'] } {
  if (!treated.length || !control.length) return { p: 1, test: claim.metric.kind === 'label' ? 'two-proportion z' : 'Mann–Whitney U' };
  if (claim.metric.kind === 'label') {
    const k = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
    return { p: twoProportionZTest(k(treated), treated.length, k(control), control.length).pGreater, test: 'two-proportion z' };
  }
  return { p: mannWhitney(treated, control).pGreater, test: 'Mann–Whitney U' };
}

/** The directional test of a claim with `runs` runs per arm. */
export async function testClaim(m: ModelDeclaration, claim: ClaimDecl, runs: number, o: ClaimRunOptions): Promise<DirectionResult> {
  const [t, c] = await Promise.all([
    runArm(m, claim, claim.treated, withValues(claim.treated.params, [], []), o, 0, runs),
    runArm(m, claim, claim.control, withValues(claim.control.params, [], []), o, 0, runs),
  ]);
  const tv = finite(t), cv = finite(c);
  const { p, test } = compare(claim, tv, cv);
  return {
    claim: claim.id,
    treated: { label: claim.treated.label, n: tv.length, mean: meanOf(tv) },
    control: { label: claim.control.label, n: cv.length, mean: meanOf(cv) },
    effect: meanOf(tv) - meanOf(cv), p, test,
  };
}

export interface RefuteOptions extends ClaimRunOptions {
  /** LHS points over the box */
  points: number;
  /** paired runs per arm at each point */
  replicates: number;
  /** significance of the pooled tests inside and outside the box */
  alpha: number;
}

export interface RefuteResult {
  claim: string;
  parameters: Array<{ name: string; min: number; max: number }>;
  /** the box parameters each arm sets (held at the arm's own value in that arm, the default in the other; not searched) */
  held: { treated: string[]; control: string[] };
  /** per point: the parameter values and the effect (treated − control mean) */
  points: Array<{ values: number[]; effect: number }>;
  /** points with an effect ≤ 0 */
  nonPositive: number;
  box: PrimBox;
  /** the restricted limits of the box, as "name in [lo, hi]" */
  region: string[];
  inside: { points: number; effect: number; p: number };
  outside: { points: number; effect: number; p: number };
  verdict: 'fails-in-region' | 'holds-everywhere' | 'fails-everywhere';
}

/** The plausible [min, max] of a numeric parameter of the model, and whether it is an integer. */
function rangeOf(m: ModelDeclaration, name: string): { min: number; max: number; integer: boolean } {
  const d = describeParams(m.params).find((x) => x.path === name);
  if (!d || d.kind !== 'number') throw new InputError(`claim box: expected a numeric parameter of model ${m.name}, found "${name}"`);
  return { min: d.min, max: d.max, integer: d.integer === true };
}

/**
 * The box parameters an arm holds: those its scenario or its own overrides set to a value other
 * than the model's default. They define the arms, so the search does not vary them: it asks
 * whether the treatment, as defined, still has its effect across the plausible values of the
 * other parameters on the path (a treatment "no switching cost" stays at 0 and the control at
 * the default switching cost, while the adaptation rates and the rest of the box vary).
 */
function heldBy(m: ModelDeclaration, arm: ArmDecl, names: readonly string[]): Set<string> {
  const run = loadScenario(arm.scenario, { model: m.name, params: withValues(arm.params, [], []) });
  const resolved = run.params as Record<string, Record<string, unknown>>;
  const defs = new Map(describeParams(m.params).map((d) => [d.path, d.def as unknown]));
  return new Set(names.filter((n) => {
    const [group, key] = n.split('.') as [string, string];
    return resolved[group]?.[key] !== defs.get(n);
  }));
}

/** Searches the claim's box for where its effect vanishes or reverses. */
export async function refuteClaim(m: ModelDeclaration, claim: ClaimDecl, o: RefuteOptions): Promise<RefuteResult> {
  const heldT = heldBy(m, claim.treated, claim.box), heldC = heldBy(m, claim.control, claim.box);
  // a parameter that defines either arm is held in both (each at its own value), not searched
  const names = claim.box.filter((n) => !heldT.has(n) && !heldC.has(n));
  if (names.length === 0) throw new InputError(`claim ${claim.id}: expected a box with a parameter neither arm sets, found only ${claim.box.join(', ')}`);
  const ranges = names.map((n) => rangeOf(m, n));
  const bounds = ranges.map((r): [number, number] => [r.min, r.max]);
  const design = buildDesign({ names, bounds }, { method: 'lhs', samples: o.points, seed: o.seed });
  // integer parameters take the nearest integer of their stratum's value
  for (const v of design.points) ranges.forEach((r, j) => { if (r.integer) v[j] = Math.round(v[j]!); });
  const perPoint = await Promise.all(design.points.map(async (values, j) => {
    const [t, c] = await Promise.all([
      runArm(m, claim, claim.treated, withValues(claim.treated.params, names, values), o, j, o.replicates),
      runArm(m, claim, claim.control, withValues(claim.control.params, names, values), o, j, o.replicates),
    ]);
    return { values, t: finite(t), c: finite(c) };
  }));
  const points = perPoint.map((x) => ({ values: x.values, effect: meanOf(x.t) - meanOf(x.c) }));
  const interest = points.map((x) => !(x.effect > 0));
  const nonPositive = interest.filter(Boolean).length;
  const res = prim(design.points, interest, { names, peelAlpha: 0.1, minMass: 0.1 });
  const box = res.box;
  const inBox = (v: readonly number[]) => v.every((x, j) => x >= box.limits[j]![0] && x <= box.limits[j]![1]);
  const pool = (pred: (v: readonly number[]) => boolean) => {
    const sel = perPoint.filter((x) => pred(x.values));
    const t = sel.flatMap((x) => x.t), c = sel.flatMap((x) => x.c);
    return { points: sel.length, effect: meanOf(t) - meanOf(c), p: compare(claim, t, c).p };
  };
  const inside = pool(inBox), outside = pool((v) => !inBox(v));
  const region = box.restricted.map((n) => {
    const j = names.indexOf(n);
    return `${n} in [${+box.limits[j]![0].toPrecision(3)}, ${+box.limits[j]![1].toPrecision(3)}]`;
  });
  const failsInside = !(inside.p < o.alpha);
  const verdict = !failsInside ? 'holds-everywhere' : outside.points > 0 && outside.p < o.alpha ? 'fails-in-region' : 'fails-everywhere';
  const held = { treated: claim.box.filter((n) => heldT.has(n)), control: claim.box.filter((n) => heldC.has(n)) };
  return { claim: claim.id, parameters: names.map((n, j) => ({ name: n, min: ranges[j]!.min, max: ranges[j]!.max })), held, points, nonPositive, box, region, inside, outside, verdict };
}

export interface PosteriorOptions extends ClaimRunOptions {
  /** posterior draws (by weight, seeded by the master seed) */
  draws: number;
  /** paired runs per arm at each draw */
  replicates: number;
  /** significance of the pooled one-sided test */
  alpha: number;
}

export interface PosteriorClaimResult {
  claim: string;
  /** the posterior's parameters, and those each arm sets itself (kept at the arm's value there) */
  parameters: string[];
  held: { treated: string[]; control: string[] };
  /** per draw: the posterior row drawn, its values and the effect (treated − control mean) */
  points: Array<{ row: number; values: number[]; effect: number }>;
  /** draws with a positive effect */
  positive: number;
  /** every draw's runs pooled: the arms and the directional test */
  treated: ArmSummary;
  control: ArmSummary;
  effect: number;
  p: number;
  test: DirectionResult['test'];
  verdict: 'holds across the posterior' | 'not shown across the posterior';
}

/**
 * A claim across a calibration's posterior, not only at the defaults: `draws` parameter vectors
 * drawn from the posterior by weight (seeded), each set in both arms (except the parameters an
 * arm sets itself: they define the arm), `replicates` paired runs per arm at each draw. The
 * verdict is the one-sided test over all draws' runs pooled; the share of draws with a positive
 * effect says how evenly the posterior supports it.
 */
export async function claimAcrossPosterior(m: ModelDeclaration, claim: ClaimDecl, post: DesignFile, o: PosteriorOptions): Promise<PosteriorClaimResult> {
  const names = post.names;
  for (const n of names) rangeOf(m, n); // a posterior of another model's parameters is refused by name
  const heldT = heldBy(m, claim.treated, names), heldC = heldBy(m, claim.control, names);
  const weights = post.weights ?? post.rows.map(() => 1);
  const rows = sampleByWeight(weights, o.draws, o.seed, DesignSubstream.posterior);
  const armParams = (arm: ArmDecl, held: Set<string>, values: readonly number[]) => {
    const free = names.map((n, j) => [n, values[j]!] as const).filter(([n]) => !held.has(n));
    return withValues(arm.params, free.map(([n]) => n), free.map(([, v]) => v));
  };
  const points: PosteriorClaimResult['points'] = [];
  const allT: number[] = [], allC: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const values = post.rows[rows[j]!]!;
    const [t, c] = await Promise.all([
      runArm(m, claim, claim.treated, armParams(claim.treated, heldT, values), o, j, o.replicates),
      runArm(m, claim, claim.control, armParams(claim.control, heldC, values), o, j, o.replicates),
    ]);
    const tv = finite(t), cv = finite(c);
    allT.push(...tv); allC.push(...cv);
    points.push({ row: rows[j]!, values: [...values], effect: meanOf(tv) - meanOf(cv) });
  }
  const { p, test } = compare(claim, allT, allC);
  return {
    claim: claim.id, parameters: [...names], held: { treated: [...heldT], control: [...heldC] }, points,
    positive: points.filter((x) => x.effect > 0).length,
    treated: { label: claim.treated.label, n: allT.length, mean: meanOf(allT) },
    control: { label: claim.control.label, n: allC.length, mean: meanOf(allC) },
    effect: meanOf(allT) - meanOf(allC), p, test,
    verdict: p < o.alpha ? 'holds across the posterior' : 'not shown across the posterior',
  };
}

/** The accepted posterior of a finished calibration store, as a weighted design (its `posterior` table). */
export async function readStoredPosterior(file: string): Promise<DesignFile> {
  const { instance, conn } = await openDuckDB(file, true);
  try {
    const tables = await tableNames(conn);
    if (!tables.includes('posterior') || !tables.includes('calibration')) {
      throw new InputError(`${safeText(file)}: expected the store of a finished calibration (tables posterior and calibration; fractable calibrate), found ${tables.length ? `tables ${tables.join(', ')}` : 'no tables'}`, file);
    }
    const cols = (await conn.runAndReadAll("SELECT column_name AS c FROM information_schema.columns WHERE table_name = 'posterior' AND table_schema = 'main' AND table_catalog = current_database() ORDER BY ordinal_position")).getRowObjectsJS().map((r) => String(r.c));
    const names = cols.filter((c) => !['particle', 'generation', 'proposal', 'weight', 'distance'].includes(c));
    const rows = (await conn.runAndReadAll(`SELECT ${[...names, 'weight'].map((n) => `"${n.replaceAll('"', '""')}"`).join(', ')} FROM posterior ORDER BY particle`)).getRowObjectsJS();
    if (rows.length === 0) throw new InputError(`${safeText(file)}: expected a posterior with particles, found an empty posterior table`, file);
    return { names, rows: rows.map((r) => names.map((n) => Number(r[n]))), weights: rows.map((r) => Number(r.weight)) };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** What `fractable claims --posterior STORE` writes into the calibration store: table `claims_posterior`, replaced as a whole. */
export async function writePosteriorClaims(file: string, results: readonly PosteriorClaimResult[], o: { agents: number; ticks: number; seed: number; draws: number; replicates: number; alpha: number }, titles: ReadonlyMap<string, string>): Promise<void> {
  const { instance, conn } = await openDuckDB(file, false, { threads: '1' }, 3000);
  try {
    await transaction(conn, async () => {
      await conn.run('DROP TABLE IF EXISTS claims_posterior');
      await conn.run('CREATE TABLE claims_posterior (claim VARCHAR, title VARCHAR, parameters VARCHAR, held VARCHAR, draws INTEGER, replicates INTEGER, positive INTEGER, treated VARCHAR, treated_n INTEGER, treated_mean DOUBLE, control VARCHAR, control_n INTEGER, control_mean DOUBLE, effect DOUBLE, p_value DOUBLE, test VARCHAR, alpha DOUBLE, verdict VARCHAR, agents INTEGER, ticks INTEGER, seed BIGINT)');
      const ins = await conn.prepare('INSERT INTO claims_posterior VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)');
      for (const r of results) {
        const num = (i: number, v: number) => { if (Number.isFinite(v)) ins.bindDouble(i, v); else ins.bindNull(i); };
        ins.bindVarchar(1, r.claim); ins.bindVarchar(2, titles.get(r.claim) ?? r.claim); ins.bindVarchar(3, JSON.stringify(r.parameters)); ins.bindVarchar(4, JSON.stringify(r.held));
        ins.bindInteger(5, r.points.length); ins.bindInteger(6, o.replicates); ins.bindInteger(7, r.positive);
        ins.bindVarchar(8, r.treated.label); ins.bindInteger(9, r.treated.n); num(10, r.treated.mean);
        ins.bindVarchar(11, r.control.label); ins.bindInteger(12, r.control.n); num(13, r.control.mean);
        num(14, r.effect); num(15, r.p); ins.bindVarchar(16, r.test); ins.bindDouble(17, o.alpha); ins.bindVarchar(18, r.verdict);
        ins.bindInteger(19, o.agents); ins.bindInteger(20, o.ticks); ins.bindBigInt(21, BigInt(o.seed));
        await ins.run();
      }
      ins.destroySync();
    });
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
