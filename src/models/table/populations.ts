/**
 * The populations of the table model: institutions at their real sizes (fixed) and mass
 * populations that share `--agents` (the US electorate, the Iranian public, three proxies' cells,
 * China's independent refiners). Each population is a body whose members choose among labelled
 * actions; what a body decides is read from its members' choices by an institutional rule
 * (decisions.ts). `P.x` is the index of population x, `A.x.y` the index of its action y.
 */
import type { PopulationDecl, TraitDecl } from '../../engine/declaration.js';
import type { RuleSpec } from '../../learning/rules.js';
import { defaultParams, INSTITUTIONS, SETTINGS as X } from './params.js';

const d = defaultParams();

const { source: _d, ...decider } = X.decider;
const { source: _l, ...learner } = X.learner;
const { source: _v, ...voter } = X.voter;
const VOTER = voter as RuleSpec;
const DECIDER = decider as RuleSpec;
const LEARNER = learner as RuleSpec;
const HALF = 0.5;
const W = X.weights, H = X.hawk, N = X.noise;

export const PARTIES = ['democrat', 'republican', 'independent'] as const;
export const FACTIONS = ['principlist', 'reformist', 'independent'] as const;
const hawk = (doc: string, mean: number): TraitDecl => ({ name: 'hawk', kind: 'continuous', doc, dist: { kind: 'normal', mean, sd: H.sd, min: 0, max: 1 } });
const party = (shares: number[], doc: string): TraitDecl => ({ name: 'party', kind: 'categorical', categories: PARTIES, doc, dist: { kind: 'categorical', shares } });

const fixed = (k: keyof typeof INSTITUTIONS) => ({ fixed: INSTITUTIONS[k].size });

export const POPULATIONS = [
  {
    name: 'us.president', label: 'the US President', doc: 'engages, holds, adds pressure (new sanctions; reversal of relief in force) or strikes',
    actions: ['engage', 'hold', 'pressure', 'strike'], size: fixed('president'), rule: DECIDER, noise: 0,
    traits: [party([HALF, HALF, 0], "the President's party (set by the election)"), hawk("the President's hawkishness", H.president)],
  },
  {
    name: 'us.state', label: 'State Department', doc: 'the diplomatic arm: concedes, holds or hardens the US proposal',
    actions: ['concede', 'hold', 'harden'], size: fixed('stateDept'), rule: LEARNER, noise: N.members, traits: [hawk('hawkishness of an official', H.state)],
  },
  {
    name: 'us.dod', label: 'Department of Defense', doc: 'the military arm: stands down, holds or surges deterrence (a carrier group)',
    actions: ['stand-down', 'hold', 'surge'], size: fixed('defenseDept'), rule: LEARNER, noise: N.members, traits: [hawk('hawkishness of an official', H.dod)],
  },
  {
    name: 'us.senate', label: 'US Senate', doc: 'votes on treaties, on resolutions of disapproval and on sanctions bills',
    actions: ['pro-deal', 'abstain', 'anti-deal'], size: fixed('senate'), rule: VOTER, noise: N.members,
    traits: [party([d.initial.senateDemocrats, 1 - d.initial.senateDemocrats, 0], "a senator's party"), hawk("a senator's hawkishness", H.congress)], tallyBy: 'party',
  },
  {
    name: 'us.house', label: 'US House', doc: 'votes on resolutions of disapproval and on sanctions bills',
    actions: ['pro-deal', 'abstain', 'anti-deal'], size: fixed('house'), rule: VOTER, noise: N.members,
    traits: [party([d.initial.houseDemocrats, 1 - d.initial.houseDemocrats, 0], "a representative's party"), hawk("a representative's hawkishness", H.congress)], tallyBy: 'party',
  },
  {
    name: 'us.electorate', label: 'US electorate', doc: 'voters whose intentions decide presidential and congressional elections',
    actions: ['democrat', 'republican'], size: { weight: W.electorate }, rule: VOTER, noise: N.voters,
    traits: [party([d.electorate.demShare, d.electorate.repShare, d.electorate.independentShare], "a voter's party identification"), hawk("a voter's foreign-policy hawkishness", H.voters)],
    tallyBy: 'party',
    network: { spec: { kind: 'sbm', degreeIn: d.electorate.degreeIn, degreeOut: d.electorate.degreeOut }, doc: 'discussion partners, mostly of one\'s own party (partisan communities: a stochastic block model on party identification)' },
  },
  {
    name: 'iran.leader', label: 'the Supreme Leader', doc: "accepts the proposal on the table, holds, or rejects it (the leader's veto)",
    actions: ['accept', 'hold', 'reject'], size: fixed('leader'), rule: DECIDER, noise: 0, traits: [hawk("the Leader's hawkishness", H.leader)],
  },
  {
    name: 'iran.snsc', label: 'Supreme National Security Council (the programme)', doc: 'caps, holds or expands enrichment, or dashes to breakout',
    actions: ['cap', 'hold', 'expand', 'dash'], size: fixed('snsc'), rule: DECIDER, noise: 0, traits: [hawk("a member's hawkishness", H.snsc)],
  },
  {
    name: 'iran.inspections', label: 'Supreme National Security Council (inspections)', doc: 'grants, holds or curtails IAEA access',
    actions: ['grant', 'hold', 'curtail'], size: fixed('snsc'), rule: DECIDER, noise: 0, traits: [hawk("a member's hawkishness", H.snsc)],
  },
  {
    name: 'iran.irgc', label: 'IRGC command', doc: 'restrains, holds or escalates: its position on the talks and its orders to the proxies',
    actions: ['restrain', 'hold', 'escalate'], size: fixed('irgcCommand'), rule: LEARNER, noise: N.members, traits: [hawk("a commander's hawkishness", H.irgc)],
  },
  {
    name: 'iran.government', label: 'Iranian government (pragmatists)', doc: "concedes, holds or hardens Iran's proposal",
    actions: ['concede', 'hold', 'harden'], size: fixed('government'), rule: LEARNER, noise: N.members, traits: [hawk("an official's hawkishness", H.government)],
  },
  {
    name: 'iran.majlis', label: 'the Majlis', doc: 'supports, abstains on or opposes agreements; principlists and reformists',
    actions: ['support', 'abstain', 'oppose'], size: fixed('majlis'), rule: VOTER, noise: N.members,
    traits: [{ name: 'faction', kind: 'categorical', categories: FACTIONS, doc: "a member's faction", dist: { kind: 'categorical', shares: [X.majlisFactions.principlist, X.majlisFactions.reformist, X.majlisFactions.independent] } }, hawk("a member's hawkishness", H.majlis)],
    tallyBy: 'faction',
  },
  {
    name: 'iran.public', label: 'the Iranian public', doc: 'stays quiet or protests when enough of its contacts do (a threshold rule)',
    actions: ['quiet', 'protest'], size: { weight: W.public },
    rule: { kind: 'threshold', active: 1, inactive: 0, irreversible: false, threshold: { kind: 'normal', mean: d.costFunction.thresholdMean, sd: d.costFunction.thresholdSd, min: 0, max: 1 }, seeds: { count: 0, share: 0 } },
    noise: 0, traits: [],
    network: { spec: { kind: 'watts-strogatz', k: d.costFunction.publicDegree, p: d.costFunction.publicRewiring }, doc: 'family, neighbours and colleagues: a small world' },
  },
  ...(['hezbollah', 'houthis', 'militias'] as const).map((g) => ({
    name: `proxy.${g}`, label: { hezbollah: 'Hezbollah', houthis: 'the Houthis', militias: 'Iraqi militias' }[g],
    doc: 'cells that hold or attack; an attacking cell may be hit by retaliation',
    actions: ['hold', 'attack'], size: { weight: W[g] }, rule: LEARNER, noise: N.members, traits: [] as TraitDecl[], consequences: true,
    network: { spec: { kind: 'watts-strogatz', k: d.proxies.degree, p: X.proxyRewiring.p }, doc: 'cells that coordinate with each other' },
  })),
  {
    name: 'israel.cabinet', label: "Israel's security cabinet", doc: 'restrains, sabotages or strikes',
    actions: ['restrain', 'sabotage', 'strike'], size: fixed('israelCabinet'), rule: DECIDER, noise: 0, traits: [hawk("a minister's hawkishness", H.israel)],
  },
  {
    name: 'gulf', label: 'Gulf states', doc: 'mediate, hedge or align with the US',
    actions: ['mediate', 'hedge', 'align'], size: fixed('gulf'), rule: LEARNER, noise: N.members, traits: [],
  },
  {
    name: 'china.refiners', label: "China's independent refiners", doc: 'buy or shun discounted Iranian crude; a buyer may be designated',
    actions: ['buy', 'shun'], size: { weight: W.refiners }, rule: LEARNER, noise: N.members, traits: [], consequences: true,
  },
  {
    name: 'russia', label: 'Russia', doc: 'partners with Iran (arms, air defence), holds, or distances itself',
    actions: ['partner', 'hold', 'distance'], size: fixed('russia'), rule: DECIDER, noise: 0, traits: [],
  },
] as const satisfies readonly PopulationDecl[];

type Pops = typeof POPULATIONS;
type PopName = Pops[number]['name'];

/** Population indices by name. */
export const P = Object.fromEntries(POPULATIONS.map((p, i) => [p.name, i])) as { readonly [K in PopName]: number };

/** Action indices by population and action name. */
export const A = Object.fromEntries(POPULATIONS.map((p) => [p.name, Object.fromEntries(p.actions.map((a, i) => [a, i]))])) as {
  readonly [K in PopName]: { readonly [X in Extract<Pops[number], { name: K }>['actions'][number]]: number };
};

/** The three proxies, their populations, their autonomy parameters' names and whether their attacks reach US forces (the militias in Iraq and Syria; Hezbollah's are on Israel, the Houthis' on shipping). */
export const PROXIES = [
  { pop: P['proxy.hezbollah'], name: 'hezbollah', autonomy: 'hezbollahAutonomy', nearUS: 0 },
  { pop: P['proxy.houthis'], name: 'houthis', autonomy: 'houthiAutonomy', nearUS: 0 },
  { pop: P['proxy.militias'], name: 'militias', autonomy: 'militiaAutonomy', nearUS: 1 },
] as const;

/** Category indices of the party and faction traits. */
export const PARTY = Object.fromEntries(PARTIES.map((x, i) => [x, i])) as { readonly [K in (typeof PARTIES)[number]]: number };
export const FACTION = Object.fromEntries(FACTIONS.map((x, i) => [x, i])) as { readonly [K in (typeof FACTIONS)[number]]: number };
/** Trait indices (declared order) of the populations that have them: party or faction first, then hawkishness. */
export const TRAIT = { party: 0, faction: 0, hawk: 1 } as const;

/** Population settings that follow from the parameters (the engine applies them under a scenario's own). */
export function derive(p: import('./params.js').Params): Record<string, import('../../engine/declaration.js').PopulationConfig> {
  const cat = (shares: number[]) => ({ kind: 'categorical' as const, shares });
  const e = p.electorate, i = p.initial, c = p.costFunction;
  return {
    'us.president': { traits: { party: { kind: 'fixed', value: PARTY[i.presidentParty] } } },
    'us.senate': { traits: { party: cat([i.senateDemocrats, 1 - i.senateDemocrats, 0]) } },
    'us.house': { traits: { party: cat([i.houseDemocrats, 1 - i.houseDemocrats, 0]) } },
    'us.electorate': { traits: { party: cat([e.demShare, e.repShare, e.independentShare]) }, network: { kind: 'sbm', degreeIn: e.degreeIn, degreeOut: e.degreeOut } },
    'iran.public': {
      rule: { kind: 'threshold', active: A['iran.public'].protest, inactive: A['iran.public'].quiet, irreversible: false, threshold: { kind: 'normal', mean: c.thresholdMean, sd: c.thresholdSd, min: 0, max: 1 }, seeds: { count: 0, share: 0 } },
      network: { kind: 'watts-strogatz', k: c.publicDegree, p: c.publicRewiring },
    },
    ...Object.fromEntries(PROXIES.map((g) => [`proxy.${g.name}`, { network: { kind: 'watts-strogatz', k: p.proxies.degree, p: X.proxyRewiring.p } }])),
  };
}
