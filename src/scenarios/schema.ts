/**
 * The scenario file format (YAML), validated with zod against the schema of the scenario's
 * model: `model:` names it (default `table`), its declaration gives the parameters and the
 * populations. Every key is optional: a scenario states only what differs from the defaults (or
 * from the scenario it `extends`).
 */
import { z } from 'zod';
import type { ModelDeclaration, PopulationDecl, RunConfig } from '../engine/declaration.js';
import { NetworkSchema } from '../engine/network.js';
import { paramsSchema } from '../engine/params.js';
import { massCount } from '../engine/populations.js';
import { RuleSchema, ruleProblems } from '../learning/rules.js';
import { DistSchema } from '../random/distributions.js';

/** Test-only switches (documented in the README): make a chosen run fail or exhaust memory. */
export const TestHooksSchema = z.strictObject({
  failAtTick: z.number().int().nonnegative().max(1e9).optional().describe('throw inside the world update at this tick'),
  exhaustMemory: z.boolean().optional().describe('allocate without bound at the first tick (worker resource limits)'),
  onlySeeds: z.array(z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)).optional().describe('apply the hooks only to runs with these seeds'),
});

/** The most agents of the mass populations a run may have. */
export const MAX_AGENTS = 50_000_000;

/** A population's settings in a scenario: what its declaration lets a scenario change. */
function populationSchema(p: PopulationDecl) {
  const K = p.actions.length;
  // what a run would refuse is refused here, with its path (validate and run agree)
  const traits = z.strictObject(Object.fromEntries(p.traits.map((t) => [t.name, DistSchema.superRefine((d, ctx) => {
    const n = t.categories?.length ?? 0;
    if (t.kind === 'categorical' && d.kind !== 'categorical') {
      ctx.addIssue({ code: 'custom', path: ['kind'], input: d.kind, message: `"categorical" (the trait takes one of ${n} categories: ${t.categories?.join(', ')})` });
    } else if (t.kind === 'continuous' && d.kind === 'categorical') {
      ctx.addIssue({ code: 'custom', path: ['kind'], input: d.kind, message: 'a distribution of a continuous trait (normal, beta, uniform, fixed)' });
    } else if (d.kind === 'categorical' && d.shares.length !== n) {
      ctx.addIssue({ code: 'custom', path: ['shares'], input: d.shares, message: `${n} shares (one per category: ${t.categories?.join(', ')})`, params: { found: `${d.shares.length}` } });
    } else if (d.kind === 'categorical' && !(d.shares.reduce((a, b) => a + b, 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['shares'], params: { found: JSON.stringify(d.shares) }, message: 'shares with a positive sum' });
    }
  }).optional().describe(t.doc)])));
  const within = !p.network?.source || p.network.source === p.name;
  return z.strictObject({
    ...('weight' in p.size
      ? { weight: z.number().positive().max(1e6).optional().describe("share of the mass agents (--agents), relative to the other mass populations") }
      : { size: z.number().int().min(1).max(100_000_000).optional().describe(`number of members (default ${p.size.fixed}: its real size)`) }),
    rule: RuleSchema.superRefine((r, ctx) => {
      for (const q of ruleProblems(r, K)) ctx.addIssue({ code: 'custom', path: [q.key], params: { found: q.found }, message: q.expected });
    }).optional().describe('learning rule (default: the model\'s)'),
    noise: z.number().min(0).max(100).optional().describe('amplitude of the uniform payoff noise each agent sees'),
    traits: traits.optional().describe('trait distributions'),
    ...(p.network ? {
      network: NetworkSchema.superRefine((n, ctx) => {
        if (n.kind !== 'complete' && within === (n.kind === 'bipartite')) {
          ctx.addIssue({ code: 'custom', path: ['kind'], input: n.kind, message: within ? 'a network within the population (complete, erdos-renyi, watts-strogatz, barabasi-albert, sbm)' : `a bipartite network to ${p.network!.source} (or complete)` });
        }
      }).optional().describe(p.network.doc),
    } : {}),
  });
}

const schemas = new Map<string, z.ZodType>();

/** The zod schema of a scenario file of model m (cached). */
export function scenarioSchema(m: ModelDeclaration): z.ZodType<ScenarioParsed> {
  let s = schemas.get(m.name);
  if (!s) {
    s = z.strictObject({
      name: z.string().min(1).max(200).optional(),
      description: z.string().max(10_000).optional(),
      claim: z.string().max(10_000).optional().describe('the claim of the seed this scenario tests'),
      extends: z.string().min(1).max(4096).optional().describe('a built-in scenario name or a path relative to this file'),
      model: z.string().min(1).max(100).optional().describe('the registered model (default table)'),
      agents: z.number().int().min(Math.max(1, massCount(m))).max(MAX_AGENTS).default(2000).describe('total agents of the mass populations'),
      ticks: z.number().int().min(1).max(100_000).default(520),
      seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
      start: z.iso.date().optional().describe('calendar date of tick 0 (yyyy-mm-dd)'),
      params: paramsSchema(m.params),
      populations: z.strictObject(Object.fromEntries(m.populations.map((p) => [p.name, populationSchema(p).optional()]))).prefault({}),
      test: TestHooksSchema.optional(),
    });
    schemas.set(m.name, s);
  }
  return s as z.ZodType<ScenarioParsed>;
}

export interface ScenarioParsed {
  name?: string; description?: string; claim?: string; extends?: string; model?: string;
  agents: number; ticks: number; seed: number; start?: string;
  params: unknown;
  populations: RunConfig['populations'];
  test?: z.infer<typeof TestHooksSchema>;
}

/** A scenario resolved for running: a run config with its name, description, claim and sources. */
export interface ResolvedScenario extends RunConfig {
  description: string;
  claim: string;
  /** the chain of files it was resolved from, base first */
  sources: string[];
}
