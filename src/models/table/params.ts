/**
 * Every coefficient of the table model, once: its default, plausible range, unit, meaning,
 * source (a published figure, or "assumption" with why) and the passage of the seed it encodes.
 * This file and `sources.ts` are the only places in src/models/table/ where numbers other than
 * 0, 1 and ½ appear (a test enforces it). The zod schema of a scenario's `params:` block, the
 * dotted paths a study design may vary, `fractable params` and the parameter tables of
 * docs/ODD.md are all derived from it.
 */
import { bool, choice, int, num, paramsSchema, paramList as listOf, type ParamDesc, type ParamsOf } from '../../engine/params.js';

export type { ParamDesc };

const A = (why: string) => `assumption: ${why}`;

/**
 * Calendar constants of US federal elections (not parameters: the law fixes them). Election day is
 * the Tuesday after the first Monday of November of even years (2 U.S.C. §7); presidential
 * elections fall in years divisible by four (US Constitution, Art. II §1, and 3 U.S.C. §1).
 */
export const ELECTION_LAW = {
  month: 10, // November, counted from January = 0 (JavaScript's Date)
  firstDay: 2, // the earliest election day: 2 November
  tuesday: 2, // Date.getUTCDay(): Sunday = 0
  federalCycle: 2, // years between federal elections
  presidentialCycle: 4, // years between presidential elections
  daysPerWeek: 7,
  isoDateLength: 10, // yyyy-mm-dd
  msPerDay: 86_400_000,
  source: '2 U.S.C. §7 (election day); US Constitution, Art. II §1, Art. I §2 and §3',
} as const;

/** Numerical settings (not model coefficients). */
export const NUMERICS = {
  bisection: 24, // halvings of a segment when a proposal is pulled back into its win-set: 2^-24 of its length
  shownDigits: 3, // significant digits of an effect or a p-value in the generated documentation
  source: 'numerical precision',
} as const;

/** Sizes of the institutions (fixed populations): their real sizes. */
export const INSTITUTIONS = {
  president: { size: 1, source: 'US Constitution, Art. II §1' },
  stateDept: { size: 12, source: A('the Secretary, Deputy, Under Secretary for Political Affairs, the Iran envoy and their senior staff who shape an offer') },
  defenseDept: { size: 12, source: A('the Secretary of Defense, the Chairman of the Joint Chiefs, the CENTCOM commander and senior policy staff') },
  senate: { size: 100, source: 'US Constitution, Art. I §3' },
  house: { size: 435, source: 'Apportionment Act of 1911 (2 U.S.C. §2a)' },
  leader: { size: 1, source: 'Constitution of the Islamic Republic of Iran, Art. 107–110' },
  snsc: { size: 12, source: 'Constitution of the Islamic Republic of Iran, Art. 176 (the Supreme National Security Council: about a dozen members)' },
  irgcCommand: { size: 20, source: A('the IRGC commander, his deputies, the service and Quds Force commanders: about twenty') },
  government: { size: 20, source: A("the President, his cabinet's foreign-policy ministers and negotiators: about twenty") },
  majlis: { size: 290, source: 'Constitution of the Islamic Republic of Iran, Art. 64 (290 members)' },
  israelCabinet: { size: 12, source: A("Israel's security cabinet has had 8–14 members; 12 is typical") },
  gulf: { size: 6, source: 'the six member states of the Gulf Cooperation Council' },
  russia: { size: 1, source: 'one decision-maker (the Kremlin)' },
} as const;

/**
 * Default settings of the populations (a scenario may replace each per population): the learning
 * rules, payoff noise, mass weights and the trait distributions' centres. Not model parameters
 * (the scenario schema's `populations:` block holds them), but sourced like them.
 */
export const SETTINGS = {
  /** decision-makers weigh every action's expected payoff (EWA, δ = 1: belief learning, Camerer & Ho 1999) and choose by logit */
  decider: { kind: 'ewa', phi: 0.9, delta: 1, rho: 0.9, lambda: 10, n0: 1, initial: 0, source: A('a memory of about ten weeks and a sharp but not strict best response (EWA, Camerer & Ho 1999)') },
  /** legislators and voters weigh what each vote would pay them (EWA, δ = 1) and choose by logit: stable shares, no lock-in */
  voter: { kind: 'ewa', phi: 0.95, delta: 1, rho: 0.95, lambda: 6, n0: 1, initial: 0, source: A('a memory of about twenty weeks; a softer best response than a single decision-maker\'s') },
  /** cells, refiners and officials learn by reinforcement against an aspiration that follows their payoffs (Bush–Mosteller, Macy & Flache 2002) */
  learner: { kind: 'bush-mosteller', learningRate: 0.1, habituation: 0.05, scale: 1, aspiration: { mean: 0, sd: 0 }, initial: 1, source: 'Macy & Flache (2002): learning rates and habituation of a few per cent to a tenth per week' },
  noise: { members: 0.1, voters: 0.2, source: A('payoff noise of a tenth of the typical payoff difference') },
  weights: { electorate: 0.35, public: 0.35, hezbollah: 0.07, houthis: 0.07, militias: 0.06, refiners: 0.1, source: A('the mass populations share --agents so that each is large enough to be a crowd at the default 2000') },
  hawk: { sd: 0.15, president: 0.5, state: 0.4, dod: 0.6, congress: 0.5, voters: 0.5, leader: 0.65, snsc: 0.55, irgc: 0.7, government: 0.4, majlis: 0.6, israel: 0.65, source: A('hawkishness centred by office: the military and the security apparatus hawkish, diplomats and pragmatists less') },
  majlisFactions: { principlist: 0.6, reformist: 0.25, independent: 0.15, source: 'the 2012 Majlis: a principlist majority (about 60%)' },
  proxyRewiring: { p: 0.1, source: A('mostly local coordination, some long-range ties') },
} as const;

/**
 * Treatment levels of the claims' arms (claims.ts) that are not a parameter's default: a
 * counterfactual history the arm is given. Not coefficients of the model.
 */
export const ARM_LEVELS = {
  /** Reversals of a US commitment Tehran has seen, in the control arm: the 2018 withdrawal from
   * the JCPOA (record.md, P3) and one more; assumption: a counterfactual history twice the record's. */
  reversalsSeen: 2,
  /** Red lines seen moved without enforcement, in the treated arm; assumption: a counterfactual
   * history of four lines crossed without a strike (record.md, P4: 20 % and 60 % were crossed unstruck). */
  linesMoved: 4,
} as const;

export const PARAMS = {
  calendar: {
    weeksPerYear: num(52.1775, 52, 52.2, 'weeks', 'weeks in a (Gregorian) year: converts dates to ticks', { source: 'the Gregorian calendar (365.2425 days / 7)' }),
    transitionWeeks: int(11, 8, 14, 'weeks', 'weeks from a US election to the inauguration of the winner', { source: 'US Constitution, 20th Amendment (the election in early November, the inauguration on 20 January)' }),
  },
  initial: {
    level: int(2, 0, 4, 'level', 'enrichment capability at the start: 0 the cap (3.67%), 1 about 5%, 2 20%, 3 60%, 4 weapons grade', { source: 'IAEA GOV/2025/25 (May 2025): 60%; the June 2025 strikes damaged Fordow, Natanz and Isfahan, so the working capability is taken one level lower', passage: 'latency' }),
    stockpile: num(409, 0, 5000, 'kg', 'enriched stockpile at the start (of the most enriched stock)', { source: 'IAEA GOV/2025/25 (31 May 2025): about 409 kg of uranium enriched up to 60%' }),
    access: num(0.3, 0, 1, 'access', 'IAEA access at the start', { source: 'safeguards without the Additional Protocol (since February 2021)' }),
    adaptation: num(0.5, 0, 1, 'share', 'adaptation of the resistance economy at the start', { source: A('years of sanctions since 2012'), passage: 'adaptation' }),
    tension: num(0.3, 0, 3, 'tension', 'tension at the start', { source: A('a tense region without an ongoing war') }),
    presidentParty: choice('republican', ['democrat', 'republican'] as const, "the President's party at the start", { source: 'the US administration from January 2025' }),
    termsHeld: int(1, 1, 4, 'terms', "consecutive presidential terms of the President's party at the start", { source: 'the Republican administration from January 2025 followed a Democratic one' }),
    senateDemocrats: num(0.47, 0, 1, 'share of seats', 'Democratic (and caucusing) senators at the start', { source: '119th Congress: 53 Republicans, 45 Democrats, 2 independents caucusing with them' }),
    houseDemocrats: num(0.49, 0, 1, 'share of seats', 'Democratic representatives at the start', { source: '119th Congress: a Republican majority of 220 to 215' }),
    reversalsSeen: num(0, 0, 10, 'observations', "reversals of a US commitment Iran has already seen at the start (beside the prior)", { source: A('none before 2018'), passage: 'credibility' }),
    freezesSeen: num(0, 0, 10, 'observations', 'freezes of a locked channel Iran has already seen at the start', { source: A('none before 2023'), passage: 'escrow' }),
    enforcedSeen: num(0, 0, 10, 'observations', 'enforced red lines Iran has already seen at the start', { source: A('none before June 2025'), passage: 'redLine' }),
    talks: bool(false, 'talks are open at the start', { source: A('no formal talks at the start') }),
  },
  principals: {
    baseline: num(0, 0, 5, 'utility', 'a constant added to every payoff of the members of bodies and mass populations: set it above the largest loss when a scenario gives them a Roth–Erev rule, which needs positive payoffs', { source: 'Erev & Roth (1998) use positive payoffs; with the default Bush–Mosteller and EWA rules no shift is needed' }),
    hawkTilt: num(0.3, 0, 2, 'utility', "pay of a member's hawkishness for its body's hardest action (and against its most accommodating)", { source: A('members differ: hawks harden, doves accommodate') }),
    partyLean: num(0.3, 0, 2, 'utility', "a President's pay for engaging (a Democrat) or for pressure (a Republican)", { source: 'the parties\' records: the 2013–16 talks and the 2018–20 maximum-pressure campaign' }),
    follow: num(0.5, 0, 2, 'utility', "negotiators' pay for conceding when their principal engages (and for hardening when it does not)", { source: A('diplomats carry out their principal\'s line') }),
  },
  decisions: {
    deliberation: num(0.15, 0.02, 1, 'per week', 'weight of this week in a body\'s running support for an action (a decision needs the running support above the body\'s rule)', { source: A('a decision matures over several weeks of consistent preference (a policy review), about 6 weeks') }),
    majority: num(0.6, 0.5, 0.75, 'share of support', 'support a single decision-maker or a council needs to act (and 1 − majority to stop a course it is on)', { source: A('a clear preference: held in three weeks out of five') }),
    statusQuo: num(0.5, 0, 3, 'utility', 'initial attraction of "hold" over the other actions for a new decision-maker: inertia of office', { source: A('new decision-makers start from the policy they inherit') }),
  },
  elections: {
    swingRatio: num(2.5, 1, 4, 'seats per vote', 'seat–vote elasticity: a party\'s seat share moves this much with its vote share around one half', { source: 'Tufte (1973), APSR 67:540: swing ratios of about 2 to 3 in US elections' }),
    presidentialBias: num(0.02, -0.05, 0.05, 'vote share', 'the Electoral College advantage of the Republican candidate over the popular vote', { source: 'the 2016 election: the Democratic candidate led the popular vote by 2.1 points and lost the Electoral College' }),
    senateClass: num(1 / 3, 0.3, 0.36, 'share of seats', 'share of the Senate elected at each federal election', { source: 'US Constitution, Art. I §3 (three classes)' }),
  },
  electorate: {
    partyLoyalty: num(0.6, 0, 2, 'utility', 'weight of party identification in a voter\'s choice', { source: A('partisans vote for their party about 90% of the time (ANES 2012–2020); set so that loyal voting dominates') }),
    ideology: num(0.3, 0, 2, 'utility', 'weight of a voter\'s hawkishness on voting Republican', { source: A('foreign-policy hawkishness leans Republican (Pew 2014)') }),
    casualtyPenalty: num(0.005, 0, 0.05, 'utility per US death', 'penalty on the incumbent party per US service member killed by proxies or in a war in the last year', { source: 'Gartner & Segura (1998), J. Conflict Resolut. 42:278: casualties lower support for the incumbent' }),
    dealPartisanship: num(0.15, 0, 1, 'utility', 'how much a deal in force pleases Democratic-leaning and displeases Republican-leaning voters', { source: 'Pew Research Center (2015): the JCPOA was approved by 42% of Democrats and 10% of Republicans' }),
    tensionRally: num(0.1, 0, 1, 'utility', 'a rally toward the incumbent in a kinetic episode', { source: 'Mueller (1973), War, Presidents and Public Opinion: the rally-round-the-flag effect' }),
    timeForChange: num(0.05, 0, 0.3, 'utility per term', 'penalty on a party that has held the presidency longer, per term', { source: 'Abramowitz (1988), PS 21:843: the "time for change" term of election forecasts' }),
    conformity: num(0.2, 0, 1, 'utility', 'pay of agreeing with one\'s neighbours\' vote intention (local term)', { source: A('discussion networks are politically homogeneous and voters converge with them (Huckfeldt & Sprague 1995)') }),
    demShare: num(0.48, 0.3, 0.6, 'share', 'Democrats and Democratic leaners', { source: 'Pew Research Center (2014): 48% Democrats and leaners' }),
    repShare: num(0.39, 0.3, 0.6, 'share', 'Republicans and Republican leaners', { source: 'Pew Research Center (2014): 39% Republicans and leaners' }),
    independentShare: num(0.13, 0, 0.3, 'share', 'independents who lean to neither party', { source: 'Pew Research Center (2014): 13% no lean' }),
    degreeIn: num(6, 0, 50, 'contacts', 'mean contacts with voters of one\'s own party (partisan sorting)', { source: A('about three quarters of political discussion partners share one\'s party (Mutz 2006)') }),
    degreeOut: num(2, 0, 50, 'contacts', 'mean contacts with voters of other parties', { source: A('about a quarter of discussion partners belong to another party (Mutz 2006)') }),
  },
  congress: {
    loyalty: num(0.6, 0, 2, 'utility', 'a member\'s pay for supporting a President of their party (opposing one of the other)', { source: A('party unity votes exceed 90% in the 2010s (CQ); discipline dominates') }),
    ideology: num(0.5, 0, 2, 'utility', 'weight of a member\'s hawkishness against the deal', { source: A('hawkish members oppose concessions') }),
    dealQuality: num(0.5, 0, 3, 'utility', 'a member\'s pay for supporting a deal that meets the US position (per unit of its fit)', { source: A('members weigh the terms') }),
    israelPosture: num(0.3, 0, 2, 'utility', 'weight of Israel\'s opposition (its strike posture) in members\' opposition', { source: A("Israel's government lobbied against the JCPOA in 2015") }),
    treatyMajority: num(2 / 3, 0.5, 1, 'share of senators', 'votes a treaty needs', { source: 'US Constitution, Art. II §2' }),
    cloture: num(0.6, 0.5, 1, 'share of senators', 'votes to end debate on a resolution', { source: 'Senate Rule XXII (60 votes)' }),
    override: num(2 / 3, 0.5, 1, 'share of each chamber', 'votes to override a presidential veto', { source: 'US Constitution, Art. I §7' }),
    review: bool(true, 'an executive agreement is reviewed by Congress, which may pass a resolution of disapproval (the Iran Nuclear Agreement Review Act)', { source: 'Iran Nuclear Agreement Review Act of 2015, Pub. L. 114-17' }),
    reviewWeeks: int(9, 1, 26, 'weeks', 'weeks Congress has to review an executive agreement', { source: 'INARA: 30 days, 60 days when submitted between 10 July and 7 September (the JCPOA: 60 days)' }),
    billWeeks: int(52, 4, 260, 'weeks', 'weeks between opportunities to pass a sanctions bill', { source: A('a major Iran sanctions bill about once a year (the NDAA cycle)') }),
    sanctionsStep: num(0.08, 0, 0.5, 'share of the remaining room', 'share of the room left below full sanctions that a bill adds', { source: A('a major bill (e.g. the 2012 NDAA §1245) adds a tenth of full pressure') }),
  },
  positions: {
    usHardEnrichment: num(1, 0, 1, 'strictness', 'US hardline position on enrichment limits (1: zero enrichment)', { source: 'the US and UN Security Council demand of zero enrichment before 2013 (UNSCR 1737)', passage: 'latency' }),
    usSoftEnrichment: num(0.7, 0, 1, 'strictness', 'US accommodating position on enrichment (0.7: 3.67% under a cap, as the JCPOA)', { source: 'JCPOA (2015): 3.67%, 300 kg' }),
    usHardAccess: num(1, 0, 1, 'access', 'US hardline position on verification (1: anytime, anywhere)', { source: 'US demands of "anytime, anywhere" access (2015)', passage: 'verification' }),
    usSoftAccess: num(0.6, 0, 1, 'access', 'US accommodating position on verification (0.6: the Additional Protocol)', { source: 'JCPOA (2015): the Additional Protocol' }),
    usHardRelief: num(0.1, 0, 1, 'relief', 'US hardline position on sanctions relief', { source: A('pressure advocates offer little relief') }),
    usSoftRelief: num(0.7, 0, 1, 'relief', 'US accommodating position on relief (0.7: nuclear-related secondary sanctions lifted)', { source: 'JCPOA (2015): nuclear-related sanctions lifted, primary US sanctions kept' }),
    usHardDurability: num(0, 0, 1, 'durability', 'US hardline position on the form of relief (0: executive waiver)', { source: A('an executive keeps its hands free') }),
    usSoftDurability: num(0.5, 0, 1, 'durability', 'US accommodating position on the form (0.5: a locked channel)', { source: A('a locked humanitarian channel (the seed\'s clearinghouse)'), passage: 'escrow' }),
    usHardRegional: num(0.9, 0, 1, 'restraint', 'US hardline position on regional and missile restraint', { source: "the 2018 Secretary of State's twelve demands (regional and missile restraint)" }),
    usSoftRegional: num(0.3, 0, 1, 'restraint', 'US accommodating position on regional restraint', { source: A('a modular deal leaves the regional file to later') }),
    irHardEnrichment: num(0, 0, 1, 'strictness', "Iran's hardline position on enrichment limits (0: none)", { source: "Iran's position of an inalienable right to enrich (NPT Art. IV)", passage: 'latency' }),
    irSoftEnrichment: num(0.7, 0, 1, 'strictness', "Iran's accommodating position on enrichment", { source: 'JCPOA (2015): Iran accepted 3.67% and 300 kg' }),
    irHardAccess: num(0.2, 0, 1, 'access', "Iran's hardline position on verification (safeguards only, no military sites)", { source: "Iran's refusal of access to military sites (2015)", passage: 'verification' }),
    irSoftAccess: num(0.6, 0, 1, 'access', "Iran's accommodating position on verification (the Additional Protocol)", { source: 'JCPOA (2015)' }),
    irHardRelief: num(1, 0, 1, 'relief', "Iran's hardline position on relief (all sanctions lifted at once)", { source: "Iran's demand that all sanctions be lifted on signing (2015)" }),
    irSoftRelief: num(0.6, 0, 1, 'relief', "Iran's accommodating position on relief", { source: A('Iran accepted phased relief (JCPOA Implementation Day)') }),
    irHardDurability: num(1, 0, 1, 'durability', "Iran's hardline position on the form (1: a treaty or binding guarantee)", { source: "Iran's demand of guarantees against another withdrawal (2021–22 Vienna talks)", passage: 'credibility' }),
    irSoftDurability: num(0.3, 0, 1, 'durability', "Iran's accommodating position on the form", { source: A('Iran accepted an executive agreement endorsed by UNSCR 2231 (2015)') }),
    irHardRegional: num(0, 0, 1, 'restraint', "Iran's hardline position on regional restraint", { source: "Iran's refusal to negotiate its missiles and regional role", passage: 'proxies' }),
    irSoftRegional: num(0.4, 0, 1, 'restraint', "Iran's accommodating position on regional restraint", { source: A('regional de-escalation with the Gulf states (the 2023 Saudi–Iran accord)') }),
  },
  salience: {
    usEnrichment: num(1, 0, 3, 'weight', 'US salience of enrichment limits', { source: A('the core of US policy: breakout time') }),
    usAccess: num(0.8, 0, 3, 'weight', 'US salience of verification', { source: A('"a non-negotiable prerequisite" (the seed)'), passage: 'monitoring' }),
    usRelief: num(0.4, 0, 3, 'weight', 'US salience of (not) giving relief', { source: A('relief is the US\'s price, not its goal') }),
    usDurability: num(0.2, 0, 3, 'weight', 'US salience of the form of relief', { source: A('an executive prefers flexibility but does not fight over the form') }),
    usRegional: num(0.5, 0, 3, 'weight', 'US salience of regional restraint', { source: A('regional activity is a concern second to the nuclear file') }),
    irEnrichment: num(0.7, 0, 3, 'weight', "Iran's salience of enrichment", { source: A('enrichment is a symbol of sovereignty') }),
    irAccess: num(0.6, 0, 3, 'weight', "Iran's salience of verification", { source: A('access touches military secrecy'), passage: 'verification' }),
    irRelief: num(0.6, 0, 3, 'weight', "Iran's salience of relief when sanctions do not bite (it rises with stress)", { source: A('relief matters more the more sanctions bite') }),
    irDurability: num(0.5, 0, 3, 'weight', "Iran's salience of the form of relief", { source: A('the credibility gap'), passage: 'credibility' }),
    irRegional: num(0.5, 0, 3, 'weight', "Iran's salience of its regional role", { source: A('the "axis of resistance" is core to the IRGC'), passage: 'proxies' }),
    stressRelief: num(1.2, 0, 5, 'weight per unit stress', "how much Iran's salience of relief grows with economic stress", { source: A('sanctions bite raises the value of relief'), passage: 'costFunction' }),
    latencyEnrichment: num(1.5, 0, 5, 'weight per unit latency', 'how much the US salience of enrichment limits grows with Iran\'s latency (believed weapon intent × shortness of breakout time)', { source: A('the closer to breakout, the more the US values limits'), passage: 'latency' }),
  },
  capability: {
    president: num(0.4, 0, 1, 'share', "the President's weight in the US position", { source: A('the executive conducts foreign policy') }),
    state: num(0.25, 0, 1, 'share', "State's weight in the US position", { source: A('the diplomats draft the offer') }),
    dod: num(0.15, 0, 1, 'share', "DoD's weight in the US position", { source: A('the military arm weighs in on verification and regional terms'), passage: 'signals' }),
    congress: num(0.2, 0, 1, 'share', "Congress's weight in the US position", { source: A('Congress constrains through sanctions law and review') }),
    leader: num(0.4, 0, 1, 'share', "the Supreme Leader's weight in Iran's position", { source: 'Constitution of the Islamic Republic of Iran, Art. 110 (the Leader sets general policies)' }),
    irgc: num(0.25, 0, 1, 'share', "the IRGC's weight in Iran's position", { source: A('the security apparatus dominates the regional file'), passage: 'irgc' }),
    government: num(0.2, 0, 1, 'share', "the government's (pragmatists') weight in Iran's position", { source: A('the Foreign Ministry negotiates') }),
    majlis: num(0.15, 0, 1, 'share', "the Majlis's weight in Iran's position", { source: A('parliament approves agreements and passes counter-measures (the 2020 Strategic Action law)') }),
    irgcRegional: num(2, 1, 5, 'factor', "how much more the IRGC cares about the regional file than the other factions", { source: A('the Quds Force runs the regional file'), passage: 'irgc' }),
  },
  table: {
    concession: num(0.04, 0.005, 0.5, 'share of the gap per week', 'share of the gap between the proposals that a side concedes in a week at full flexibility', { source: A('talks that converge over one to two years (JPOA 2013 to JCPOA 2015)') }),
    agreeGap: num(0.05, 0.01, 0.3, 'distance', 'distance between the two proposals at which they count as agreed', { source: A('the last details close once the proposals are this near') }),
    interimGap: num(0.35, 0.05, 1, 'distance', 'distance between the proposals at which an interim freeze is on the table', { source: A('an interim deal needs the sides to be within sight of each other (JPOA, November 2013)') }),
    horizonYears: num(8, 1, 20, 'years', 'how far ahead Iran values a deal (and weighs the risk that it is reversed)', { source: 'the JCPOA\'s main limits ran 8–15 years' }),
    talkValue: num(0.05, 0, 1, 'utility', 'value to a principal of continuing talks that are converging (the option value of not walking out)', { source: A('a small premium on keeping talks alive') }),
    implementationWeeks: int(26, 1, 104, 'weeks', 'weeks for a signed deal to take full effect (relief lifted, limits applied)', { source: 'JCPOA: agreed 14 July 2015, Implementation Day 16 January 2016' }),
  },
  interim: {
    relief: num(0.08, 0, 0.3, 'relief', 'relief under an interim freeze', { source: 'the JPOA (2013): about $7 billion of relief, a small share of the sanctions' }),
    enrichment: num(0.5, 0, 1, 'strictness', 'enrichment limits under an interim freeze (no enrichment above 5%, the 20% stock diluted)', { source: 'the JPOA (2013)' }),
    access: num(0.5, 0, 1, 'access', 'access under an interim freeze (daily inspections at Natanz and Fordow)', { source: 'the JPOA (2013)' }),
  },
  credibility: {
    priorKeep: num(3, 0.5, 20, 'pseudo-observations', "Iran's prior count of administrations that kept a predecessor's commitment", { source: A('a weakly informed prior that commitments mostly hold (mean 3/4)'), passage: 'credibility' }),
    priorReverse: num(1, 0.5, 20, 'pseudo-observations', "Iran's prior count of administrations that reversed one", { source: A('a weakly informed prior (mean 1/4)'), passage: 'credibility' }),
    treatyPriorKeep: num(9, 0.5, 50, 'pseudo-observations', "Iran's prior count of kept treaties", { source: A('treaties are rarely abandoned (mean 9/10)'), passage: 'treaty' }),
    escrowPriorKeep: num(4, 0.5, 50, 'pseudo-observations', "Iran's prior count of locked channels that stayed open", { source: A('a mean of 4/5 before any freeze is seen'), passage: 'escrow' }),
    review: num(0.03, 0.005, 0.5, 'per week', "weight of this week in an administration's running support for reversing a deal in force (a policy review: about eight months)", { source: 'the 2017–18 US review of Iran policy: certifications in April and July 2017, decertification in October 2017, withdrawal in May 2018' }),
    reversalCost: num(0.3, 0, 5, 'utility', "a President's cost of reversing an executive agreement (reputation with allies)", { source: A('the E3 and the EU opposed the 2018 withdrawal') }),
    treatyReversalCost: num(3, 0, 10, 'utility', "a President's cost of leaving a ratified treaty", { source: A('leaving a ratified treaty is rare and costly (Goldwater v. Carter, 1979)'), passage: 'treaty' }),
    reversalAppeal: num(0.4, 0, 3, 'utility', "a President's pay for reversing a predecessor's deal of the other party (the base's hostility to it)", { source: 'Pew Research Center (2015): 10% of Republicans approved of the deal', passage: 'snapback' }),
    breachEvidence: num(1, 0, 5, 'utility per breach', "a President's pay for reversing per Iranian breach detected", { source: A('a detected breach justifies a reversal') }),
  },
  sunkCost: {
    switchingCost: num(0.5, 0, 3, 'utility', "the cost of abandoning the shadow networks for regulated trade, at full adaptation and full relief", { source: A('the resistance economy\'s institutional switching cost'), passage: 'sunkCost' }),
    adaptationRate: num(0.004, 0, 0.05, 'per week', 'rate at which the economy adapts to sanctions (builds shadow networks)', { source: A('adaptation over about five years of sanctions'), passage: 'adaptation' }),
    unwindRate: num(0.002, 0, 0.05, 'per week', 'rate at which adaptation unwinds under relief', { source: A('institutions built under sanctions persist') }),
    adaptationRelief: num(0.5, 0, 1, 'share of stress', 'share of sanctions\' bite that full adaptation absorbs', { source: A('oil-for-goods swaps, smuggling, and a weaker rial absorb part of the bite'), passage: 'adaptation' }),
  },
  proxies: {
    hezbollahAutonomy: num(0.4, 0, 1, 'share', "Hezbollah's tactical autonomy: weight of its own payoff against the IRGC's orders", { source: A('close coordination with the IRGC (Levitt 2013)'), passage: 'proxies' }),
    houthiAutonomy: num(0.7, 0, 1, 'share', "the Houthis' tactical autonomy", { source: A('the Houthis act largely on their own (Juneau 2016)'), passage: 'proxies' }),
    militiaAutonomy: num(0.6, 0, 1, 'share', "Iraqi militias' tactical autonomy", { source: A('Kataib Hezbollah and others sometimes defy Tehran (Knights 2021)'), passage: 'proxies' }),
    ownGain: num(0.05, 0, 2, 'utility', "a cell's own pay for attacking (prestige, recruits)", { source: A('attacks build a group\'s standing') }),
    restraintPay: num(0.4, 0, 2, 'utility', "a cell's pay for holding back (safety, the group's political interests)", { source: A('groups have stakes in their host states') }),
    funding: num(0.4, 0, 2, 'utility', "pay for attacking when the IRGC escalates (or for holding back when it restrains), times (1 − autonomy)", { source: A('IRGC funding and orders'), passage: 'irgc' }),
    threatPay: num(0.2, 0, 2, 'utility per unit tension', 'a cell\'s pay for attacking per unit of tension (a hostile environment recruits)', { source: A('attacks rise in crises (2019, 2023–24)') }),
    hitHazard: num(0.02, 0, 0.5, 'probability per week', "chance that an attacking cell is hit by retaliation, per unit of US and Israeli strike posture", { source: A('retaliatory strikes (January–February 2024)') }),
    hitCost: num(2, 0, 10, 'utility', 'cost to a cell that is hit', { source: A('losing fighters and arms') }),
    safetyInNumbers: num(0.2, 0, 2, 'utility', 'pay for attacking per share of neighbouring cells that attacked last week', { source: A('coordinated campaigns lower each cell\'s risk') }),
    degree: int(6, 2, 30, 'cells', 'neighbouring cells a cell coordinates with (small-world network)', { source: A('cells coordinate within local networks') }),
    tensionPerAttack: num(0.005, 0, 0.1, 'tension per attacking cell-share', 'tension per unit of a group\'s attack share', { source: A('a campaign of attacks raises tension') }),
    usDeathsPerAttack: num(0.3, 0, 3, 'deaths per unit attack share per week', 'US deaths per unit of the militias\' attack share per week', { source: 'about 170 attacks on US forces in Iraq and Syria from October 2023 to February 2024 (about 20 weeks) killed three US service members (DoD): 3 deaths / (20 weeks × an attack share of about ½)' }),
    derail: num(0.3, 0, 2, 'utility per unit attack share', 'how much attacks harden US negotiators and legislators', { source: A('attacks make concessions politically costly'), passage: 'proxies' }),
    campaign: num(0.3, 0.05, 1, 'share of cells', "a group's attack share at which a week counts as an attack (an event)", { source: A('a campaign, not a stray incident') }),
  },
  irgc: {
    threatLegitimacy: num(1.5, 0, 3, 'utility per unit tension', "the IRGC's gain in budget and legitimacy from external threat", { source: A('the security apparatus draws legitimacy from external threat'), passage: 'irgc' }),
    regionalLoss: num(0.6, 0, 3, 'utility per unit restraint', "the IRGC's loss from a deal's regional restraint (its regional role and budget)", { source: A('a grand bargain diminishes the IRGC\'s leverage'), passage: 'irgc' }),
    reliefGain: num(0.2, 0, 2, 'utility per unit relief', "the IRGC's gain from relief (its companies' share of the economy)", { source: A('the IRGC controls a large share of the economy (Alfoneh 2013)') }),
    rentLoss: num(0.3, 0, 2, 'utility per unit adaptation', "the IRGC's loss of smuggling rents when relief unwinds the shadow economy", { source: A('shadow networks are IRGC rents'), passage: 'sunkCost' }),
    budgetRate: num(0.05, 0, 0.5, 'per week', 'rate at which the IRGC budget index follows its drivers', { source: A('budgets adjust yearly') }),
  },
  signals: {
    unifiedCommand: num(0, 0, 1, 'share', "how much DoD is paid for matching State's posture (1: one voice)", { source: A('the default: the military arm sets its posture by its own mission'), passage: 'signals' }),
    deterrence: num(0.3, 0, 2, 'utility per unit threat', "DoD's pay for surging per unit of threat (attacks, tension, Israel's posture)", { source: A('the deterrence mission') }),
    priorUnified: num(2, 0.5, 20, 'pseudo-observations', "Iran's prior count of coherent US signals", { source: A('a weak prior (mean 1/2)'), passage: 'signals' }),
    priorIncoherent: num(2, 0.5, 20, 'pseudo-observations', "Iran's prior count of contradictory US signals", { source: A('a weak prior (mean 1/2)'), passage: 'signals' }),
    evidenceRate: num(0.02, 0, 0.5, 'observations per week', 'weight of one week of observed US signals in Iran\'s belief', { source: A('a month of mixed signals counts as one observation') }),
  },
  latency: {
    cap: num(3.67, 3.5, 5, '% U-235', 'enrichment at the deal\'s cap (reactor grade)', { source: 'JCPOA (2015): 3.67%' }),
    levelLow: num(5, 4, 10, '% U-235', 'the first level above the cap', { source: 'IAEA, 8 July 2019: enrichment to about 4.5%' }),
    levelMid: num(20, 15, 30, '% U-235', 'the second level', { source: 'IAEA GOV/2021/10: 20% from January 2021' }),
    levelHigh: num(60, 45, 80, '% U-235', 'the third level', { source: 'IAEA GOV/2021/28: 60% from April 2021' }),
    weaponsGrade: num(90, 80, 95, '% U-235', 'weapons grade: reaching it is breakout', { source: 'IAEA significant quantity of HEU (≥ 20%; weapons grade about 90%)' }),
    stepWeeks: num(12, 2, 52, 'weeks', 'weeks to reach the next enrichment level at full drive', { source: '4.5% (July 2019) to 20% (January 2021) to 60% (April 2021): months once decided' }),
    rollbackWeeks: num(26, 4, 104, 'weeks', 'weeks to bring enrichment and stockpile back to the cap under a deal', { source: 'JCPOA Implementation Day, six months after adoption' }),
    stockGrowth: num(2, 0, 20, 'kg per week', 'growth of the enriched stockpile at full drive', { source: 'IAEA GOV/2025/25: about 409 kg of 60% in May 2025, up by about 8 kg a month' }),
    stockCap: num(300, 100, 500, 'kg', 'the stockpile under a deal', { source: 'JCPOA (2015): 300 kg of UF6' }),
    breakoutMaxWeeks: num(52, 26, 104, 'weeks', 'breakout time at the cap', { source: 'JCPOA (2015): breakout time about one year' }),
    referenceStock: num(400, 100, 1000, 'kg', 'stockpile at which the breakout time reaches its enrichment-level value', { source: A('about one significant quantity\'s feed at 60%') }),
    leverageValue: num(1.5, 0, 5, 'utility', "the SNSC's pay for expanding per unit of latency the step adds (the bargaining chip it believes it gains)", { source: A('"the closer to breakout, the more leverage they believe they hold"'), passage: 'latency' }),
    expandCost: num(0.15, 0, 2, 'utility', 'cost of expanding the programme (resources, isolation)', { source: A('enrichment has costs') }),
    dashRisk: num(2, 1, 10, 'factor', 'how much likelier a strike is against a dash to breakout than against expansion (a dash is hard to hide)', { source: A('a dash at a declared site would be seen within weeks') }),
    weaponValue: num(0.5, 0, 5, 'utility', "the SNSC's value of a weapon (deterrence), which a dash to breakout pays", { source: A('latency, not a weapon, is the declared aim') }),
    complianceValue: num(0.4, 0, 3, 'utility', "the SNSC's pay for keeping to a deal in force (relief kept, legitimacy)", { source: A('compliance keeps the deal\'s relief') }),
    patienceWeeks: num(52, 1, 260, 'weeks', 'how long after a US reversal the SNSC still values keeping to the deal (the other parties may compensate; the next election may restore it)', { source: 'Iran kept to the JCPOA for a year after the US withdrawal (May 2018 – May 2019: "strategic patience")' }),
  },
  redLines: {
    level: num(60, 20, 90, '% U-235', 'the red line: enrichment at which the US and Israel say they will strike', { source: "Israel's 2012 red line at the 20% stockpile (UN General Assembly); the US line at weapons grade; 60% used here as the milestone of the 2020s", passage: 'redLine' }),
    graceWeeks: int(8, 1, 52, 'weeks', 'weeks after a crossing within which a line is enforced or counts as moved', { source: A('a decision within two months') }),
    reputation: num(1, 0, 5, 'utility', "the US or Israel's loss of reputation when a crossed line is not enforced", { source: A('moving the red line erodes the credibility of the military threat'), passage: 'redLine' }),
    priorEnforced: num(1, 0.5, 20, 'pseudo-observations', "Iran's prior count of enforced lines", { source: A('a weak, even prior (mean ½): by 2013 lines had been drawn (2012) but none tested'), passage: 'redLine' }),
    priorMoved: num(1, 0.5, 20, 'pseudo-observations', "Iran's prior count of moved lines", { source: A('a weak, even prior (mean ½)') }),
  },
  inspections: {
    safeguards: num(0.3, 0, 1, 'access', 'access under safeguards only', { source: 'IAEA comprehensive safeguards (INFCIRC/214)' }),
    protocol: num(0.6, 0, 1, 'access', 'access under the Additional Protocol', { source: 'IAEA Additional Protocol (INFCIRC/540)' }),
    minimal: num(0.1, 0, 1, 'access', 'access when Iran curtails cooperation', { source: "the Majlis suspended cooperation with the IAEA in July 2025" }),
    speed: num(0.05, 0, 1, 'per week', 'rate at which access moves toward what the SNSC grants', { source: A('access changes over weeks') }),
    audienceCost: num(0.6, 0, 3, 'utility per unit sanctions', "the SNSC's pay for curtailing access as sanctions rise (hardliners demand retaliation)", { source: "the Majlis's 2020 Strategic Action law: access curtailed in response to sanctions", passage: 'monitoring' }),
    reliefExpectation: num(0.5, 0, 3, 'utility', "the SNSC's pay for granting access when it expects relief in return (talks or a deal)", { source: A('access as a bargaining chip'), passage: 'monitoring' }),
    obligation: num(0.6, 0, 3, 'utility', "the SNSC's pay for keeping the access a deal in force requires", { source: A('a breach of access risks the deal') }),
    prerequisite: bool(true, 'the US treats inspections as a prerequisite for dialogue: the President\'s pay for engaging falls as access falls short of the protocol', { source: 'the seed: "the US views inspections as a non-negotiable prerequisite for any dialogue"', passage: 'monitoring' }),
    prerequisiteWeight: num(1, 0, 5, 'utility', 'how much the US President\'s pay for engaging falls per unit of access short of the protocol', { source: A('a strong precondition') }),
  },
  costFunction: {
    stressCost: num(1, 0, 5, 'utility per unit stress', "the leader's and SNSC's cost of economic stress (the cost of resistance)", { source: A('the cost of enduring sanctions'), passage: 'costFunction' }),
    humiliation: num(1, 0, 5, 'drive per unit', 'surrender image of a concession: drive added to the hardline base per unit of concession made under sanctions', { source: A('"if they appear to surrender to the West"'), passage: 'costFunction' }),
    humiliationDecay: num(0.03, 0, 0.5, 'per week', 'rate at which a concession\'s surrender image fades', { source: A('about half a year') }),
    dissentThreat: num(2, 0, 10, 'utility per unit protest', "the leader's cost of protest (regime-threatening dissent)", { source: A('protests threaten the regime (2009, 2019, 2022)'), passage: 'costFunction' }),
    stressDrive: num(0.4, 0, 2, 'share of neighbours', "drive toward protest per unit of economic stress", { source: A('economic protests (2017–18, November 2019)') }),
    humiliationDrive: num(0.3, 0, 2, 'share of neighbours', 'drive toward protest per unit of surrender image', { source: A('hardline mobilisation against concessions') }),
    repression: num(0.3, 0, 2, 'share of neighbours', 'drive against protest per unit of IRGC budget (repression capacity)', { source: A('the Basij suppresses protest (2009, 2019, 2022)') }),
    crackdown: num(0.5, 0, 3, 'share of neighbours', 'drive against protest per unit of the protest share a crackdown answers (with a week\'s lag)', { source: 'crackdowns followed the 2009, 2019 and 2022 protests within days to weeks' }),
    thresholdMean: num(0.55, 0, 1, 'share of neighbours', "mean of the public's protest thresholds", { source: A('Granovetter (1978): thresholds spread around a middle value') }),
    thresholdSd: num(0.15, 0, 0.5, 'share of neighbours', 'spread of the protest thresholds', { source: A('Granovetter (1978)') }),
    waveShare: num(0.1, 0.01, 0.5, 'share', 'share of the public protesting at which a protest wave counts as begun', { source: A('nationwide protests involved on the order of a tenth of the public in the largest cities') }),
    publicDegree: int(8, 2, 50, 'contacts', 'contacts per member of the public (a small world; even: the ring lattice links k/2 on each side)', { source: A('dense local ties, few long ones') }),
    publicRewiring: num(0.05, 0, 1, 'probability', 'share of the public\'s ties that are long-range', { source: 'Watts & Strogatz (1998): small worlds arise at a few per cent' }),
  },
  economy: {
    sanctions: num(0.7, 0, 1, 'intensity', 'initial sanctions intensity', { source: '2013: US central-bank sanctions (NDAA 2012), the EU oil embargo, UN resolutions' }),
    executiveStep: num(0.05, 0, 0.5, 'share of the remaining room', 'share of the room left below full sanctions that an executive round adds', { source: A('an executive designation round') }),
    stepWeeks: int(13, 1, 52, 'weeks', 'weeks between executive sanction rounds under a pressure policy', { source: A('designation rounds every quarter or so (2018–20)') }),
    decay: num(0.002, 0, 0.05, 'per week', 'erosion of sanctions enforcement without new measures', { source: A('evasion grows over time') }),
    oilBaseline: num(2.5, 1, 4, 'mb/d', "Iran's crude exports without sanctions", { source: 'about 2.5 mb/d in 2011 (EIA)' }),
    oilLoss: num(0.65, 0, 1, 'share', 'share of exports lost at full sanctions if no one buys against them', { source: 'exports fell from 2.5 mb/d (2011) to 1.0–1.1 mb/d (2013)' }),
    chinaCapacity: num(1.5, 0, 3, 'mb/d', 'crude China\'s independent refiners can absorb against sanctions', { source: 'about 1.5 mb/d of Iranian crude to China in 2024 (Kpler, EIA)', passage: 'buffer' }),
    financialShare: num(0.5, 0, 1, 'share', 'share of the sanctions\' bite that falls on finance and trade (banking, SWIFT), which crude buyers cannot offset', { source: A('the 2012 SWIFT cut-off and banking sanctions bite beside the oil embargo') }),
    stressSpeed: num(0.05, 0, 1, 'per week', 'rate at which economic stress follows the loss of oil revenue', { source: A('the economy responds over months') }),
  },
  buffer: {
    discount: num(0.4, 0, 2, 'utility', "a refiner's pay for buying discounted Iranian crude", { source: 'discounts of about $5–10 a barrel (2023–24)', passage: 'buffer' }),
    designation: num(0.03, 0, 0.5, 'probability per week', 'chance that a buying refiner is designated, at full US enforcement', { source: A('a few refiners designated a year (2024–25)') }),
    designationCost: num(3, 0, 20, 'utility', 'cost to a refiner that is designated', { source: A('loss of access to dollar finance') }),
    russiaArms: num(0.3, 0, 2, 'utility', "Russia's pay for partnering (drones, arms trade, an anti-Western bloc)", { source: 'Russia–Iran drone and missile cooperation (2022–25)', passage: 'buffer' }),
    russiaCost: num(0.2, 0, 2, 'utility per unit tension', "Russia's cost of partnering when a war looms (entanglement)", { source: A('Russia stayed out of the June 2025 war') }),
    airDefence: num(0.25, 0, 1, 'probability', 'fall in a strike\'s chance of success at full Russian partnership (air defence)', { source: A('S-300 deliveries (2016) and later cooperation'), passage: 'buffer' }),
    partnerSpeed: num(0.02, 0, 0.5, 'per week', 'rate at which Iran\'s air defence follows the partnership', { source: A('deliveries take months') }),
  },
  verification: {
    exposure: num(0.4, 0, 1, 'probability per unit access', 'rise in a strike\'s chance of success per unit of access above safeguards (intelligence on conventional defences)', { source: A('"a backdoor for Western intelligence to map their conventional defenses"'), passage: 'verification' }),
    detection: num(0.3, 0, 1, 'probability per week', 'chance per week that a breach is detected at full access', { source: A('inspectors detect diversion within weeks under the Additional Protocol') }),
    priorWeapon: num(0.3, 0.01, 0.99, 'probability', 'initial US belief that Iran is building a weapon', { source: A('the 2007 NIE judged the weapons work halted; US officials remained wary') }),
    refusalEvidence: num(2, 1, 10, 'likelihood ratio', 'how much likelier minimal access is if Iran is building a weapon', { source: A('"they refuse inspections, which leads the US to believe they are building a bomb"'), passage: 'verification' }),
    enrichmentEvidence: num(1.5, 1, 10, 'likelihood ratio per level', 'how much likelier each enrichment level above the cap is if Iran is building a weapon', { source: A('60% has no civil use') }),
    beliefSpeed: num(0.05, 0, 0.5, 'per week', 'rate at which the US belief moves toward the posterior of what it observes', { source: A('intelligence assessments update over months') }),
  },
  military: {
    preventionValue: num(3, 0, 10, 'utility', 'value to Israel (and the US) of preventing an Iranian weapon, times the believed intent and the latency', { source: 'Fearon (1995), Int. Organ. 49:379: preventive war under a shifting balance', passage: 'friction' }),
    warCost: num(0.8, 0, 5, 'utility', 'cost of a strike (retaliation, war)', { source: A('Iranian retaliation and regional war') }),
    sabotageValue: num(0.2, 0, 2, 'utility', "Israel's pay for sabotage per unit of latency", { source: 'covert operations (Stuxnet 2010, Natanz 2020–21)' }),
    sabotageCost: num(0.15, 0, 2, 'utility', "Israel's cost of a sabotage operation (exposure, escalation)", { source: A('operations risk exposure and retaliation') }),
    successBase: num(0.6, 0, 1, 'probability', 'chance that a strike sets the programme back', { source: A('the June 2025 strikes damaged but did not end the programme') }),
    setbackWeeks: num(52, 0, 260, 'weeks', 'enrichment progress a successful strike destroys', { source: A('estimates of a one-to-two-year setback (2025)') }),
    stockLoss: num(0.3, 0, 1, 'share', 'share of the stockpile a successful strike destroys or buries', { source: A('the fate of the 60% stock after June 2025 is uncertain') }),
    sabotageSuccess: num(0.3, 0, 1, 'probability', 'chance that sabotage sets enrichment back', { source: A('some operations succeed') }),
    sabotageWeeks: num(8, 0, 52, 'weeks', 'progress sabotage destroys', { source: A('months of setback (Natanz 2021)') }),
    usGreenLight: num(0.5, 0, 2, 'utility', "Israel's pay for striking when the US President is not engaging (a US green light)", { source: A('Israel coordinated the June 2025 strikes with the US') }),
    strikeTension: num(0.8, 0, 2, 'tension', 'tension a strike adds', { source: 'the June 2025 strikes began a twelve-day war: a strike at ordinary tension (about 0.2) starts an episode (kinetic.threshold 1)' }),
    surgeTension: num(0.004, 0, 0.1, 'tension per week', 'tension a full US surge adds', { source: A('carrier deployments raise tension'), passage: 'signals' }),
    escalateTension: num(0.004, 0, 0.1, 'tension per week', 'tension a fully escalating IRGC adds', { source: A('IRGC provocations (tanker seizures 2019)') }),
    warDeaths: num(5, 0, 100, 'deaths per week', 'US deaths per week of a kinetic episode', { source: A('a short war (June 2025: no US deaths; 2020: injuries)') }),
  },
  kinetic: {
    threshold: num(1, 0.3, 3, 'tension', 'tension at which a kinetic episode begins', { source: A('a scale on which a strike alone nearly starts a war') }),
    ceasefire: num(0.5, 0, 2, 'tension', 'tension below which an episode ends in a ceasefire', { source: A('the June 2025 war ended after twelve days') }),
    decay: num(0.04, 0, 0.5, 'per week', 'relaxation of tension', { source: A('crises fade over months') }),
    mediation: num(0.06, 0, 0.5, 'per week', 'extra relaxation of tension at full Gulf mediation', { source: 'Qatar and Oman mediated the 2023 prisoner exchange and the 2025 ceasefire' }),
  },
  majlis: {
    discipline: num(0.5, 0, 2, 'utility', 'a member\'s pay for voting with its faction (principlists oppose, reformists support agreements)', { source: A('factional discipline in the Majlis') }),
    stressSupport: num(0.5, 0, 3, 'utility per unit stress', 'a member\'s pay for supporting agreements per unit of economic stress', { source: A('economic pressure from constituents') }),
  },
  gulf: {
    stability: num(0.5, 0, 2, 'utility per unit tension', "the Gulf states' pay for mediating per unit of tension", { source: A('the Gulf states fear a regional war (2019 Abqaiq attack)') }),
    alignment: num(0.3, 0, 2, 'utility per unit attack share', "the Gulf states' pay for aligning with the US per unit of proxy attacks", { source: A('attacks push the Gulf toward US protection') }),
    hedging: num(0.2, 0, 2, 'utility', "the Gulf states' pay for hedging between the sides", { source: 'the 2023 Saudi–Iran normalisation' }),
    trackSpeed: num(0.01, 0, 0.2, 'per week', 'progress of the multilateral regional track at full mediation (modular agenda)', { source: A('a Gulf security framework takes years') }),
  },
  interventions: {
    agenda: choice('grand', ['modular', 'grand'] as const, 'modular: the nuclear file first, the regional file to a separate multilateral track; grand: every file in one package', { passage: 'modular', source: 'the US position since 2018 (the twelve demands; in 2025 zero enrichment, missiles and proxies together)' }),
    pressure: num(0, 0, 1, 'policy weight', 'maximum pressure: the President\'s pay for adding pressure, and sanctions enforcement', { passage: 'clarity', source: A('0: no declared policy; 1: the 2018–20 campaign') }),
    clarity: num(0, 0, 1, 'policy weight', 'maximum clarity: the President\'s pay for engaging with explicit, reciprocal conditions, and for not reversing', { passage: 'clarity', source: A('the seed\'s proposal') }),
    escrow: bool(false, 'relief through a locked escrow / limited purpose clearinghouse: a reversal cannot take back what the channel holds, but freezing it is an executive choice with a legal cost', { passage: 'escrow', source: 'the seed\'s proposal' }),
    escrowRate: num(0.25, 0, 2, '$bn per week', 'inflow into the channel while talks progress or a deal holds', { source: '$6 billion moved to Qatar in 2023 (about a quarter billion a week over half a year)' }),
    freezeCost: num(0.5, 0, 5, 'utility', "a President's legal and reputational cost of freezing the locked channel", { source: 'the $6 billion in Qatar was quietly re-frozen in October 2023', passage: 'escrow' }),
    freezeAppeal: num(1, 0, 5, 'utility per unit attack share', "a President's pay for freezing the channel per unit of proxy attacks (domestic outrage)", { source: 'the October 2023 re-freeze followed the 7 October attack' }),
    ladder: bool(false, 'a staged, irreversible de-escalation ladder: reciprocal steps either side can take or refuse', { passage: 'clarity', source: 'the seed\'s proposal' }),
    ladderSteps: int(4, 1, 10, 'steps', 'steps of the ladder', { source: A('a few stages to a full deal') }),
    ladderRelief: num(0.05, 0, 0.3, 'relief per step', 'relief a US step gives (and cannot take back)', { source: A('a tranche of frozen funds') }),
    ladderCap: num(0.1, 0, 0.5, 'strictness per step', 'enrichment limits an Iranian step accepts (and cannot undo: diluted stock)', { source: A('dilution of a share of the stockpile') }),
    ladderEvidence: num(0.25, 0, 1, 'observations per step', 'how much a US ladder step kept counts, for Iran, as evidence that US commitments hold', { source: A('a step is a smaller commitment than a whole deal kept through a change of administration') }),
    ladderValue: num(0.3, 0, 2, 'utility', "a principal's pay for taking its next step when the other side took its last (reciprocity)", { source: 'Osgood (1962), An Alternative to War or Surrender: graduated reciprocation in tension reduction (GRIT)' }),
  },
  outcomes: {
    dealWindow: int(104, 13, 520, 'weeks', 'weeks a deal must hold (and still be in force at the end) to count as a deal', { source: A('two years, half a presidential term') }),
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

