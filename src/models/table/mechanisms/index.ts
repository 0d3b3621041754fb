/** The eleven mechanisms of the seed, in the order the world update runs them. */
import { buffer } from './buffer.js';
import { costFunction } from './cost-function.js';
import { sunkCost } from './sunk-cost.js';
import { credibility } from './credibility.js';
import { signals } from './signals.js';
import { monitoring } from './monitoring.js';
import { verification } from './verification.js';
import { latency } from './latency.js';
import { redLines } from './red-lines.js';
import { proxies } from './proxies.js';
import { interventions } from './interventions.js';
import type { Mechanism } from '../mechanism.js';

export const MECHANISMS: readonly Mechanism[] = [
  buffer, costFunction, sunkCost, credibility, signals, monitoring, verification, latency, redLines, proxies, interventions,
];

export { buffer, costFunction, sunkCost, credibility, signals, monitoring, verification, latency, redLines, proxies, interventions };
