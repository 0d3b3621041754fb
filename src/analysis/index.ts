/**
 * fractable's analysis library: Sobol' sequences, Saltelli/Sobol' and Morris sensitivity
 * analysis (laid out and computed as SALib does), PRIM scenario discovery (as the EMA
 * Workbench does) and the statistics they rest on. Every random draw comes from the counter
 * RNG on `Stream.analysis`, so results are a pure function of the inputs and the seed.
 */
export {
  sobolSequence,
  sobolDirections,
  owenScramble,
  SOBOL_MAX_DIMENSION,
  type SobolScramble,
  type SobolSequenceOptions,
} from './sobol-sequence.js';
export {
  sampleSobol,
  analyzeSobol,
  problemDimension,
  scaleRow,
  type Problem,
  type SampleSobolOptions,
  type AnalyzeSobolOptions,
  type SobolIndices,
} from './sobol.js';
export {
  sampleMorris,
  analyzeMorris,
  elementaryEffects,
  morrisDelta,
  type SampleMorrisOptions,
  type AnalyzeMorrisOptions,
  type MorrisIndices,
} from './morris.js';
export { prim, primQuantile, type PrimOptions, type PrimStep, type PrimBox, type PrimResult } from './prim.js';
export {
  wilson,
  normalQuantile,
  normalCdf,
  normalSf,
  zForConfidence,
  twoProportionZTest,
  binomialTest,
  binomialPmf,
  logGamma,
  quantile,
  mean,
  variance,
  std,
  bootstrapCI,
  type ProportionInterval,
  type ZTestResult,
  type Alternative,
  type BootstrapOptions,
  type BootstrapInterval,
} from './stats.js';
