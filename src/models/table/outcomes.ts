/**
 * The outcome classifier: subscribes to the mechanism events and labels a run by its first
 * decisive event:
 *   breakout   — enrichment reached weapons grade ('breakout' event), at that tick;
 *   escalation — tension reached the kinetic threshold ('kinetic-threshold'), at that tick;
 *   collapse   — a full deal was signed and reversed before it held for dealWindow ticks, at the reversal;
 *   deal       — a full deal held for dealWindow ticks, or still holds when the run ends; at its signing tick;
 *   stalemate  — none of these by the end; at the last tick.
 */
import type { ModelEvent, Outcome, OutcomeClassifier } from '../../engine/declaration.js';

export const OUTCOME_KINDS = ['deal', 'collapse', 'stalemate', 'escalation', 'breakout'] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number];

export function createClassifier(dealWindow: number): OutcomeClassifier {
  let label: Outcome | null = null;
  let signed = -1;
  return {
    onEvent(e: ModelEvent) {
      if (label) return;
      switch (e.kind) {
        case 'breakout': label = { kind: 'breakout', tick: e.tick }; break;
        case 'kinetic-threshold': label = { kind: 'escalation', tick: e.tick }; break;
        case 'deal-signed': signed = e.tick; break;
        case 'deal-reversed':
          if (signed >= 0 && e.detail?.status !== 1) { label = { kind: 'collapse', tick: e.tick }; }
          break;
        default: break;
      }
    },
    onTick(tick: number) {
      if (!label && signed >= 0 && tick - signed >= dealWindow) label = { kind: 'deal', tick: signed };
    },
    current: () => label,
    finish(ticks: number) {
      if (!label) label = signed >= 0 ? { kind: 'deal', tick: signed } : { kind: 'stalemate', tick: ticks - 1 };
      return label;
    },
  };
}
