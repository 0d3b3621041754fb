/**
 * The table model (version 1.0): the seed's fragmented bargaining table as a two-level,
 * multi-issue bargaining game whose outcomes emerge from decisions. Institutions at their real
 * sizes and mass populations (the US electorate, the Iranian public, proxy cells, China's
 * refiners) choose; institutional rules turn their choices into decisions; the table's geometry
 * (positions, salience, win-sets, concessions) turns decisions into offers, agreements and
 * stalemate. docs/ODD.md describes it in full, generated in part from these files.
 */
import type { ModelDeclaration, ModelRuntime } from '../../engine/declaration.js';
import { DEFAULT_START } from './calendar.js';
import { deliberate } from './decisions.js';
import { DRAWS, EVENTS } from './events.js';
import { CLAIMS } from './claims.js';
import { PIPELINE } from './mechanisms/index.js';
import { levels, breakoutWeeks } from './mechanisms/latency.js';
import { TableModel } from './model.js';
import { createClassifier, MEANS, newHistory, OUTCOMES, type History } from './outcomes.js';
import { PARAMS, type Params } from './params.js';
import { derive, PARTY, POPULATIONS } from './populations.js';
import { NS, PHASE, S, STATE } from './state.js';

export function initialState(p: Params): Float64Array {
  const s = new Float64Array(NS), i = p.initial, lv = levels(p);
  s[S.level] = i.level;
  s[S.enrichment] = lv[i.level]!;
  s[S.stockpile] = i.stockpile;
  s[S.breakoutWeeks] = breakoutWeeks(s[S.enrichment]!, i.stockpile, p);
  s[S.latency] = 1 - Math.min(1, s[S.breakoutWeeks]! / p.latency.breakoutMaxWeeks);
  s[S.access] = i.access;
  s[S.weaponBelief] = p.verification.priorWeapon;
  s[S.keepSeen] = p.credibility.priorKeep;
  s[S.reverseSeen] = p.credibility.priorReverse + i.reversalsSeen;
  s[S.commitBelief] = s[S.keepSeen]! / (s[S.keepSeen]! + s[S.reverseSeen]!);
  s[S.freezeSeen] = i.freezesSeen;
  s[S.coherentSeen] = p.signals.priorUnified;
  s[S.incoherentSeen] = p.signals.priorIncoherent;
  s[S.unifiedBelief] = p.signals.priorUnified / (p.signals.priorUnified + p.signals.priorIncoherent);
  s[S.enforcedSeen] = p.redLines.priorEnforced + i.enforcedSeen;
  s[S.movedSeen] = p.redLines.priorMoved;
  s[S.threatCredibility] = s[S.enforcedSeen]! / (s[S.enforcedSeen]! + s[S.movedSeen]!);
  s[S.sanctions] = p.economy.sanctions;
  s[S.adaptation] = i.adaptation;
  s[S.oilExports] = p.economy.oilBaseline * (1 - p.economy.oilLoss * p.economy.sanctions);
  s[S.stress] = 1 - s[S.oilExports]! / p.economy.oilBaseline;
  s[S.presidentParty] = PARTY[i.presidentParty];
  s[S.electedParty] = PARTY[i.presidentParty];
  s[S.termsHeld] = i.termsHeld;
  s[S.democraticVote] = p.electorate.demShare / (p.electorate.demShare + p.electorate.repShare);
  s[S.senateDemocrats] = i.senateDemocrats;
  s[S.houseDemocrats] = i.houseDemocrats;
  s[S.phase] = i.talks ? PHASE.talks : PHASE.none;
  s[S.dealAge] = -1;
  s[S.dealParty] = -1;
  s[S.tension] = i.tension;
  s[S.redLine] = p.redLines.level;
  return s;
}

const SCALARS = [
  { name: 'deal_weeks', type: 'INTEGER', unit: 'weeks', doc: 'weeks with a comprehensive deal in force' },
  { name: 'interim_weeks', type: 'INTEGER', unit: 'weeks', doc: 'weeks with an interim freeze in force' },
  { name: 'talks_weeks', type: 'INTEGER', unit: 'weeks', doc: 'weeks of talks without an agreement' },
  { name: 'kinetic_weeks', type: 'INTEGER', unit: 'weeks', doc: 'weeks of kinetic episodes' },
  { name: 'episodes', type: 'INTEGER', unit: 'episodes', doc: 'kinetic episodes begun' },
  { name: 'first_deal_week', type: 'INTEGER', unit: 'week', doc: 'week of the first comprehensive deal (NULL: none)' },
  { name: 'deal_age_end', type: 'INTEGER', unit: 'weeks', doc: 'age of the deal in force at the end (NULL: none): with deal_ended, the survival data' },
  { name: 'deal_ended', type: 'BOOLEAN', unit: 'flag', doc: 'the first deal ended (reversed or disapproved) before the run did' },
  { name: 'first_deal_duration', type: 'INTEGER', unit: 'weeks', doc: 'weeks the first deal lasted (to its end, or to the end of the run: censored) (NULL: none)' },
  { name: 'treaty', type: 'BOOLEAN', unit: 'flag', doc: 'a treaty was ratified' },
  { name: 'strikes', type: 'INTEGER', unit: 'strikes', doc: 'strikes' },
  { name: 'reversals', type: 'INTEGER', unit: 'reversals', doc: 'reversals of relief' },
  { name: 'red_line_moves', type: 'INTEGER', unit: 'moves', doc: 'red lines moved' },
  { name: 'protest_waves', type: 'INTEGER', unit: 'waves', doc: 'protest waves' },
  { name: 'peak_enrichment', type: 'DOUBLE', unit: '% U-235', doc: 'the highest enrichment reached' },
  { name: 'signed', type: 'BOOLEAN', unit: 'flag', doc: 'a comprehensive deal was signed (whatever became of it)' },
  { name: 'proxy_campaigns', type: 'INTEGER', unit: 'campaigns', doc: 'proxy campaigns of attacks begun (all three proxies)' },
  { name: 'enrichment_crossings', type: 'INTEGER', unit: 'crossings', doc: 'enrichment levels crossed upward' },
  { name: 'mean_access', type: 'DOUBLE', unit: 'access', doc: 'IAEA access, averaged over the run' },
  { name: 'mean_stress', type: 'DOUBLE', unit: 'stress', doc: 'economic stress in Iran, averaged over the run' },
  { name: 'mean_tension', type: 'DOUBLE', unit: 'tension', doc: 'tension, averaged over the run' },
  { name: 'mean_unifiedBelief', type: 'DOUBLE', unit: 'probability', doc: "Iran's belief that the US speaks with one voice, averaged over the run" },
  { name: 'mean_commitBelief', type: 'DOUBLE', unit: 'probability', doc: "Iran's belief that US commitments hold, averaged over the run" },
  { name: 'mean_threatCredibility', type: 'DOUBLE', unit: 'probability', doc: "Iran's belief that red lines are enforced, averaged over the run" },
  { name: 'mean_protest', type: 'DOUBLE', unit: 'share', doc: 'the share of the Iranian public protesting, averaged over the run' },
] as const;

export const table: ModelDeclaration = {
  name: 'table',
  title: 'The fragmented bargaining table: a two-level, multi-issue bargaining game',
  description: 'US–Iran nuclear diplomacy with institutions at their real sizes, mass populations (electorate, public, proxy cells, refiners), positions and win-sets over five issues, and the eleven mechanisms of the seed as causal paths.',
  version: '1.0',
  calendar: { unit: 'week', perTick: 1 },
  params: PARAMS,
  populations: POPULATIONS,
  state: STATE,
  events: EVENTS,
  draws: DRAWS,
  outputs: {
    outcomes: OUTCOMES,
    scalars: SCALARS,
    series: ['enrichment', 'tension', 'sanctions', 'relief', 'access', 'commitBelief', 'weaponBelief', 'protest', 'gap'],
    survival: [{ name: 'first deal', doc: 'weeks from the signing of the first comprehensive deal to its reversal or disapproval (censored at the end of the run)', duration: 'first_deal_duration', ended: 'deal_ended' }],
  },
  claims: CLAIMS,
  derive: (params) => derive(params as Params),
  create(run): ModelRuntime {
    const p = run.params as Params;
    const m = new TableModel(p, run.start ?? DEFAULT_START, run.ticks);
    let h: History = newHistory();
    return {
      initialState: () => initialState(p),
      rewards(s, t, out) {
        m.t = t;
        m.cur = s;
        if (!m.io) m.players.update(m);
        for (const mech of PIPELINE) mech.rewards?.(m, out);
      },
      update(io) {
        m.io = io;
        m.t = io.t;
        m.cur = io.n;
        deliberate(m);
        for (const mech of PIPELINE) mech.update?.(m);
      },
      createClassifier: () => { h = newHistory(); return createClassifier(h, p.outcomes.dealWindow); },
      outputs(_final, _events, ticks) {
        const c = (k: string) => h.counts.get(k) ?? 0;
        const first = h.first.get('deal-signed');
        const ended = Math.min(h.first.get('relief-reversed') ?? Infinity, h.first.get('ratification-failed') ?? Infinity);
        const endedAfter = first !== undefined && ended >= first && Number.isFinite(ended);
        return {
          deal_weeks: h.phaseWeeks[PHASE.deal]!, interim_weeks: h.phaseWeeks[PHASE.interim]!, talks_weeks: h.phaseWeeks[PHASE.talks]!,
          kinetic_weeks: h.kineticWeeks, episodes: c('kinetic-episode-started'),
          first_deal_week: first ?? null, deal_age_end: h.finalPhase === PHASE.deal ? h.finalDealAge : null,
          deal_ended: first === undefined ? null : endedAfter,
          first_deal_duration: first === undefined ? null : (endedAfter ? ended : ticks) - first,
          treaty: h.treaty, strikes: c('strike'), reversals: c('relief-reversed'), red_line_moves: c('red-line-moved'),
          protest_waves: c('protest-wave'), peak_enrichment: h.peakEnrichment,
          signed: first !== undefined, proxy_campaigns: c('proxy-attack'), enrichment_crossings: c('enrichment-crossed'),
          ...Object.fromEntries(MEANS.map((v, i) => [`mean_${v}`, h.ticks > 0 ? h.sums[i]! / h.ticks : null])),
        };
      },
    };
  },
};
