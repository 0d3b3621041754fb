/**
 * Every parameter of the model, once: its default, range, unit, meaning and the seed passage
 * it encodes. The zod schema that validates scenarios, the resolved `Params` type, the list of
 * dotted paths that studies may vary, and the parameter tables of docs/ODD.md are all derived
 * from this table.
 */
import { paramList as listOf, paramsSchema, type ParamDesc, type ParamsOf } from '../../engine/params.js';
import type { PassageKey } from './passages.js';

export type { ParamDesc };

/** Model 0.1's coefficients have no published source: each is the modeller's assumption. */
const SOURCE = 'assumption (model 0.1: a qualitative calibration to the seed narrative)';
const num = (def: number, min: number, max: number, unit: string, doc: string, passage?: PassageKey, integer = false) =>
  ({ kind: 'number', def, min, max, unit, doc, source: SOURCE, ...(passage ? { passage } : {}), integer }) as const;
const int = (def: number, min: number, max: number, unit: string, doc: string, passage?: PassageKey) => num(def, min, max, unit, doc, passage, true);
const choice = <V extends string>(def: V, values: readonly V[], doc: string, passage?: PassageKey) => ({ kind: 'enum', def, values, doc, source: SOURCE, ...(passage ? { passage } : {}) }) as const;
const bool = (def: boolean, doc: string, passage?: PassageKey) => ({ kind: 'boolean', def, doc, source: SOURCE, ...(passage ? { passage } : {}) }) as const;

export const PARAMS = {
  world: {
    enrichment: num(60, 3.67, 90, '% U-235', 'initial enrichment level', 'latency'),
    stockpile: num(400, 0, 2000, 'kg', 'initial stockpile of enriched uranium', 'latency'),
    sanctions: num(0.7, 0, 1, 'share', 'initial sanctions intensity'),
    tension: num(0.35, 0, 1, 'share of kinetic threshold', 'initial tension on the escalation ladder', 'friction'),
    credibility: num(0.4, 0, 1, 'probability', "initial Iranian belief that US commitments hold", 'credibility'),
    threatCredibility: num(0.6, 0, 1, 'probability', 'initial credibility of the military threat', 'redLine'),
    access: num(0.35, 0, 1, 'share', 'initial IAEA access', 'monitoring'),
    weaponBelief: num(0.3, 0, 1, 'probability', 'initial US belief that a weapon is being built', 'verification'),
    dissent: num(0.3, 0, 1, 'share', 'initial domestic dissent', 'costFunction'),
    adaptation: num(0.3, 0, 1, 'share', 'initial adaptation of the resistance economy', 'adaptation'),
  },
  talks: {
    rate: num(0.09, 0, 0.2, 'per tick', 'growth of talks progress at full engagement of both principals', 'fragmented'),
    decay: num(0.002, 0, 0.1, 'per tick', 'decay of talks progress when nobody pushes'),
    interimThreshold: num(0.5, 0, 1, 'progress', 'progress at which an interim freeze is signed'),
    relief: num(0.55, 0, 1, 'share of sanctions', 'sanctions lifted by a full deal'),
    walkout: num(0.65, 0, 1, 'share', "leader's reject share at which Iran walks out of a deal in force"),
  },
  credibility: {
    reversalProbability: num(0.4, 0, 1, 'probability per election', 'probability that a new administration reverses a deal made by executive order', 'credibility'),
    dealForm: choice('executive', ['executive', 'treaty'] as const, 'how the US commits: executive order, or a treaty that needs two thirds of the Senate', 'treaty'),
    treatyReversalFactor: num(0.15, 0, 1, 'factor', 'a treaty is reversed with this share of the executive reversal probability', 'treaty'),
    treatyMajority: num(2 / 3, 0.5, 1, 'share of Congress', 'support needed to ratify a treaty', 'treaty'),
    electionInterval: int(208, 26, 520, 'ticks (weeks)', 'ticks between US elections', 'snapback'),
    firstElection: int(100, 1, 520, 'ticks', 'ticks to the first election', 'snapback'),
    congressTurnover: num(0.35, 0, 1, 'share', 'share of Congress re-seated at an election', 'treaty'),
    congressSwing: num(0.15, 0, 0.5, 'hawkishness', 'sd of the hawkishness shift of the new members', 'treaty'),
    dealValue: num(2, 0, 3, 'utility per unit relief', "value to Iran's leader of the relief on offer, before the credibility discount", 'snapback'),
    reversalShock: num(0.3, 0, 1, 'credibility', 'credibility lost when a deal is reversed', 'credibility'),
    recovery: num(0.01, 0, 0.1, 'per tick', 'rate at which credibility relaxes toward its structural level', 'credibility'),
  },
  sunkCost: {
    switchingCost: num(0.12, 0, 1, 'utility', 'institutional cost of leaving the resistance economy for regulated trade', 'sunkCost'),
    adaptationWeight: num(0.5, 0, 2, 'factor', 'how much adaptation to sanctions adds to the switching cost', 'sunkCost'),
  },
  proxies: {
    autonomy: num(0.5, 0, 1, 'share', 'tactical autonomy: weight of a proxy\'s own payoff against its principal\'s wish', 'proxies'),
    attackRate: num(0.25, 0, 1, 'attacks per tick at full attack share', 'attack frequency of each proxy', 'proxies'),
    attackImpact: num(0.025, 0, 0.5, 'tension', 'tension added by one attack', 'proxies'),
    derailProbability: num(0.25, 0, 1, 'probability', 'chance that an attack derails talks coupled to proxy activity (or voids such a deal)', 'modular'),
    threatLegitimacy: num(0.5, 0, 1, 'utility', 'how much the IRGC gains from external threat (and loses from a grand bargain)', 'irgc'),
    irgcVeto: num(0.2, 0, 1, 'utility', "weight of the IRGC's escalation in the leader's cost of accepting", 'irgc'),
  },
  signals: {
    unifiedCommand: num(0.2, 0, 1, 'share', 'how far DoD posture follows State: 1 = one voice', 'signals'),
    talksDrag: num(0.003, 0, 0.05, 'progress per tick', 'talks progress lost per unit of contradictory signal', 'signals'),
    incoherencePenalty: num(0.02, 0, 0.2, 'credibility per tick', 'credibility lost per unit of contradictory signal', 'signals'),
  },
  latency: {
    enrichmentRate: num(0.35, 0, 3, '% per tick', 'enrichment growth at full drive', 'latency'),
    plateau: num(60, 20, 90, '% U-235', 'latency plateau: above it enrichment is a breakout decision', 'latency'),
    weaponsGrade: num(90, 60, 95, '% U-235', 'breakout when enrichment reaches this level', 'latency'),
    breakoutMaxWeeks: num(52, 4, 200, 'weeks', 'breakout time at reactor grade (3.67%)', 'latency'),
    latencyValue: num(0.15, 0, 1, 'utility', 'value of leverage to Iranian hardliners', 'latency'),
  },
  redLines: {
    initial: num(70, 20, 95, '% U-235', 'initial red line (a technical milestone)', 'redLine'),
    step: num(5, 0, 20, '% U-235', 'how far a moved red line moves', 'redLine'),
    moveProbability: num(0.5, 0, 1, 'probability', 'chance the red line is moved rather than enforced when crossed', 'redLine'),
    erosion: num(0.12, 0, 1, 'threat credibility', 'threat credibility lost each time the line moves', 'redLine'),
    enforcement: num(0.6, 0, 1, 'probability', 'chance that enforcing a crossed red line means a strike', 'redLine'),
  },
  monitoring: {
    baseAccess: num(0.8, 0, 1, 'share', 'access Iran grants without sanctions pressure', 'monitoring'),
    sanctionsToggle: num(0.5, 0, 1, 'access per unit sanctions', 'access withdrawn per unit of sanctions pressure', 'monitoring'),
    dealAccess: num(0.35, 0, 1, 'share', 'access added by a deal in force', 'monitoring'),
    prerequisite: bool(true, 'the US treats inspections as a prerequisite for any dialogue', 'monitoring'),
    prerequisiteAccess: num(0.3, 0, 1, 'share', 'access below which talks cannot advance when inspections are a prerequisite', 'monitoring'),
    adjustment: num(0.05, 0, 1, 'per tick', 'rate at which access moves toward its target', 'monitoring'),
  },
  costFunction: {
    dissentRisk: num(0.3, 0, 2, 'utility per unit sanctions', 'dissent risk of a concession that looks like surrender under pressure', 'costFunction'),
    concessionBase: num(0.05, 0, 1, 'utility', 'cost of conceding without pressure', 'costFunction'),
    adaptationRate: num(0.006, 0, 0.1, 'per tick', 'rate at which the economy adapts to sanctions', 'adaptation'),
    stressWeight: num(0.8, 0, 2, 'utility', 'weight of unabsorbed stress in the cost of resistance', 'costFunction'),
  },
  buffer: {
    strength: num(1, 0, 1, 'share', 'scale of the multipolar buffer (0 = Iran isolated)', 'buffer'),
    china: num(0.45, 0, 1, 'share of bite', 'bite of sanctions absorbed at full Chinese crude purchases', 'buffer'),
    russia: num(0.2, 0, 1, 'share of bite', 'bite absorbed at full Russian partnership', 'buffer'),
    secondarySanctions: num(0.4, 0, 1, 'utility', 'cost of US secondary sanctions to buyers', 'buffer'),
  },
  verification: {
    accessDemand: num(0.5, 0, 1, 'share', 'access demanded: 1 = anytime, anywhere', 'verification'),
    vulnerabilityAversion: num(0.4, 0, 1, 'access', 'access refused per unit demand when a strike is credible', 'verification'),
    beliefRate: num(0.04, 0, 0.5, 'per tick', 'speed of the US belief update from refused access and enrichment', 'verification'),
  },
  interventions: {
    pressureBias: num(0.05, -0.5, 0.5, 'utility', "State's tilt toward pressure (maximum pressure > 0, maximum clarity < 0)", 'clarity'),
    reciprocity: num(0.2, 0, 1, 'utility', "how much State's relief follows Iran's acceptance (clarity: explicit conditions)", 'clarity'),
    escrow: bool(false, 'a Limited Purpose Clearinghouse / Locked Escrow channel immune to executive reversal', 'escrow'),
    escrowRate: num(0.25, 0, 5, '$bn per tick', 'inflow to the escrow channel while talks progress or a deal holds', 'escrow'),
    escrowScale: num(20, 1, 200, '$bn', 'escrow balance at which it covers the relief in full', 'escrow'),
    scope: choice('modular', ['modular', 'grand'] as const, 'modular: nuclear file first; grand: one bargain over every file', 'modular'),
    vetoThreshold: num(0.4, 0, 1, 'share', 'confrontational share at which a veto player blocks grand-bargain progress', 'modular'),
    ladder: bool(false, 'a staged, irreversible de-escalation ladder', 'clarity'),
    ladderStages: int(4, 1, 10, 'stages', 'stages of the ladder', 'clarity'),
    ladderStep: num(0.08, 0, 0.3, 'tension', 'tension cap lowered by each stage, and calm added per tick per stage', 'clarity'),
  },
  military: {
    strikeRate: num(0.04, 0, 1, 'probability per tick', 'chance of an Israeli strike at a full strike share', 'friction'),
    strikeJump: num(0.4, 0, 1, 'tension', 'tension added by a strike'),
    surgeImpact: num(0.005, 0, 0.1, 'tension per tick', 'tension added at a full DoD surge', 'signals'),
    irgcImpact: num(0.003, 0, 0.1, 'tension per tick', 'tension added when the whole IRGC escalates', 'irgc'),
    postureImpact: num(0.003, 0, 0.1, 'tension per tick', 'tension added when all of Israel takes a strike posture', 'friction'),
    beliefImpact: num(0.003, 0, 0.1, 'tension per tick', 'tension added at full US belief in a weapon', 'verification'),
    sabotageEffect: num(0.05, 0, 2, '% per tick', 'enrichment lost at full sabotage'),
    tensionDecay: num(0.021, 0, 0.2, 'per tick', 'relaxation of tension toward calm'),
  },
  outcomes: {
    dealWindow: int(104, 1, 520, 'ticks', 'a deal counts as holding after this many ticks in force'),
    kineticThreshold: num(1, 0.2, 2, 'tension', 'tension at which kinetic conflict breaks out (escalation)', 'friction'),
  },
  influence: {
    strength: num(0.15, 0, 1, 'utility', 'weight of the influence matrix (who sways whom) in rewards', 'fragmented'),
  },
} as const;

export type Params = ParamsOf<typeof PARAMS>;

/** The zod schema of `params:` in a scenario: every key optional, unknown keys refused. */
export const ParamsSchema = paramsSchema(PARAMS);

export function defaultParams(): Params {
  return ParamsSchema.parse({});
}

/** Every parameter as [dotted path, descriptor], in table order. */
export const paramList = (): Array<[string, ParamDesc]> => listOf(PARAMS);
