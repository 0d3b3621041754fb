/**
 * The model seam: what a model declares, and the runtime it hands the engine for one run.
 *
 * The engine, the study layer, the store, the analysis and the report know a model only through
 * this declaration (Agents.jl's `initialize`, Mesa's `model_cls`, the EMA Workbench's declared
 * outcomes). A declaration is data (populations, state variables, parameters, event kinds, draw
 * sites, outputs) plus one factory, `create`, that builds the runtime of one run. Its JSON form
 * (`describeModel`) is recorded in every study spec, so that stores, summaries and reports never
 * import a model's code.
 *
 * The runtime never touches agents: it writes the populations' reward terms before each tick,
 * and after each tick reads the tallies (counts, shares, realised consequences) and updates the
 * world's state. The engine never looks inside the state.
 */
import type { RuleSpec } from '../learning/rules.js';
import type { Dist } from '../random/distributions.js';
import { describeParams, type ParamTable } from './params.js';

// ---------------------------------------------------------------------------------------------
// Populations

export interface TraitDecl {
  readonly name: string;
  readonly doc: string;
  /** continuous: a value in [0, 1] stored as a byte; categorical: a category index */
  readonly kind: 'continuous' | 'categorical';
  readonly categories?: readonly string[];
  /** the default distribution (a scenario may replace it) */
  readonly dist: Dist;
}

/** A fixed population has its real size (100 senators); a mass one takes a share of `--agents`. */
export type SizePolicy = { readonly fixed: number } | { readonly weight: number };

/** A network specification: a generator (see network.ts) or the complete neighbourhood. */
export interface NetworkSpec { readonly kind: string; readonly [k: string]: unknown }

export interface NetworkDecl {
  /** the population whose last actions an agent's neighbours took (default: its own) */
  readonly source?: string;
  /** `{ kind: 'complete' }` (every member of the source population: mean-field) or a generator */
  readonly spec: NetworkSpec;
  /** what the ties stand for (the ODD prints it) */
  readonly doc: string;
}

export interface PopulationDecl {
  readonly name: string;
  readonly label: string;
  readonly doc: string;
  /** labelled actions, K ≥ 2 */
  readonly actions: readonly string[];
  readonly size: SizePolicy;
  /** the default learning rule and payoff noise (a scenario may replace them) */
  readonly rule: RuleSpec;
  readonly noise: number;
  readonly traits: readonly TraitDecl[];
  readonly network?: NetworkDecl;
  /** a categorical trait whose categories split the tally (votes per party) */
  readonly tallyBy?: string;
  /** whether its actions carry per-agent consequences (hazard and cost, set by the model each tick) */
  readonly consequences?: boolean;
}

/** A population resolved for one run: the declaration with the scenario's settings and its size. */
export interface PopulationDef {
  readonly name: string;
  readonly actions: readonly string[];
  readonly size: number;
  readonly fixed: boolean;
  readonly rule: RuleSpec;
  readonly noise: number;
  readonly traits: ReadonlyArray<{ readonly name: string; readonly kind: 'continuous' | 'categorical'; readonly categories: number; readonly dist: Dist }>;
  readonly network: { readonly source: string; readonly spec: NetworkSpec } | null;
  readonly tallyBy: string | null;
  readonly consequences: boolean;
}

// ---------------------------------------------------------------------------------------------
// State, events, draws, outputs

export interface StateVarDecl { readonly name: string; readonly unit: string; readonly doc: string }
export interface EventDecl { readonly kind: string; readonly doc: string }
/** A site where nature draws at random (never a choice of an actor): listed in the ODD with its reason. */
export interface DrawDecl { readonly name: string; readonly doc: string }

export type OutputType = 'DOUBLE' | 'INTEGER' | 'BOOLEAN' | 'VARCHAR';
export interface ScalarOutputDecl { readonly name: string; readonly type: OutputType; readonly unit: string; readonly doc: string }

export interface OutputsDecl {
  /** the outcome classifier's label set */
  readonly outcomes: ReadonlyArray<{ readonly name: string; readonly doc: string }>;
  /** scalar outputs of a finished run (columns of the store's `runs` table) */
  readonly scalars: readonly ScalarOutputDecl[];
  /** state variables recorded and shown by default */
  readonly series: readonly string[];
  /**
   * Durations with right-censoring, estimated by Kaplan–Meier in the summary and the report: each
   * names two scalars, the duration (NULL where the spell never began) and whether it ended
   * before the run did (false: censored at the run's end).
   */
  readonly survival?: ReadonlyArray<{ readonly name: string; readonly doc: string; readonly duration: string; readonly ended: string }>;
}

/** What a tick means in calendar time (the report's time axes show dates from a scenario's start). */
export interface Calendar { readonly unit: 'day' | 'week' | 'month' | 'year'; readonly perTick: number }

// ---------------------------------------------------------------------------------------------
// One run

/** Test-only switches (documented in the README): make a chosen run fail or exhaust memory. */
export interface TestHooks { failAtTick?: number | undefined; exhaustMemory?: boolean | undefined; onlySeeds?: number[] | undefined }

/** Scenario settings of one population (all optional; the declaration gives the defaults). */
export interface PopulationConfig {
  weight?: number;
  size?: number;
  rule?: RuleSpec;
  noise?: number;
  traits?: Record<string, Dist>;
  network?: NetworkSpec;
}

/** Everything that determines one run: the model, its parameters, its populations, seed and length. */
export interface RunConfig {
  /** the registered model's name */
  model: string;
  /** the scenario's name (for reports) */
  name: string;
  seed: number;
  ticks: number;
  /** total of the mass populations (fixed populations keep their size) */
  agents: number;
  /** the model's parameters, validated against its schema */
  params: unknown;
  populations: Record<string, PopulationConfig>;
  /** calendar date of tick 0 (ISO yyyy-mm-dd), when the scenario has one */
  start?: string | undefined;
  test?: TestHooks | undefined;
}

export interface ModelEvent {
  tick: number;
  kind: string;
  /** who acted (a population, an institution), or 'nature' */
  actor: string;
  detail?: Record<string, number | string | boolean>;
}

/** The tallies of the tick just stepped, summed over shards: what the model reads of its agents. */
export interface Tallies {
  /** share of population p that took action a */
  share(p: number, a: number): number;
  count(p: number, a: number): number;
  size(p: number): number;
  /** agents of p whose action's hazard struck them */
  hits(p: number): number;
  /** agents of p in block c (a category of its tallyBy trait) that took action a */
  blockCount(p: number, c: number, a: number): number;
  /** all shares, laid out population after population (the recorder's row) */
  readonly shares: Float64Array;
}

/** Reward terms for the coming tick: every call adds to what the engine zeroed before `rewards`. */
export interface RewardSink {
  /** R[a] of population p */
  reward(p: number, a: number, value: number): void;
  /** coefficient of continuous trait t (declared index) on action a: the agent earns x_t · coef */
  trait(p: number, t: number, a: number, coef: number): void;
  /** value of category c of categorical trait t on action a */
  category(p: number, t: number, c: number, a: number, value: number): void;
  /** local coefficient L[a][b]: the agent earns L[a][b] × the share of its neighbours that took b last tick */
  local(p: number, a: number, b: number, coef: number): void;
  /** the chance that taking a strikes the agent this tick, and the cost it then bears */
  hazard(p: number, a: number, probability: number, cost: number): void;
}

export interface UpdateIO {
  readonly tick: number;
  /** state at the start of the update (read) */
  readonly s: Float64Array;
  /** next state: starts as a copy of s; each step reads what earlier steps wrote */
  readonly n: Float64Array;
  readonly t: Tallies;
  /** a uniform in [0, 1) from the declared draw site `name` (index: which of several draws there) */
  draw(name: string, index?: number): number;
  emit(e: Omit<ModelEvent, 'tick'>): void;
  /** replace some of population p's agents after this tick (new members: fresh traits, reset state) */
  reseat(p: number, which: Reseat): void;
}

/**
 * Which members of a population to replace, and how the new ones are drawn: a random share (each
 * member by its own counter draw) or the members [from, to) (a Senate class); their traits from
 * the population's distributions, with a normal's mean shifted, or a trait's distribution replaced
 * (the party of an election's winners).
 */
export interface Reseat {
  fraction?: number;
  from?: number;
  to?: number;
  shift?: Readonly<Record<string, number>>;
  traits?: Readonly<Record<string, Dist>>;
}

export interface OutcomeClassifier {
  onTick(tick: number, state: Float64Array): void;
  onEvent(e: ModelEvent): void;
  /** the label once known (null until then) */
  current(): Outcome | null;
  finish(ticks: number): Outcome;
}

export interface Outcome { kind: string; tick: number }

export interface ModelRuntime {
  initialState(): Float64Array;
  /** the reward terms of every population for the coming tick (`t` is null before the first tick) */
  rewards(s: Float64Array, t: Tallies | null, out: RewardSink): void;
  /** the world update after a tick */
  update(io: UpdateIO): void;
  createClassifier(): OutcomeClassifier;
  /** the declared scalar outputs of a finished run */
  outputs(final: Float64Array, events: readonly ModelEvent[], ticks: number): Record<string, number | string | boolean | null>;
}

export interface ModelDeclaration {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly version: string;
  readonly calendar?: Calendar;
  readonly params: ParamTable;
  readonly populations: readonly PopulationDecl[];
  readonly state: readonly StateVarDecl[];
  readonly events: readonly EventDecl[];
  readonly draws: readonly DrawDecl[];
  readonly outputs: OutputsDecl;
  /**
   * Population settings that follow from the run's parameters (a party composition, a network's
   * degree, a threshold distribution): applied over the declaration's defaults, under the
   * scenario's own `populations` settings.
   */
  derive?(params: unknown): Record<string, PopulationConfig>;
  /** the runtime of one run, with its populations resolved (sizes, rules, traits) */
  create(run: RunConfig, populations: readonly PopulationDef[]): ModelRuntime;
  /** the hypotheses the model exists to test (`fractable claims`) */
  readonly claims?: readonly ClaimDecl[];
  /**
   * How the agents' choice and noise draws are keyed per tick (default 'counter': fractable's
   * tickKey). 'reference' keys them as the reference kernel does (seed xor tick · 0x85ebca77), so
   * that a model can run the reference's exact computation through the engine (the `reference`
   * model, for the peers benchmark); a model of research should keep the default.
   */
  readonly choiceKeys?: 'counter' | 'reference';
}

/** One arm of a claim: a scenario and parameter overrides (`group: { name: value }`). */
export interface ArmDecl {
  readonly label: string;
  readonly scenario: string;
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * A claim of the model's source as a hypothesis the model can reject: the metric is larger in
 * the `treated` arm than in the `control` arm. The metric is the share of runs with one of some
 * outcome labels, or the distribution of a scalar output (null values are dropped). `box` lists
 * the parameters whose plausible ranges span the region searched for where the claim fails.
 */
export interface ClaimDecl {
  readonly id: string;
  readonly title: string;
  /** the claim, as its source states it */
  readonly statement: string;
  /** the causal path in the model that carries it (decisions and beliefs, not a signed term) */
  readonly path: string;
  /** where it comes from (a mechanism, a passage) */
  readonly source: string;
  readonly treated: ArmDecl;
  readonly control: ArmDecl;
  readonly metric: { readonly kind: 'label'; readonly labels: readonly string[] } | { readonly kind: 'output'; readonly name: string };
  readonly box: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// The declaration as data

/** The JSON form of a declaration: what a study spec records and what stores and reports read. */
export interface ModelDescriptor {
  name: string;
  title: string;
  version: string;
  calendar: Calendar | null;
  populations: Array<{
    name: string; label: string; actions: string[]; fixed: boolean; size: number | null; weight: number | null;
    traits: Array<{ name: string; kind: string; categories: string[] | null }>; tallyBy: string | null; network: string | null;
  }>;
  state: Array<{ name: string; unit: string; doc: string }>;
  events: Array<{ kind: string; doc: string }>;
  draws: Array<{ name: string; doc: string }>;
  /** survival: absent in descriptors recorded before it existed (read as none) */
  outputs: { outcomes: Array<{ name: string; doc: string }>; scalars: ScalarOutputDecl[]; series: string[]; survival?: Array<{ name: string; doc: string; duration: string; ended: string }> };
  params: ReturnType<typeof describeParams>;
  /** absent in descriptors recorded before claims existed (read as none) */
  claims?: ClaimDecl[];
}

export function describeModel(m: ModelDeclaration): ModelDescriptor {
  return {
    name: m.name,
    title: m.title,
    version: m.version,
    calendar: m.calendar ?? null,
    populations: m.populations.map((p) => ({
      name: p.name, label: p.label, actions: [...p.actions],
      fixed: 'fixed' in p.size, size: 'fixed' in p.size ? p.size.fixed : null, weight: 'weight' in p.size ? p.size.weight : null,
      traits: p.traits.map((t) => ({ name: t.name, kind: t.kind, categories: t.categories ? [...t.categories] : null })),
      tallyBy: p.tallyBy ?? null, network: p.network ? p.network.spec.kind : null,
    })),
    state: m.state.map((s) => ({ ...s })),
    events: m.events.map((e) => ({ ...e })),
    draws: m.draws.map((d) => ({ ...d })),
    outputs: { outcomes: m.outputs.outcomes.map((o) => ({ ...o })), scalars: m.outputs.scalars.map((s) => ({ ...s })), series: [...m.outputs.series], survival: (m.outputs.survival ?? []).map((x) => ({ ...x })) },
    params: describeParams(m.params),
    claims: (m.claims ?? []).map((c) => JSON.parse(JSON.stringify(c)) as ClaimDecl),
  };
}

/** Index of a named population, state variable, … in a declaration's list (throws when missing: a model bug). */
export function indexOf<T extends { readonly name: string }>(list: readonly T[], name: string, what = 'name'): number {
  const i = list.findIndex((x) => x.name === name);
  if (i < 0) throw new Error(`no ${what} "${name}" in [${list.map((x) => x.name).join(', ')}]`);
  return i;
}
