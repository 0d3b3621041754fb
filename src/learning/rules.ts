/**
 * The learning rules a population can use: their scenario schema (zod), how their parameters
 * are packed into the Float64 parameter slots the kernels read, how agent state is initialised,
 * and the one dispatch from a rule code to its kernel (outside the per-agent loop, so each
 * kernel stays monomorphic).
 */
import { z } from 'zod';
import { DistSchema } from '../random/distributions.js';
import { stepRothErev, RE_DECAY_FIRST, RE_EPS, RE_FLOOR, RE_PHI } from './roth-erev.js';
import { stepModifiedRothErev, MRE_EPS, MRE_PHI } from './modified-roth-erev.js';
import { stepBushMosteller, BM_HABITUATION, BM_RATE, BM_SCALE } from './bush-mosteller.js';
import { advanceEwa, stepEwa, EWA_DELTA, EWA_LAMBDA, EWA_NNEW, EWA_NPREV, EWA_PHI, EWA_RHO } from './ewa.js';
import { stepThreshold, TH_ACTIVE, TH_INACTIVE, TH_IRREVERSIBLE } from './threshold.js';
import { stepFixed } from './fixed.js';
import { NOISE, RULE_STRIDE, type PopSlice, type WorldViews } from './kernel-args.js';

export const RuleCode = { rothErev: 0, modifiedRothErev: 1, bushMosteller: 2, ewa: 3, threshold: 4, fixed: 5 } as const;

const initial = z.union([z.number().positive().max(1e12), z.array(z.number().nonnegative().max(1e12)).min(1).max(255)])
  .describe('initial propensities: one number for every action, or one per action');
const unit = z.number().min(0).max(1);

export const RothErevSchema = z.strictObject({
  kind: z.literal('roth-erev'),
  phi: unit.default(0.02).describe('forgetting (recency) parameter, Erev & Roth 1998'),
  epsilon: unit.default(0.1).describe('experimentation: share of reinforcement spilled to other actions'),
  initial: initial.default(1),
  floor: z.number().min(0).max(1e6).optional().describe('added to every reinforcement after clipping at 0 (default 0; the reference kernel adds 0.001)'),
  update: z.enum(['together', 'decay-first']).optional()
    .describe("'together' (default): each propensity decays and is reinforced in one step; 'decay-first': the decayed propensities are stored, then the reinforcement is added (the reference kernel's order: two float32 roundings)"),
});
export const ModifiedRothErevSchema = z.strictObject({
  kind: z.literal('modified-roth-erev'),
  phi: unit.default(0.02),
  epsilon: unit.default(0.1),
  initial: initial.default(1),
});
export const BushMostellerSchema = z.strictObject({
  kind: z.literal('bush-mosteller'),
  learningRate: unit.default(0.1).describe('l, Macy & Flache 2002'),
  habituation: unit.default(0.05).describe('h: aspiration moves toward payoffs at this rate (0 = fixed)'),
  scale: z.number().positive().max(1e6).default(1).describe('largest possible |payoff - aspiration|'),
  aspiration: z.strictObject({ mean: z.number().min(-1e6).max(1e6), sd: z.number().nonnegative().max(1e6).default(0) }).default({ mean: 0.5, sd: 0.1 })
    .describe('initial aspiration level of each agent: normal(mean, sd), not clipped'),
  initial: initial.default(1).describe('initial choice weights, normalised to probabilities'),
});
export const EwaSchema = z.strictObject({
  kind: z.literal('ewa'),
  phi: unit.default(0.9).describe('decay of past attractions'),
  delta: unit.default(0.5).describe('weight of forgone payoffs'),
  rho: unit.default(0.9).describe('decay of the experience weight N'),
  lambda: z.number().nonnegative().max(1e6).default(5).describe('logit sensitivity'),
  n0: z.number().nonnegative().max(1e6).default(1).describe('initial experience weight N(0)'),
  initial: z.union([z.number().min(-1e6).max(1e6), z.array(z.number().min(-1e6).max(1e6)).min(1).max(255)]).default(0).describe('initial attractions'),
});
export const ThresholdSchema = z.strictObject({
  kind: z.literal('threshold'),
  active: z.number().int().min(0).max(254).default(1).describe('index of the active action (protest, riot, adopt)'),
  inactive: z.number().int().min(0).max(254).default(0).describe('index of the action taken otherwise'),
  irreversible: z.boolean().default(true).describe('an active agent stays active (Watts 2002); false: it deactivates when its condition fails'),
  threshold: DistSchema.default({ kind: 'normal', mean: 0.5, sd: 0.15, min: 0, max: 1 }).describe("each agent's threshold: the share of active neighbours (plus drive) it needs"),
  seeds: z.strictObject({
    count: z.number().int().min(0).max(1e9).default(0).describe('agents active at the start, chosen at random'),
    share: z.number().min(0).max(1).default(0).describe('each agent active at the start with this probability'),
  }).default({ count: 0, share: 0 }).describe('the agents active before the first tick'),
});

export const FixedSchema = z.strictObject({
  kind: z.literal('fixed'),
  probabilities: z.array(z.number().nonnegative().max(1e12)).min(1).max(255)
    .describe('one weight per action, normalised to the constant probabilities of a fixed mixed strategy (no learning: null model (a) of the validation)'),
});

export const RuleSchema = z.discriminatedUnion('kind', [RothErevSchema, ModifiedRothErevSchema, BushMostellerSchema, EwaSchema, ThresholdSchema, FixedSchema]);
export type RuleSpec = z.infer<typeof RuleSchema>;

export function ruleCode(rule: RuleSpec): number {
  switch (rule.kind) {
    case 'roth-erev': return RuleCode.rothErev;
    case 'modified-roth-erev': return RuleCode.modifiedRothErev;
    case 'bush-mosteller': return RuleCode.bushMosteller;
    case 'ewa': return RuleCode.ewa;
    case 'fixed': return RuleCode.fixed;
    case 'threshold': return RuleCode.threshold;
  }
}

/** Whether the rule keeps a per-agent scalar in the aux column (an aspiration, a threshold). */
export const needsAux = (rule: RuleSpec): boolean => rule.kind === 'bush-mosteller' || rule.kind === 'threshold';

/** Floats of per-agent state: one per action, none for the threshold rule (its state is its last action). */
export const stateWidth = (rule: RuleSpec, K: number): number => (rule.kind === 'threshold' ? 0 : K);

/** Writes the rule's parameters into `params[pOff .. pOff + RULE_STRIDE)`. Slot 1 is the payoff noise. */
export function packRule(rule: RuleSpec, noise: number, params: Float64Array, pOff: number): void {
  params.fill(0, pOff, pOff + RULE_STRIDE);
  params[pOff] = ruleCode(rule);
  params[pOff + NOISE] = noise;
  switch (rule.kind) {
    case 'roth-erev':
      params[pOff + RE_PHI] = rule.phi; params[pOff + RE_EPS] = rule.epsilon;
      params[pOff + RE_FLOOR] = rule.floor ?? 0; params[pOff + RE_DECAY_FIRST] = rule.update === 'decay-first' ? 1 : 0; break;
    case 'modified-roth-erev': params[pOff + MRE_PHI] = rule.phi; params[pOff + MRE_EPS] = rule.epsilon; break;
    case 'bush-mosteller':
      params[pOff + BM_RATE] = rule.learningRate; params[pOff + BM_HABITUATION] = rule.habituation; params[pOff + BM_SCALE] = rule.scale; break;
    case 'ewa':
      params[pOff + EWA_PHI] = rule.phi; params[pOff + EWA_DELTA] = rule.delta; params[pOff + EWA_RHO] = rule.rho;
      params[pOff + EWA_LAMBDA] = rule.lambda; params[pOff + EWA_NPREV] = rule.n0; params[pOff + EWA_NNEW] = rule.n0; break;
    case 'threshold':
      params[pOff + TH_ACTIVE] = rule.active; params[pOff + TH_INACTIVE] = rule.inactive; params[pOff + TH_IRREVERSIBLE] = rule.irreversible ? 1 : 0; break;
  }
}

/** A problem of a rule for a population of K actions: the key under the rule, what was expected, what was found. */
export interface RuleProblem { key: 'initial' | 'active' | 'inactive' | 'probabilities'; expected: string; found: string }

/**
 * What a valid rule spec can still get wrong for a population of K actions: `initial` (or a
 * fixed rule's `probabilities`) with another number of values or a zero sum, a threshold rule's
 * action index out of range. The
 * scenario schema checks these (so that `validate` refuses what a run would), and
 * initialVector again.
 */
export function ruleProblems(rule: RuleSpec, K: number): RuleProblem[] {
  const out: RuleProblem[] = [];
  if (rule.kind === 'threshold') {
    for (const [key, i] of [['active', rule.active], ['inactive', rule.inactive]] as const) {
      if (i >= K) out.push({ key, expected: `an action index below ${K} (the population's number of actions)`, found: String(i) });
    }
    return out;
  }
  if (rule.kind === 'fixed') {
    const w = rule.probabilities, sum = w.reduce((a, b) => a + b, 0);
    if (w.length !== K) out.push({ key: 'probabilities', expected: `${K} values (one per action)`, found: `${w.length} (${JSON.stringify(w)})` });
    else if (!(sum > 0) || !Number.isFinite(sum)) out.push({ key: 'probabilities', expected: 'weights with a positive finite sum', found: JSON.stringify(w) });
    return out;
  }
  const init = rule.initial;
  if (Array.isArray(init) && init.length !== K) {
    out.push({ key: 'initial', expected: `${K} values (one per action)`, found: `${init.length} (${JSON.stringify(init)})` });
  } else if (rule.kind !== 'ewa' && !(Array.isArray(init) ? init.reduce((a, b) => a + Math.fround(b), 0) > 0 : Math.fround(init) > 0)) {
    out.push({ key: 'initial', expected: `${rule.kind === 'bush-mosteller' ? 'weights' : 'propensities'} with a positive sum`, found: JSON.stringify(init) });
  }
  return out;
}

/** The initial per-action state vector of one agent (the same for every agent of a population). */
export function initialVector(rule: RuleSpec, K: number, where = 'initial'): Float32Array {
  // (the state is Float32: a sum is checked as stored)
  const problem = ruleProblems(rule, K)[0];
  if (problem) throw new RangeError(`${where.replace(/\.initial$/, '')}.${problem.key}: expected ${problem.expected}, found ${problem.found}`);
  if (rule.kind === 'threshold') return new Float32Array(0);
  const v = new Float32Array(K);
  if (rule.kind === 'fixed') {
    const w = rule.probabilities, s = w.reduce((a, b) => a + b, 0);
    for (let k = 0; k < K; k++) v[k] = w[k]! / s;
    return v;
  }
  const init = rule.initial;
  if (typeof init === 'number') v.fill(init);
  else v.set(init);
  if (rule.kind === 'bush-mosteller') {
    const s = v.reduce((a, b) => a + b, 0);
    for (let k = 0; k < K; k++) v[k] /= s;
  }
  return v;
}

/**
 * Per-tick bookkeeping of rules with population-level state: EWA's experience weight, advanced
 * before every tick (tick 0 included) so that tick t reads N(t) and N(t+1) with N(0) = n0.
 */
export function beforeTick(params: Float64Array, pOff: number, _tick: number): void {
  if (params[pOff] === RuleCode.ewa) advanceEwa(params, pOff);
}

/**
 * Steps agents [lo, hi) of one population under its rule. The switch runs once per slice;
 * each branch is a monomorphic loop over typed arrays.
 */
export function stepSlice(v: WorldViews, p: PopSlice, lo: number, hi: number, key: number, tBase: number, tick: number): void {
  switch (v.params[p.pOff]) {
    case RuleCode.rothErev: stepRothErev(v, p, lo, hi, key, tBase, tick); break;
    case RuleCode.modifiedRothErev: stepModifiedRothErev(v, p, lo, hi, key, tBase, tick); break;
    case RuleCode.bushMosteller: stepBushMosteller(v, p, lo, hi, key, tBase, tick); break;
    case RuleCode.ewa: stepEwa(v, p, lo, hi, key, tBase, tick); break;
    case RuleCode.threshold: stepThreshold(v, p, lo, hi, key, tBase, tick); break;
    case RuleCode.fixed: stepFixed(v, p, lo, hi, key, tBase, tick); break;
    default: throw new Error(`unknown rule code ${v.params[p.pOff]}`);
  }
}

export { RULE_STRIDE };
