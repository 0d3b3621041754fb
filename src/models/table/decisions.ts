/**
 * Institutional rules that turn members' choices into a body's decision. A body's running
 * support for an act follows the share of its members that chose it:
 *
 *   support(t) = (1 − ω) support(t − 1) + ω share(t),   ω = decisions.deliberation
 *
 * and the body acts when its support reaches decisions.majority; a course once begun (talks) stops
 * only when the support falls to 1 − majority (withdrawn). A single decision-maker (the
 * President, the Leader, Russia) is a body of one: it acts once it has chosen the act more often
 * than not over the last weeks — a deliberation, not a coin. An act that is done once (a strike,
 * a reversal, a sanctions round) spends the support behind it. Legislatures vote: a vote counts
 * the members' choices of that week against the chamber's rule (a majority, 60 for cloture, two
 * thirds for a treaty or an override).
 */
import type { TableModel } from './model.js';
import { A, P } from './populations.js';
import { S } from './state.js';

/** The running supports: [state slot, population, action]. */
export const SUPPORTS: ReadonlyArray<readonly [number, number, number]> = [
  [S.engageSupport!, P['us.president'], A['us.president'].engage],
  [S.pressureSupport!, P['us.president'], A['us.president'].pressure],
  [S.strikeSupport!, P['us.president'], A['us.president'].strike],
  [S.acceptSupport!, P['iran.leader'], A['iran.leader'].accept],
  [S.rejectSupport!, P['iran.leader'], A['iran.leader'].reject],
  [S.capSupport!, P['iran.snsc'], A['iran.snsc'].cap],
  [S.expandSupport!, P['iran.snsc'], A['iran.snsc'].expand],
  [S.dashSupport!, P['iran.snsc'], A['iran.snsc'].dash],
  [S.grantSupport!, P['iran.inspections'], A['iran.inspections'].grant],
  [S.curtailSupport!, P['iran.inspections'], A['iran.inspections'].curtail],
  [S.israelStrikeSupport!, P['israel.cabinet'], A['israel.cabinet'].strike],
  [S.sabotageSupport!, P['israel.cabinet'], A['israel.cabinet'].sabotage],
];

/** Updates every running support from the tallies of the tick just stepped. */
export function deliberate(m: TableModel): void {
  const w = m.p.decisions.deliberation;
  for (const [slot, pop, a] of SUPPORTS) m.n[slot] = (1 - w) * m.s[slot]! + w * m.share(pop, a);
}

/** Whether a body's running support for an act has reached its rule. */
export const decided = (m: TableModel, slot: number): boolean => m.cur[slot]! >= m.p.decisions.majority;

/**
 * Whether a body has decided to stop a course it is on: its running support for it has fallen to
 * 1 − decisions.majority (a majority for not doing it). Between the two thresholds the course goes on.
 */
export const withdrawn = (m: TableModel, slot: number): boolean => m.cur[slot]! <= 1 - m.p.decisions.majority;

/** An act done once spends the support behind it. */
export function spend(m: TableModel, slot: number): void {
  m.n[slot] = 0;
}

/** A vote of a chamber this week: the count of members that chose `a`. */
export const votes = (m: TableModel, pop: number, a: number): number => (m.t ? m.t.count(pop, a) : 0);

/** Every decision of an actor in the model: who makes it, by which rule, in which file (docs/ODD.md prints it). */
export const DECISIONS: ReadonlyArray<{ decision: string; by: readonly string[]; rule: string; where: string }> = [
  { decision: 'open, continue or leave talks', by: ['us.president', 'iran.leader'], rule: 'open when the President\'s running support for engage reaches decisions.majority and the Leader\'s for reject is at most 1 − majority; leave when engage falls to 1 − majority or reject reaches majority', where: 'mechanisms/table.ts' },
  { decision: 'the US offer (its proposal and concessions)', by: ['us.president', 'us.state', 'us.dod', 'us.senate'], rule: 'positions weighted by capability × salience (players.ts); concessions by Zeuthen\'s rule at State\'s flexibility, never out of the US win-set (veto players: the principal and the President; a grand bargain adds Israel and the Gulf)', where: 'players.ts' },
  { decision: 'Iran\'s offer, concessions, acceptance', by: ['iran.leader', 'iran.irgc', 'iran.government', 'iran.majlis'], rule: 'positions weighted by capability × salience; concessions at the government\'s flexibility; signing needs the Leader\'s running support for accept (the leader\'s veto); a grand bargain adds the IRGC as veto player', where: 'players.ts' },
  { decision: 'sign an interim freeze or the comprehensive deal', by: ['us.president', 'iran.leader'], rule: 'both principals\' supports decide (engage, accept) with the proposals within table.interimGap, or agreed inside both win-sets', where: 'mechanisms/table.ts' },
  { decision: 'ratify a treaty', by: ['us.senate'], rule: 'congress.treatyMajority of the 100 senators choose pro-deal in the week of the vote', where: 'mechanisms/table.ts' },
  { decision: 'review an executive agreement', by: ['us.senate', 'us.house'], rule: 'a resolution of disapproval needs congress.cloture in the Senate and a House majority, then congress.override in both over the veto', where: 'mechanisms/table.ts' },
  { decision: 'new sanctions by law', by: ['us.senate', 'us.house', 'us.president'], rule: 'every congress.billWeeks: majorities of anti-deal members in both chambers; a President whose support for engage decides vetoes; congress.override in both chambers overrides', where: 'mechanisms/elections.ts' },
  { decision: 'new executive sanctions; freezing the locked channel', by: ['us.president'], rule: 'the running support for pressure decides (a round every economy.stepWeeks; it spends the support)', where: 'mechanisms/interventions.ts' },
  { decision: 'reversing relief in force', by: ['us.president'], rule: 'a policy review: the running support for reversing follows the President\'s pressure share at credibility.review a week and decides at majority', where: 'mechanisms/credibility.ts' },
  { decision: 'US elections (presidential and midterm)', by: ['us.electorate'], rule: 'vote intentions on election day (every second November, from the calendar): the Democratic share against ½ + elections.presidentialBias; seats by the swing ratio; the winner takes office calendar.transitionWeeks later', where: 'mechanisms/elections.ts' },
  { decision: 'protest', by: ['iran.public'], rule: 'the threshold rule on a small-world network: a member protests when the share of its contacts protesting plus the drive reaches its threshold', where: 'mechanisms/cost-function.ts' },
  { decision: 'the pace of enrichment; a dash to breakout', by: ['iran.snsc'], rule: 'the running supports for cap, expand or dash decide (a council of 12)', where: 'mechanisms/latency.ts' },
  { decision: 'IAEA access', by: ['iran.inspections'], rule: 'the running supports for grant or curtail decide; access moves toward the protocol (or the deal\'s terms) or toward minimal access', where: 'mechanisms/inspections.ts' },
  { decision: 'proxy attacks', by: ['proxy.hezbollah', 'proxy.houthis', 'proxy.militias'], rule: 'each cell chooses (Bush–Mosteller) from its own pay, its principal\'s orders weighted by (1 − autonomy), its neighbours\' attacks and its own risk of being hit', where: 'mechanisms/proxies.ts' },
  { decision: 'the IRGC\'s line (restrain, hold, escalate)', by: ['iran.irgc'], rule: 'the commanders\' shares: orders to the proxies and tension', where: 'mechanisms/proxies.ts' },
  { decision: 'Israeli sabotage and strikes', by: ['israel.cabinet'], rule: 'the running supports for sabotage or strike decide (a cabinet of 12), from a preventive-war calculus with the US green light', where: 'mechanisms/force.ts' },
  { decision: 'US strikes', by: ['us.president'], rule: 'the running support for strike decides', where: 'mechanisms/force.ts' },
  { decision: 'moving or enforcing a red line', by: ['us.president', 'israel.cabinet'], rule: 'a strike within redLines.graceWeeks of a crossing enforces it; no strike moves it (each weighs redLines.reputation in its strike pay)', where: 'mechanisms/red-lines.ts' },
  { decision: 'US military posture (surge, stand down)', by: ['us.dod'], rule: 'the officials\' shares (Bush–Mosteller)', where: 'mechanisms/signals.ts' },
  { decision: 'crude purchases', by: ['china.refiners'], rule: 'each refiner chooses (Bush–Mosteller) from the discount against its own risk of designation', where: 'mechanisms/buffer.ts' },
  { decision: 'the security partnership', by: ['russia'], rule: 'one decision-maker\'s share of partner: Iran\'s air defence follows it', where: 'mechanisms/buffer.ts' },
  { decision: 'mediation', by: ['gulf'], rule: 'the six states\' shares of mediate: tension relaxes faster; the regional track of a modular agenda advances', where: 'mechanisms/force.ts' },
  { decision: 'steps of the de-escalation ladder', by: ['us.president', 'iran.leader'], rule: 'a side whose turn it is takes its step when its principal\'s running support (engage, accept) decides; a step cannot be undone', where: 'mechanisms/interventions.ts' },
];
