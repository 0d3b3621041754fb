/**
 * The scenario file format (YAML), validated with zod. Every key is optional: a scenario states
 * only what differs from the defaults (or from the scenario it `extends`).
 */
import { z } from 'zod';
import { RuleSchema } from '../learning/rules.js';
import { ACTOR_NAMES, ACTORS } from '../model/actors.js';
import { ParamsSchema } from '../model/params.js';

const Trait = z.strictObject({
  mean: z.number().min(0).max(1).describe('mean of the trait (clipped normal on [0, 1])'),
  sd: z.number().min(0).max(1).default(0.15),
});

export const PopulationSchema = z.strictObject({
  weight: z.number().nonnegative().default(1).describe("share of the world's agents, relative to the other populations"),
  rule: RuleSchema.prefault({ kind: 'roth-erev' }),
  hawk: Trait.prefault({ mean: 0.5 }),
  patience: Trait.prefault({ mean: 0.5 }),
  noise: z.number().min(0).max(2).default(0.1).describe('amplitude of the uniform payoff noise each agent sees'),
});
export type PopulationConfig = z.infer<typeof PopulationSchema>;

const populationsShape = Object.fromEntries(ACTOR_NAMES.map((n) => [n, PopulationSchema.prefault({})]));

/** Test-only switches (documented in the README): make a chosen run fail or exhaust memory. */
export const TestHooksSchema = z.strictObject({
  failAtTick: z.number().int().nonnegative().optional().describe('throw inside the world update at this tick'),
  exhaustMemory: z.boolean().optional().describe('allocate without bound at the first tick (worker resource limits)'),
  onlySeeds: z.array(z.number().int().nonnegative()).optional().describe('apply the hooks only to runs with these seeds'),
});

export const ScenarioSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  claim: z.string().optional().describe('the claim of the seed this scenario tests'),
  extends: z.string().min(1).optional().describe('a built-in scenario name or a path relative to this file'),
  agents: z.number().int().min(ACTORS.length).max(50_000_000).default(2000),
  ticks: z.number().int().min(1).max(100_000).default(520),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(1),
  params: ParamsSchema,
  populations: z.strictObject(populationsShape).prefault({}),
  test: TestHooksSchema.optional(),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;

export interface ResolvedScenario {
  name: string;
  description: string;
  claim: string;
  agents: number;
  ticks: number;
  seed: number;
  params: import('../model/params.js').Params;
  populations: Record<string, PopulationConfig>;
  test?: z.infer<typeof TestHooksSchema>;
  /** the chain of files it was resolved from, base first */
  sources: string[];
}
