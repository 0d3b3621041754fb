/**
 * fractable's analysis library: Sobol' sequences, Saltelli/Sobol' and Morris sensitivity
 * analysis (laid out and computed as SALib does), PRIM scenario discovery (as the EMA
 * Workbench does), ABC calibration (rejection and ABC-SMC as deterministic steps), survival
 * analysis (Kaplan–Meier, log-rank, RMST, as R's `survival`), proper scores for binary
 * forecasts, and the statistics they rest on. Every random draw comes from the counter RNG on
 * `Stream.analysis`, so results are a pure function of the inputs and the seed.
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
  unitToLevel,
  categoriesOf,
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
export {
  regularizedGammaP,
  regularizedGammaQ,
  chiSquareSf,
  regularizedBeta,
  betaPdf,
  betaQuantile,
  logBeta,
} from './special.js';
export {
  weightedMean,
  weightedVariance,
  weightedQuantile,
  weightedMeanVector,
  weightedCovariance,
  effectiveSampleSize,
  column,
} from './weighted.js';
export {
  checkPriors,
  priorSupport,
  priorLogDensity,
  priorDensity,
  priorCdf,
  priorQuantile,
  jointLogDensity,
  openUnit,
  type Prior,
  type PriorDist,
} from './priors.js';
export {
  proposalStream,
  smcKernel,
  smcPropose,
  smcAccept,
  smcWeights,
  smcPopulation,
  nextTolerance,
  smcStop,
  abcSmc,
  abcRejection,
  acceptBest,
  posteriorSummary,
  priorShare,
  type AbcProblem,
  type AbcPopulation,
  type SmcKernel,
  type Acceptance,
  type StopReason,
  type SmcStopRule,
  type Simulate,
  type AbcSmcOptions,
  type AbcSmcResult,
  type AbcRejectionOptions,
  type ParameterSummary,
} from './abc.js';
export {
  kaplanMeier,
  survivalInterval,
  survivalAt,
  numberAtRisk,
  survivalQuantile,
  medianSurvival,
  restrictedMean,
  logRankTest,
  type ConfType,
  type KaplanMeierOptions,
  type KaplanMeier,
  type SurvivalQuantile,
  type RestrictedMean,
  type LogRankResult,
} from './survival.js';
export {
  brierScore,
  brierSkillScore,
  logScore,
  brierDecomposition,
  type BrierBin,
  type BrierDecomposition,
} from './scores.js';
export { mannWhitney, chiSquareHomogeneity, type MannWhitneyResult, type ChiSquareResult } from './tests.js';
