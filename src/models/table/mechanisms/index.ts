/**
 * The world update, in order (bitECS's pipe: one explicit list): the bodies' running supports
 * (decisions.ts), then the mechanisms. Each reads the state at the start of the tick (`s`) and what
 * earlier ones wrote (`n`). The eleven mechanisms of the seed are marked with their number.
 */
import type { Mechanism } from '../model.js';
import { buffer } from './buffer.js';
import { costFunction } from './cost-function.js';
import { credibility } from './credibility.js';
import { elections } from './elections.js';
import { force } from './force.js';
import { inspections } from './inspections.js';
import { interventions } from './interventions.js';
import { latency } from './latency.js';
import { proxies } from './proxies.js';
import { redLines } from './red-lines.js';
import { signals } from './signals.js';
import { sunkCost } from './sunk-cost.js';
import { table } from './table.js';
import { verification } from './verification.js';

/** The update order. */
export const PIPELINE: readonly Mechanism[] = [
  elections, buffer, sunkCost, signals, verification, inspections, latency, proxies, force, redLines, costFunction, credibility, interventions, table,
];

/** The seed's eleven mechanisms, by number. */
export const SEED_MECHANISMS: readonly Mechanism[] = [
  credibility, sunkCost, proxies, signals, latency, redLines, inspections, costFunction, buffer, verification, interventions,
];

export { buffer, costFunction, credibility, elections, force, inspections, interventions, latency, proxies, redLines, signals, sunkCost, table, verification };
