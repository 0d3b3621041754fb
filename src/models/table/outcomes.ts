/**
 * Outcomes: the event history is the primary output; the run's label summarises it, honestly.
 *
 *   breakout       enrichment reached weapons grade (at that tick)
 *   deal           a comprehensive deal is in force at the end and has held at least
 *                  outcomes.dealWindow weeks (at its signing)
 *   deal-censored  a deal is in force at the end but younger than the window: right-censored
 *                  (at its signing)
 *   interim        an interim freeze is in force at the end and no comprehensive deal (at its signing)
 *   collapse       a deal was signed and ended (reversed or disapproved); none is in force at the end
 *                  (at its last ending)
 *   kinetic        at least one kinetic episode, and none of the above (at the first episode);
 *                  an episode can end in a ceasefire: it is not an absorbing state
 *   stalemate      none of these (at the last tick)
 *
 * The scalar outputs count the history: weeks in each phase, episodes and their weeks, strikes,
 * reversals, red-line moves, protest waves, the peak enrichment, whether a treaty was ratified.
 */
import type { ModelEvent, Outcome, OutcomeClassifier } from '../../engine/declaration.js';
import { PHASE, S } from './state.js';

export const OUTCOMES = [
  { name: 'deal', doc: 'a comprehensive deal in force at the end that has held for the window' },
  { name: 'deal-censored', doc: 'a deal in force at the end, younger than the window (right-censored)' },
  { name: 'interim', doc: 'an interim freeze in force at the end, no comprehensive deal' },
  { name: 'collapse', doc: 'a deal was signed and ended; none in force at the end' },
  { name: 'kinetic', doc: 'at least one kinetic episode, and none of the above' },
  { name: 'stalemate', doc: 'none of these' },
  { name: 'breakout', doc: 'enrichment reached weapons grade' },
] as const;

export interface History {
  phaseWeeks: number[];
  kineticWeeks: number;
  peakEnrichment: number;
  finalPhase: number;
  finalDealAge: number;
  counts: Map<string, number>;
  first: Map<string, number>;
  last: Map<string, number>;
  treaty: boolean;
  /** sums over ticks of the state variables whose run means are outputs (MEANS order) */
  sums: number[];
  ticks: number;
}

/** State variables whose mean over the run is a scalar output (mean_<name>). */
export const MEANS = ['access', 'stress', 'tension', 'unifiedBelief', 'commitBelief', 'threatCredibility', 'protest'] as const;

export function newHistory(): History {
  return { phaseWeeks: [0, 0, 0, 0], kineticWeeks: 0, peakEnrichment: 0, finalPhase: 0, finalDealAge: -1, counts: new Map(), first: new Map(), last: new Map(), treaty: false, sums: MEANS.map(() => 0), ticks: 0 };
}

export function createClassifier(h: History, window: number): OutcomeClassifier {
  let breakout: Outcome | null = null;
  return {
    onTick(_tick, s) {
      h.phaseWeeks[s[S.phase]!] = (h.phaseWeeks[s[S.phase]!] ?? 0) + 1;
      if (s[S.kinetic] === 1) h.kineticWeeks++;
      h.peakEnrichment = Math.max(h.peakEnrichment, s[S.enrichment]!);
      h.finalPhase = s[S.phase]!;
      h.finalDealAge = s[S.dealAge]!;
      for (let i = 0; i < MEANS.length; i++) h.sums[i] = h.sums[i]! + s[S[MEANS[i]!]!]!;
      h.ticks++;
    },
    onEvent(e: ModelEvent) {
      h.counts.set(e.kind, (h.counts.get(e.kind) ?? 0) + 1);
      if (!h.first.has(e.kind)) h.first.set(e.kind, e.tick);
      h.last.set(e.kind, e.tick);
      if (e.kind === 'deal-signed' && e.detail?.form === 'treaty') h.treaty = true;
      if (e.kind === 'breakout' && !breakout) breakout = { kind: 'breakout', tick: e.tick };
    },
    current: () => breakout,
    finish(ticks: number): Outcome {
      if (breakout) return breakout;
      const signedAt = h.last.get('deal-signed') ?? -1;
      if (h.finalPhase === PHASE.deal) return { kind: h.finalDealAge >= window ? 'deal' : 'deal-censored', tick: signedAt };
      if (h.finalPhase === PHASE.interim) return { kind: 'interim', tick: h.last.get('interim-signed') ?? ticks - 1 };
      const ended = Math.max(h.last.get('relief-reversed') ?? -1, h.last.get('ratification-failed') ?? -1);
      if (signedAt >= 0) return { kind: 'collapse', tick: ended >= 0 ? ended : signedAt };
      if (h.first.has('kinetic-episode-started')) return { kind: 'kinetic', tick: h.first.get('kinetic-episode-started')! };
      return { kind: 'stalemate', tick: ticks - 1 };
    },
  };
}
