/**
 * Calibration specs (YAML): a scenario, independent priors on model parameters, the patterns
 * used as targets and those held out, the ABC method and its budget, replicates per particle,
 * and the posterior checks (scorecard draws, knock-outs). Validated like every input: one
 * message "FILE: PATH: expected X, found Y", exit 2.
 *
 * A spec resolves to a base study (the scenario with the spec's agents, ticks and params,
 * recording events) whose `runs` table has one column per prior, and a spec hash over
 * everything that determines the results: resume refuses a store whose hash differs.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Prior, PriorDist } from '../analysis/priors.js';
import { checkPriors, priorSupport } from '../analysis/priors.js';
import { InputError, inputError, prefixed } from '../errors.js';
import { paramDesc } from '../engine/params.js';
import { readYaml } from '../scenarios/load.js';
import { parseOrThrow } from '../scenarios/validate.js';
import { loadCheckedPatterns, type Pattern, type PatternFile } from './patterns.js';
import { canonicalJson, resolveStudy, type ResolvedStudy } from './spec.js';

/** Most SMC generations (each takes one block of run ids, see calibrate.ts). */
export const MAX_GENERATIONS = 100;
/** Most knock-outs one spec may name. */
export const MAX_KNOCKOUTS = 90;
/** Most proposals (or posterior draws) of one generation or check: they share a block of 10^7 run ids with their replicates. */
export const MAX_BLOCK_RUNS = 10_000_000;

const Num = z.number().refine(Number.isFinite, 'a finite number');
export const PriorSchema = z.union([
  z.tuple([Num, Num]).describe('[lower, upper]: uniform'),
  z.strictObject({ kind: z.literal('uniform'), lower: Num, upper: Num }),
  z.strictObject({ kind: z.literal('loguniform'), lower: Num, upper: Num }),
  z.strictObject({ kind: z.literal('normal'), mean: Num, sd: Num, lower: Num.optional(), upper: Num.optional() }),
  z.strictObject({ kind: z.literal('beta'), a: Num, b: Num, lower: Num.optional(), upper: Num.optional() }),
]);

const Value = z.union([z.number(), z.boolean(), z.string()]);

export const CalibrationSchema = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().optional(),
  scenario: z.string().min(1).describe('built-in scenario name or path relative to the spec'),
  patterns: z.string().min(1).describe('pattern file, relative to the spec'),
  targets: z.array(z.string().min(1)).min(1).describe('ids of the patterns the distance is computed from'),
  heldOut: z.array(z.string().min(1)).default([]).describe('ids of patterns scored only after calibration'),
  priors: z.record(z.string(), PriorSchema).describe('dotted model parameter → prior ([lower, upper] is uniform)'),
  method: z.enum(['smc', 'rejection']).default('smc'),
  budget: z.strictObject({
    particles: z.number().int().min(2).max(100_000).optional().describe('smc: population size n'),
    generations: z.number().int().min(1).max(MAX_GENERATIONS).optional().describe('smc: most generations, counting generation 0'),
    alpha: z.number().gt(0).max(1).optional().describe('smc: quantile of the last distances that sets the next tolerance (default 0.5)'),
    maxProposals: z.number().int().min(1).optional().describe('smc: most proposals in one generation (default 20 × particles)'),
    minEpsilon: z.number().min(0).max(1).optional().describe('smc: stop once the tolerance is at or below this (default 0)'),
    proposals: z.number().int().min(1).optional().describe('rejection: proposals from the prior'),
    quantile: z.number().gt(0).max(1).optional().describe('rejection: share of the proposals kept (the closest)'),
  }),
  replicates: z.number().int().min(1).max(1000).default(1).describe('runs per particle; its distance is 1 − the mean target score over them'),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  agents: z.number().int().min(1).max(50_000_000).optional(),
  ticks: z.number().int().min(1).max(100_000).optional(),
  params: z.record(z.string(), z.unknown()).optional().describe('fixed parameter overrides of the scenario'),
  check: z.strictObject({
    runs: z.number().int().min(1).max(1_000_000).default(100).describe('posterior draws (one run each) scored on every pattern'),
    knockouts: z.string().min(1).optional().describe('knock-out file, relative to the spec'),
  }).default({ runs: 100 }),
});

/** A knock-out: a parameter override that switches a mechanism off. */
export interface Knockout {
  mechanism: string;
  title: string;
  overrides: Record<string, number | boolean | string>;
  justification: string;
}

export const KnockoutFileSchema = z.strictObject({
  knockouts: z.array(z.strictObject({
    mechanism: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/).max(40),
    title: z.string().min(1),
    overrides: z.record(z.string(), Value).refine((o) => Object.keys(o).length > 0, 'at least one override'),
    justification: z.string().min(1).describe('one line: why this override removes the mechanism'),
  })).min(1).max(MAX_KNOCKOUTS),
});

export type SmcBudget = { method: 'smc'; particles: number; generations: number; alpha: number; maxProposals: number; minEpsilon: number };
export type RejectionBudget = { method: 'rejection'; proposals: number; quantile: number };

export interface ResolvedCalibration {
  name: string;
  description: string;
  file?: string;
  seed: number;
  scenario: string;
  /** the pattern file (with checked queries) */
  patternFile: PatternFile;
  targets: Pattern[];
  heldOut: Pattern[];
  /** targets then held-out: every pattern scored */
  scored: Pattern[];
  priors: Prior[];
  budget: SmcBudget | RejectionBudget;
  replicates: number;
  checkRuns: number;
  knockouts: Knockout[];
  /** the spec's fixed parameter overrides (nested, as in a scenario's params) */
  fixedParams: Record<string, unknown>;
  /** the base study: the scenario as calibrated, a column per prior in `runs`, events recorded */
  study: ResolvedStudy;
  specHash: string;
  /** the resolved spec, as stored */
  spec: Record<string, unknown>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function toDist(raw: z.output<typeof PriorSchema>): PriorDist {
  if (Array.isArray(raw)) return { kind: 'uniform', lower: raw[0], upper: raw[1] };
  return raw as PriorDist;
}

/** Loads, validates and resolves a calibration spec (its patterns' queries included). */
export async function loadCalibration(file: string): Promise<ResolvedCalibration> {
  const path = resolve(file);
  const raw = readYaml(path);
  if (!isObj(raw)) throw inputError(file, '(top level)', 'a mapping of calibration keys', raw);
  const p = parseOrThrow(CalibrationSchema, raw, file);
  const dir = dirname(path);
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(p.name)) throw inputError(file, 'name', 'a name of letters, digits, ".", "_" and "-" (it names the results file)', p.name);

  // patterns
  let patternFile: PatternFile;
  try {
    patternFile = await loadCheckedPatterns(resolve(dir, p.patterns));
  } catch (e) {
    if (e instanceof InputError) throw prefixed(e, `${file}: patterns: `, file, 'patterns');
    throw e;
  }
  const byId = new Map(patternFile.patterns.map((pt) => [pt.id, pt]));
  const pick = (ids: string[], key: string): Pattern[] => ids.map((id, i) => {
    const pt = byId.get(id);
    if (!pt) throw inputError(file, `${key}.${i}`, `a pattern id of ${p.patterns} (${[...byId.keys()].join(', ')})`, id);
    return pt;
  });
  const targets = pick(p.targets, 'targets');
  const heldOut = pick(p.heldOut, 'heldOut');
  const dup = (ids: string[]) => ids.findIndex((id, i) => ids.indexOf(id) !== i);
  if (dup(p.targets) >= 0) throw inputError(file, `targets.${dup(p.targets)}`, 'each pattern once', p.targets[dup(p.targets)]);
  if (dup(p.heldOut) >= 0) throw inputError(file, `heldOut.${dup(p.heldOut)}`, 'each pattern once', p.heldOut[dup(p.heldOut)]);
  p.heldOut.forEach((id, i) => {
    if (p.targets.includes(id)) throw inputError(file, `heldOut.${i}`, 'a pattern that is not a target (calibrate on targets only, never on a held-out pattern)', id);
  });

  // the base study (scenario, agents, ticks, params): its errors name the spec
  const study0 = resolveStudy({
    name: p.name, seed: p.seed, scenarios: [p.scenario], record: ['outcome', 'metrics', 'events'],
    ...(p.agents !== undefined ? { agents: p.agents } : {}), ...(p.ticks !== undefined ? { ticks: p.ticks } : {}), ...(p.params !== undefined ? { params: p.params } : {}),
  }, path, dir);
  const model = study0.model;

  // priors
  const names = Object.keys(p.priors);
  if (names.length === 0) throw inputError(file, 'priors', 'at least one prior', p.priors);
  const priors: Prior[] = names.map((n) => {
    const where = `priors.${n}`;
    const desc = paramDesc(model.params, n);
    if (!desc) throw inputError(file, where, `a parameter of model ${model.name} as group.name (see fractable params)`, n);
    if (desc.kind !== 'number') throw inputError(file, where, 'a numeric parameter', `a ${desc.kind} parameter`);
    if (desc.integer) throw inputError(file, where, 'a continuous parameter (ABC perturbs values continuously)', 'an integer parameter');
    const dist = toDist(p.priors[n]!);
    try {
      checkPriors([{ name: n, dist }]);
    } catch (e) {
      throw inputError(file, where, (e as Error).message.replace(/^priors\[0\] \([^)]*\)\.dist\.?/, '').replace(/^: expected /, ''), p.priors[n]);
    }
    const [lo, hi] = priorSupport(dist);
    if (lo < desc.min || hi > desc.max) {
      throw inputError(file, where, `a prior whose support lies inside the parameter's range [${desc.min}, ${desc.max}] (bound a normal with lower and upper)`, `support [${lo}, ${hi}]`);
    }
    return { name: n, dist };
  });

  // method and budget
  const b = p.budget;
  let budget: SmcBudget | RejectionBudget;
  if (p.method === 'smc') {
    for (const k of ['proposals', 'quantile'] as const) if (b[k] !== undefined) throw inputError(file, `budget.${k}`, `${k} only with method rejection`, b[k]);
    if (b.particles === undefined) throw inputError(file, 'budget.particles', 'the population size (method smc)', undefined);
    const particles = b.particles;
    if (particles <= names.length) throw inputError(file, 'budget.particles', `more particles than priors (${names.length}): the perturbation kernel needs a covariance`, particles);
    const maxProposals = b.maxProposals ?? 20 * particles;
    if (maxProposals < particles) throw inputError(file, 'budget.maxProposals', `at least the particles (${particles})`, maxProposals);
    if (maxProposals * p.replicates > MAX_BLOCK_RUNS) throw inputError(file, 'budget.maxProposals', `at most ${MAX_BLOCK_RUNS} runs per generation (maxProposals × replicates)`, maxProposals);
    budget = { method: 'smc', particles, generations: b.generations ?? 3, alpha: b.alpha ?? 0.5, maxProposals, minEpsilon: b.minEpsilon ?? 0 };
  } else {
    for (const k of ['particles', 'generations', 'alpha', 'maxProposals', 'minEpsilon'] as const) if (b[k] !== undefined) throw inputError(file, `budget.${k}`, `${k} only with method smc`, b[k]);
    if (b.proposals === undefined) throw inputError(file, 'budget.proposals', 'the number of proposals (method rejection)', undefined);
    if (b.quantile === undefined) throw inputError(file, 'budget.quantile', 'the share of proposals kept (method rejection)', undefined);
    if (b.proposals * p.replicates > MAX_BLOCK_RUNS) throw inputError(file, 'budget.proposals', `at most ${MAX_BLOCK_RUNS} runs (proposals × replicates)`, b.proposals);
    if (Math.ceil(b.quantile * b.proposals) <= names.length) throw inputError(file, 'budget.quantile', `more kept particles than priors (${names.length})`, b.quantile);
    budget = { method: 'rejection', proposals: b.proposals, quantile: b.quantile };
  }

  // knock-outs
  const knockouts = p.check.knockouts ? loadKnockouts(resolve(dir, p.check.knockouts), model.params, `${file}: check.knockouts`) : [];

  // the base study with a column per prior in `runs` (a file design with no rows: values come per particle)
  const study: ResolvedStudy = {
    ...study0,
    design: { method: 'file', names, bounds: priors.map((pr) => priorSupport(pr.dist) as [number, number]), points: [], samples: 0 },
  };
  const identity = {
    format: 'fractable-calibration/1',
    study: study0.specHash,
    name: p.name,
    seed: p.seed,
    priors,
    patterns: [...targets, ...heldOut].map((pt) => ({ id: pt.id, query: pt.query, threshold: pt.threshold })),
    targets: p.targets,
    heldOut: p.heldOut,
    budget,
    replicates: p.replicates,
    check: { runs: p.check.runs, knockouts },
  };
  const specHash = createHash('sha256').update(canonicalJson(identity)).digest('hex');
  const spec = { ...identity, description: p.description ?? '', file: basename(path), scenario: p.scenario, patternFile: p.patterns, model: study0.spec.model };
  study.specHash = specHash;
  study.spec = { ...study0.spec, calibration: JSON.parse(canonicalJson(spec)) as unknown };
  return {
    name: p.name, description: p.description ?? '', file: path, seed: p.seed, scenario: study0.scenarios[0]!.name, patternFile,
    targets, heldOut, scored: [...targets, ...heldOut], priors, budget, replicates: p.replicates, checkRuns: p.check.runs, knockouts, fixedParams: p.params ?? {},
    study, specHash, spec,
  };
}

/** Loads a knock-out file: each override a parameter of the model, of the right kind and range. */
export function loadKnockouts(file: string, params: Parameters<typeof paramDesc>[0], label = file): Knockout[] {
  const raw = readYaml(file);
  const p = parseOrThrow(KnockoutFileSchema, raw, file);
  const seen = new Set<string>();
  return p.knockouts.map((k, i) => {
    if (seen.has(k.mechanism)) throw inputError(file, `knockouts.${i}.mechanism`, 'a unique mechanism', k.mechanism);
    seen.add(k.mechanism);
    for (const [path, v] of Object.entries(k.overrides)) {
      const where = `knockouts.${i}.overrides.${path}`;
      const d = paramDesc(params, path);
      if (!d) throw new InputError(`${label}: ${file}: ${where}: expected a parameter of the model as group.name, found an unknown one`, file, where);
      if (d.kind === 'number' && (typeof v !== 'number' || v < d.min || v > d.max)) throw inputError(file, where, `a number in [${d.min}, ${d.max}]`, v);
      if (d.kind === 'boolean' && typeof v !== 'boolean') throw inputError(file, where, 'true or false', v);
      if (d.kind === 'enum' && (typeof v !== 'string' || !d.values.includes(v))) throw inputError(file, where, `one of ${d.values.join(', ')}`, v);
    }
    return { mechanism: k.mechanism, title: k.title, overrides: k.overrides, justification: k.justification };
  });
}
