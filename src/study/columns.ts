/**
 * The columns of the `runs` table beyond the run's identity, all derived from the model's
 * declaration as the study spec records it: one per varied parameter (named by its dotted path),
 * the outcome, one per declared scalar output (`out_<name>`), and with `metrics` the final state
 * (`final_<variable>`), the final action shares (`share_<population>_<action>`) and event counts
 * (`events_<kind>`).
 */
import type { ModelDescriptor } from '../engine/declaration.js';

/** A SQL-friendly column name: letters, digits and underscores. */
export const sqlName = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '');

export const outputColumn = (name: string): string => `out_${sqlName(name)}`;
export const finalColumns = (m: ModelDescriptor): string[] => m.state.map((v) => `final_${v.name}`);
export const shareColumns = (m: ModelDescriptor): string[] => m.populations.flatMap((p) => p.actions.map((x) => `share_${sqlName(p.name)}_${sqlName(x)}`));
export const meanShareColumns = (m: ModelDescriptor): string[] => m.populations.flatMap((p) => p.actions.map((x) => `mean_share_${sqlName(p.name)}_${sqlName(x)}`));
export const eventColumns = (m: ModelDescriptor): string[] => m.events.map((e) => `events_${sqlName(e.kind)}`);
export const metricColumns = (m: ModelDescriptor): string[] => [...finalColumns(m), ...shareColumns(m), ...meanShareColumns(m), ...eventColumns(m)];

/** A double-quoted SQL identifier. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** A single-quoted SQL string literal. */
export const literal = (s: string): string => `'${s.replaceAll("'", "''")}'`;
