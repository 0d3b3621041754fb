/**
 * The global state of the table model: one Float64Array of named slots (recorded every tick).
 * `S.x` is the slot of x; the deal vectors take one slot per issue dimension (`S.usProposal + d`).
 */
import type { StateVarDecl } from '../../engine/declaration.js';
import { DIMS } from './issues.js';

const vec = (name: string, unit: string, doc: string): StateVarDecl[] => DIMS.map((d) => ({ name: `${name}.${d}`, unit, doc: `${doc}: ${d}` }));

export const STATE: readonly StateVarDecl[] = [
  // the nuclear programme
  { name: 'enrichment', unit: '% U-235', doc: 'enrichment of the most enriched stock' },
  { name: 'level', unit: 'level', doc: 'enrichment level index: 0 the cap, 1 above it, 2 at 20%, 3 at 60%, 4 weapons grade' },
  { name: 'progress', unit: 'share', doc: 'progress toward the next enrichment level' },
  { name: 'stockpile', unit: 'kg', doc: 'enriched stockpile' },
  { name: 'breakoutWeeks', unit: 'weeks', doc: 'weeks to one significant quantity of weapons-grade uranium' },
  { name: 'latency', unit: 'share', doc: '1 − breakoutWeeks / breakoutMaxWeeks' },
  { name: 'dash', unit: 'flag', doc: '1 while a dash to breakout is under way' },
  { name: 'breaches', unit: 'count', doc: 'breaches of a deal detected so far' },
  { name: 'residual', unit: 'share', doc: 'what is left, after a US reversal, of Iran\'s reasons to keep to the deal (decays over latency.patienceWeeks)' },
  // inspections and beliefs
  { name: 'access', unit: 'access', doc: 'IAEA access (0.3 safeguards, 0.6 the Additional Protocol, 1 anytime, anywhere)' },
  { name: 'weaponBelief', unit: 'probability', doc: 'US belief that Iran is building a weapon' },
  { name: 'keepSeen', unit: 'observations', doc: 'administrations Iran has seen keep a predecessor\'s commitment (with its prior)' },
  { name: 'reverseSeen', unit: 'observations', doc: 'administrations Iran has seen reverse one (with its prior)' },
  { name: 'commitBelief', unit: 'probability', doc: "Iran's belief that a US executive commitment survives a change of administration" },
  { name: 'freezeSeen', unit: 'observations', doc: 'freezes of a locked channel Iran has seen (with its prior)' },
  { name: 'unifiedBelief', unit: 'probability', doc: "Iran's belief that the US speaks with one voice" },
  { name: 'coherentSeen', unit: 'observations', doc: 'coherent US signals Iran has seen (with its prior)' },
  { name: 'incoherentSeen', unit: 'observations', doc: 'contradictory US signals Iran has seen (with its prior)' },
  { name: 'threatCredibility', unit: 'probability', doc: "Iran's belief that a crossed red line is enforced" },
  { name: 'enforcedSeen', unit: 'observations', doc: 'red lines Iran has seen enforced (with its prior)' },
  { name: 'movedSeen', unit: 'observations', doc: 'red lines Iran has seen moved (with its prior)' },
  // the economy
  { name: 'sanctions', unit: 'intensity', doc: 'sanctions intensity in [0, 1]' },
  { name: 'relief', unit: 'relief', doc: 'share of sanctions lifted by agreements in force (and ladder steps)' },
  { name: 'oilExports', unit: 'mb/d', doc: "Iran's crude exports" },
  { name: 'chinaBuying', unit: 'share', doc: "share of China's independent refiners buying Iranian crude" },
  { name: 'stress', unit: 'share', doc: "economic stress on Iran (lost oil revenue net of adaptation)" },
  { name: 'adaptation', unit: 'share', doc: 'adaptation of the resistance economy (shadow networks)' },
  { name: 'escrow', unit: '$bn', doc: 'balance of the locked channel' },
  { name: 'escrowFrozen', unit: 'flag', doc: '1 while the locked channel is frozen' },
  // domestic politics
  { name: 'protest', unit: 'share', doc: 'share of the Iranian public protesting' },
  { name: 'humiliation', unit: 'drive', doc: 'surrender image of concessions made under pressure' },
  { name: 'irgcBudget', unit: 'index', doc: "the IRGC's budget and legitimacy index" },
  { name: 'presidentParty', unit: 'category', doc: "the President's party (0 Democrat, 1 Republican)" },
  { name: 'electedParty', unit: 'category', doc: 'the party of the last presidential election\'s winner (takes office at the inauguration)' },
  { name: 'termsHeld', unit: 'terms', doc: 'consecutive presidential terms of the President\'s party' },
  { name: 'democraticVote', unit: 'share', doc: 'share of voters intending to vote Democratic' },
  { name: 'senateDemocrats', unit: 'share', doc: 'Democratic share of the Senate' },
  { name: 'houseDemocrats', unit: 'share', doc: 'Democratic share of the House' },
  { name: 'usDeaths', unit: 'deaths', doc: 'US deaths in the last year (decaying)' },
  // the table
  { name: 'phase', unit: 'phase', doc: '0 no talks, 1 talks, 2 interim freeze in force, 3 deal in force' },
  ...vec('usPosition', 'position', "the US side's aggregated position"),
  ...vec('irPosition', 'position', "Iran's aggregated position"),
  ...vec('usProposal', 'position', "the US proposal on the table"),
  ...vec('irProposal', 'position', "Iran's proposal on the table"),
  ...vec('deal', 'terms', 'the terms in force'),
  { name: 'gap', unit: 'distance', doc: 'distance between the two proposals' },
  { name: 'winSets', unit: 'flag', doc: '1 when the two sides\' win-sets intersect (some terms every veto player prefers to no deal)' },
  { name: 'dealAge', unit: 'weeks', doc: 'weeks the deal in force has held (−1 none)' },
  { name: 'dealParty', unit: 'category', doc: "the party of the President who signed the deal in force" },
  { name: 'probation', unit: 'flag', doc: '1 while an administration of another party than the signer\'s holds office with the deal in force (its term will show whether it keeps it)' },
  { name: 'implemented', unit: 'share', doc: 'share of the deal in force implemented so far (relief lifted, limits applied)' },
  { name: 'reviewLeft', unit: 'weeks', doc: 'weeks left of a congressional review (0 none)' },
  { name: 'regionalTrack', unit: 'share', doc: 'progress of the multilateral regional track (modular agenda)' },
  { name: 'usLadder', unit: 'steps', doc: 'ladder steps the US has taken' },
  { name: 'irLadder', unit: 'steps', doc: 'ladder steps Iran has taken' },
  // force
  { name: 'tension', unit: 'tension', doc: 'tension; a kinetic episode begins at kinetic.threshold' },
  { name: 'kinetic', unit: 'flag', doc: '1 during a kinetic episode' },
  { name: 'attacks', unit: 'share', doc: 'mean attack share of the three proxies this week' },
  { name: 'attacks.hezbollah', unit: 'share', doc: "Hezbollah's attack share this week" },
  { name: 'attacks.houthis', unit: 'share', doc: "the Houthis' attack share this week" },
  { name: 'attacks.militias', unit: 'share', doc: "Iraqi militias' attack share this week" },
  { name: 'campaign.hezbollah', unit: 'flag', doc: 'Hezbollah is in a campaign of attacks (from its share passing proxies.campaign until it falls below half of it)' },
  { name: 'campaign.houthis', unit: 'flag', doc: 'the Houthis are in a campaign of attacks' },
  { name: 'campaign.militias', unit: 'flag', doc: 'Iraqi militias are in a campaign of attacks' },
  { name: 'strikes', unit: 'count', doc: 'strikes so far' },
  { name: 'redLine', unit: '% U-235', doc: 'where the red line stands' },
  { name: 'crossedFor', unit: 'weeks', doc: 'weeks since the red line was crossed without enforcement (0 when not crossed)' },
  { name: 'airDefence', unit: 'share', doc: "Iran's air defence from the Russian partnership" },
  // decisions: running support of each body for the acts that need a decision
  { name: 'engageSupport', unit: 'share', doc: "the President's running support for engaging" },
  { name: 'pressureSupport', unit: 'share', doc: "the President's running support for pressure" },
  { name: 'reversalSupport', unit: 'share', doc: "the administration's running support for reversing a deal in force (a slower policy review)" },
  { name: 'strikeSupport', unit: 'share', doc: "the President's running support for a strike" },
  { name: 'acceptSupport', unit: 'share', doc: "the Leader's running support for accepting" },
  { name: 'rejectSupport', unit: 'share', doc: "the Leader's running support for rejecting" },
  { name: 'capSupport', unit: 'share', doc: "the SNSC's running support for capping enrichment" },
  { name: 'expandSupport', unit: 'share', doc: "the SNSC's running support for expanding" },
  { name: 'dashSupport', unit: 'share', doc: "the SNSC's running support for a dash to breakout" },
  { name: 'grantSupport', unit: 'share', doc: "the SNSC's running support for granting access" },
  { name: 'curtailSupport', unit: 'share', doc: "the SNSC's running support for curtailing access" },
  { name: 'israelStrikeSupport', unit: 'share', doc: "Israel's running support for a strike" },
  { name: 'sabotageSupport', unit: 'share', doc: "Israel's running support for sabotage" },
];

/** State slot indices by name. */
export const S = Object.fromEntries(STATE.map((v, i) => [v.name, i])) as Readonly<Record<string, number>>;
export const NS = STATE.length;

/** Deal phases. */
export const PHASES = ['none', 'talks', 'interim', 'deal'] as const;
export const PHASE = Object.fromEntries(PHASES.map((p, i) => [p, i])) as { readonly [K in (typeof PHASES)[number]]: number };

/** First slot of each issue vector of the state (the D dimensions follow in order). */
export const V = {
  usPosition: S['usPosition.enrichment']!,
  irPosition: S['irPosition.enrichment']!,
  usProposal: S['usProposal.enrichment']!,
  irProposal: S['irProposal.enrichment']!,
  deal: S['deal.enrichment']!,
} as const;
