/**
 * The seed's claims as hypotheses the model can reject. Each compares two arms (a scenario and
 * parameter overrides) and says in which the metric is larger; `fractable claims` tests the
 * direction at the default world size, and `fractable claims --refute` searches the plausible
 * box of the parameters on its causal path for the region where the effect vanishes or reverses
 * (docs/ODD.md, section 8). `path` names the decisions and beliefs that carry the claim: none of
 * them is a term whose sign states the conclusion.
 */
import type { ClaimDecl } from '../../engine/declaration.js';
import { ARM_LEVELS } from './params.js';

const signed = { kind: 'output', name: 'signed' } as const;
const COMMON = ['decisions.deliberation', 'table.concession', 'principals.hawkTilt', 'principals.partyLean'] as const;

export const CLAIMS: readonly ClaimDecl[] = [
  {
    id: 'credibility-gap', title: '1 The credibility gap', source: 'mechanism 1 (credibility, snapback)',
    statement: 'Tehran discounts any deal by the chance that the next administration reverses it: the more reversals it has seen, the fewer deals are signed.',
    path: 'reversals seen → commitBelief (Beta–Bernoulli count) → the durability Iran\'s players expect of an executive waiver → their gains and win-set → the Leader\'s acceptance',
    treated: { label: 'no reversal seen', scenario: 'baseline', params: { initial: { reversalsSeen: 0 } } },
    control: { label: 'two reversals seen', scenario: 'baseline', params: { initial: { reversalsSeen: ARM_LEVELS.reversalsSeen } } },
    metric: signed, box: ['credibility.priorKeep', 'credibility.priorReverse', 'table.horizonYears', 'salience.irDurability', ...COMMON],
  },
  {
    id: 'sunk-cost', title: '2 The sunk cost of resistance', source: 'mechanism 2 (sunkCost, adaptation)',
    statement: 'Abandoning the shadow networks carries a switching cost that temporary relief does not justify: with the cost, fewer deals.',
    path: 'adaptation under sanctions → switching cost per unit of relief in the gains of the Leader and the government (not discounted by durability) → win-set',
    treated: { label: 'no switching cost', scenario: 'baseline', params: { sunkCost: { switchingCost: 0 } } },
    control: { label: 'default switching cost', scenario: 'baseline' },
    metric: signed, box: ['sunkCost.switchingCost', 'sunkCost.adaptationRate', 'sunkCost.unwindRate', 'initial.adaptation', ...COMMON],
  },
  {
    id: 'proxy-agency', title: '3 Proxy agency', source: 'mechanism 3 (proxies)',
    statement: 'Proxies with tactical autonomy do not follow Tehran\'s restraint: with more autonomy, more campaigns of attacks.',
    path: 'each cell weighs its own pay against the IRGC\'s orders by (1 − autonomy) → attack shares → campaigns',
    treated: { label: 'default autonomy', scenario: 'baseline' },
    control: { label: 'proxy restraint (autonomy 0.1)', scenario: 'proxy-restraint' },
    metric: { kind: 'output', name: 'proxy_campaigns' }, box: ['proxies.ownGain', 'proxies.restraintPay', 'proxies.funding', 'proxies.threatPay', 'proxies.safetyInNumbers', 'irgc.threatLegitimacy', ...COMMON],
  },
  {
    id: 'irgc-legitimacy', title: '3 IRGC legitimacy from threat', source: 'mechanism 3 (irgc)',
    statement: 'The IRGC draws legitimacy and budget from external threat, so it works against a settlement: without that stake, more deals.',
    path: 'the commanders\' pay for escalating grows with tension → escalation (tension, the proxies\' orders) and the IRGC\'s veto in a grand bargain',
    treated: { label: 'no threat legitimacy', scenario: 'baseline', params: { irgc: { threatLegitimacy: 0 } } },
    control: { label: 'default threat legitimacy', scenario: 'baseline' },
    metric: signed, box: ['irgc.threatLegitimacy', 'irgc.regionalLoss', 'irgc.reliefGain', 'capability.irgc', 'military.escalateTension', ...COMMON],
  },
  {
    id: 'incoherent-signals', title: '4 Signals without unified command', source: 'mechanism 4 (signals)',
    statement: 'When one arm offers an olive branch while another surges, Tehran reads a lack of unified command: with one voice, Iran believes the US can deliver.',
    path: 'DoD\'s officials paid to match State → fewer surges during concessions → Iran counts coherent and contradictory signals → unifiedBelief (which scales what Iran expects the US to deliver, and so its win-set)',
    treated: { label: 'unified command', scenario: 'unified-us-command' },
    control: { label: 'default', scenario: 'baseline' },
    metric: { kind: 'output', name: 'mean_unifiedBelief' }, box: ['signals.deterrence', 'signals.evidenceRate', 'signals.priorUnified', 'signals.priorIncoherent', ...COMMON],
  },
  {
    id: 'latency-leverage', title: '5 Latency as leverage', source: 'mechanism 5 (latency)',
    statement: 'The closer to breakout, the more leverage Iran believes it holds: valuing latency as a chip, it enriches further.',
    path: 'the SNSC\'s pay for expanding from the US\'s latency concern → its running support for expanding → enrichment crossings',
    treated: { label: 'latency valued (2013 table)', scenario: 'history-2013' },
    control: { label: 'no leverage value (2013 table)', scenario: 'history-2013', params: { latency: { leverageValue: 0 } } },
    metric: { kind: 'output', name: 'enrichment_crossings' }, box: ['latency.leverageValue', 'latency.expandCost', 'latency.complianceValue', 'military.warCost', 'redLines.level', ...COMMON],
  },
  {
    id: 'red-line-paradox', title: '6 The red-line paradox', source: 'mechanism 6 (redLine)',
    statement: 'Moving the red line too often erodes the credibility of the military threat: where lines have been moved, Iran crosses more of them.',
    path: 'lines moved (unenforced crossings) → threatCredibility (count) → the SNSC\'s expected cost of crossing the next line → its choice to expand',
    treated: { label: 'lines seen moved', scenario: 'baseline', params: { redLines: { priorMoved: ARM_LEVELS.linesMoved } } },
    control: { label: 'default prior', scenario: 'baseline' },
    metric: { kind: 'output', name: 'enrichment_crossings' }, box: ['redLines.level', 'redLines.reputation', 'redLines.graceWeeks', 'military.warCost', 'latency.leverageValue', ...COMMON],
  },
  {
    id: 'inspections-toggle', title: '7 Inspections toggled by sanctions', source: 'mechanism 7 (monitoring)',
    statement: 'Iran treats inspections as a variable toggled by the level of sanctions pressure: under maximum pressure, less access.',
    path: 'the SNSC\'s pay for curtailing grows with sanctions (audience cost) → its running support for curtailing → access',
    treated: { label: 'default', scenario: 'baseline' },
    control: { label: 'maximum pressure', scenario: 'maximum-pressure' },
    metric: { kind: 'output', name: 'mean_access' }, box: ['inspections.audienceCost', 'inspections.reliefExpectation', 'inspections.obligation', 'verification.exposure', 'economy.executiveStep', ...COMMON],
  },
  {
    id: 'cost-of-concession', title: '8 C_concession includes dissent', source: 'mechanism 8 (costFunction)',
    statement: 'If Tehran appears to surrender under pressure it risks internal dissent, so under maximum pressure concession costs more than resistance: without the surrender image, more deals.',
    path: 'concessions under sanctions → humiliation → the public\'s drive (threshold rule on a network) → protest → the Leader\'s pay for rejecting, and the anticipated dissent in Iran\'s gains',
    treated: { label: 'no surrender image', scenario: 'maximum-pressure', params: { costFunction: { humiliation: 0 } } },
    control: { label: 'maximum pressure', scenario: 'maximum-pressure' },
    metric: signed, box: ['costFunction.humiliation', 'costFunction.humiliationDrive', 'costFunction.dissentThreat', 'costFunction.thresholdMean', 'costFunction.stressDrive', ...COMMON],
  },
  {
    id: 'multipolar-buffer', title: '9 The multipolar buffer', source: 'mechanism 9 (buffer)',
    statement: 'Beijing\'s purchases of Iranian crude keep a baseline of hard currency: without the buffer, sanctions bite harder.',
    path: 'each refiner weighs the discount against its own risk of designation → buying share → exports past sanctions → stress',
    treated: { label: 'isolated Iran', scenario: 'isolated-iran' },
    control: { label: 'default', scenario: 'baseline' },
    metric: { kind: 'output', name: 'mean_stress' }, box: ['buffer.discount', 'buffer.designation', 'buffer.designationCost', 'economy.oilLoss', 'economy.financialShare', ...COMMON],
  },
  {
    id: 'verification-dilemma', title: '10 The verification security dilemma', source: 'mechanism 10 (verification)',
    statement: 'To prove it is not building a bomb Iran must expose its conventional vulnerabilities: where access exposes its defences, it grants less.',
    path: 'access raises a strike\'s chance of success → the SNSC\'s pay for granting falls with the strike supports → access',
    treated: { label: 'no exposure', scenario: 'baseline', params: { verification: { exposure: 0 } } },
    control: { label: 'default exposure', scenario: 'baseline' },
    metric: { kind: 'output', name: 'mean_access' }, box: ['verification.exposure', 'verification.refusalEvidence', 'military.warCost', 'military.preventionValue', 'inspections.reliefExpectation', ...COMMON],
  },
  {
    id: 'maximum-clarity', title: '11 Maximum clarity', source: 'mechanism 11 (clarity, escrow, modular)',
    statement: 'A shift from maximum pressure to maximum clarity — reciprocal conditions, a locked channel, the nuclear file first, a staged ladder — yields deals that hold.',
    path: 'the President\'s pay for engaging, DoD\'s for matching State, relief no reversal takes back, fewer veto players, reciprocal steps → more deals signed and kept',
    treated: { label: 'maximum clarity', scenario: 'maximum-clarity' },
    control: { label: 'default', scenario: 'baseline' },
    metric: { kind: 'label', labels: ['deal'] }, box: ['interventions.clarity', 'interventions.escrowRate', 'interventions.freezeAppeal', 'interventions.ladderValue', 'gulf.trackSpeed', ...COMMON],
  },
  {
    id: 'modular-agenda', title: '11 Modular, not grand', source: 'mechanism 11 (modular)',
    statement: 'A single grand bargain has too many veto points to survive; a modular agreement on the nuclear file succeeds more often.',
    path: 'a grand bargain adds the IRGC, Israel and the Gulf states as veto players (and more value: relief for restraint) → the win-sets\' intersection',
    treated: { label: 'modular', scenario: 'modular-deal' },
    control: { label: 'grand bargain', scenario: 'grand-bargain' },
    metric: signed, box: ['positions.usSoftRelief', 'positions.usSoftRegional', 'positions.irSoftRegional', 'salience.irRegional', 'capability.irgcRegional', ...COMMON],
  },
  {
    id: 'ladder', title: '11 The de-escalation ladder', source: 'mechanism 11 (clarity)',
    statement: 'A staged, irreversible, reciprocal de-escalation ladder de-escalates: without it, more kinetic episodes.',
    path: 'reciprocal steps either side may take or refuse → enrichment rolled back and stock diluted (latency falls, so the preventive-strike calculus pays less) and relief no one takes back → fewer strikes and less tension',
    treated: { label: 'no ladder', scenario: 'baseline' },
    control: { label: 'ladder', scenario: 'baseline', params: { interventions: { ladder: true } } },
    metric: { kind: 'output', name: 'episodes' }, box: ['interventions.ladderRelief', 'interventions.ladderCap', 'interventions.ladderEvidence', 'interventions.ladderValue', 'interventions.ladderSteps', ...COMMON],
  },
  {
    id: 'pressure', title: '11 Maximum pressure', source: 'mechanism 11 (clarity) and 8 (costFunction)',
    statement: 'Maximum pressure buys escalation or stalemate rather than deals.',
    path: 'the President\'s pay for pressure → sanctions rounds and reversals → Iran\'s stress and surrender image, the Leader\'s choices and the US offer',
    treated: { label: 'default', scenario: 'baseline' },
    control: { label: 'maximum pressure', scenario: 'maximum-pressure' },
    metric: signed, box: ['interventions.pressure', 'economy.executiveStep', 'costFunction.humiliation', 'costFunction.stressCost', 'salience.stressRelief', ...COMMON],
  },
];
