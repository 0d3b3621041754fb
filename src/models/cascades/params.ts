/**
 * The parameter table of the `cascades` model and its population's default settings: every
 * number of the model, with its range, unit and source (the model's code holds none but 0, 1 and ½).
 */
import { num, type ParamsOf } from '../../engine/params.js';

export const CASCADES_PARAMS = {
  drive: {
    push: num(0, -1, 1, 'share of neighbours', 'an exogenous push added to every agent\'s active share (a grievance, a shock)', {
      source: 'assumption: none in the canonical models (Granovetter 1978; Watts 2002)',
    }),
  },
  outcome: {
    global: num(0.1, 0, 1, 'share', 'final active share at or above which a cascade is global', {
      source: 'Watts (2002): global cascades occupy a finite fraction of the network; finite networks show a bimodal size distribution, split by any cut between its modes',
    }),
  },
} as const;
export type CascadesParams = ParamsOf<typeof CASCADES_PARAMS>;

/** The population's defaults (a scenario may replace them): Watts's (2002) canonical case. */
export const SETTINGS = {
  /** homogeneous thresholds φ = 0.18 (Watts 2002, Fig. 1) */
  threshold: 0.18,
  /** Erdős–Rényi mean degree z = 4: inside Watts's cascade window for φ = 0.18 */
  meanDegree: 4,
} as const;
