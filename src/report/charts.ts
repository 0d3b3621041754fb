/**
 * The report's charts: Vega-Lite specifications, compiled to Vega and rendered to SVG strings
 * in Node through Vega's headless view (no canvas, no DOM, no scripts in the page). Data are
 * inlined in each specification; nothing is loaded. Vega escapes every text it writes into
 * the SVG (labels, titles, ARIA descriptions), so data strings cannot inject markup.
 */
import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/** Colours of the table model's outcomes, the same in every chart (other labels get the palette below, in declared order). */
export const OUTCOME_COLORS: Record<string, string> = {
  deal: '#2e7d32', 'deal-censored': '#81c784', interim: '#00897b', collapse: '#ef6c00', stalemate: '#78909c', kinetic: '#c62828', breakout: '#6a1b9a',
};
/** Colours of undeclared labels (Tableau 10), by position among the model's outcomes. */
const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Shared look: a light theme, readable labels, no chart border. */
export const CONFIG = {
  font: FONT,
  background: '#ffffff',
  view: { stroke: '#e0e0e0' },
  axis: { labelFontSize: 11, titleFontSize: 11, labelLimit: 400, gridColor: '#eeeeee', domainColor: '#9e9e9e', tickColor: '#9e9e9e' },
  header: { labelFontSize: 12, titleFontSize: 12, labelLimit: 300 },
  legend: { labelFontSize: 11, titleFontSize: 11, labelLimit: 260 },
  title: { fontSize: 13, anchor: 'start' as const, offset: 8 },
};

type Level = number;
/** A Vega/Vega-Lite logger that keeps warnings and errors instead of printing them. */
function collectingLogger(sink: string[]) {
  let lvl: Level = vega.Warn;
  const logger = {
    level(l?: Level) { if (l === undefined) return lvl; lvl = l; return logger; },
    error(...a: unknown[]) { sink.push(`error: ${a.map(String).join(' ')}`); return logger; },
    warn(...a: unknown[]) { if (lvl >= vega.Warn) sink.push(`warn: ${a.map(String).join(' ')}`); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

export interface RenderedChart {
  svg: string;
  /** warnings and errors of Vega-Lite and Vega while compiling and rendering */
  warnings: string[];
}

/** Compiles a Vega-Lite specification and renders it to an SVG string. */
export async function renderChart(spec: TopLevelSpec): Promise<RenderedChart> {
  const warnings: string[] = [];
  const logger = collectingLogger(warnings);
  const full = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const compiled = vl.compile(full, { logger: logger as never }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: logger as never, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    return { svg, warnings };
  } finally {
    view.finalize();
  }
}

// ---------------------------------------------------------------------------------------
// Specifications

/** Facet columns for n panels: all in one row up to 4, else 3 or 4, whichever leaves fewer empty cells (4 on a tie). */
export function facetColumns(n: number): number {
  if (n <= 4) return Math.max(1, n);
  const empty = (c: number) => (c - (n % c)) % c;
  return empty(3) < empty(4) ? 3 : 4;
}

export interface ShareDatum { scenario: string; outcome: string; p: number; lo: number; hi: number; k: number; n: number }

/** Outcome shares per scenario: grouped horizontal bars with 95% Wilson interval whiskers. */
export function outcomeSharesSpec(data: ShareDatum[], scenarios: string[], outcomes: readonly string[]): TopLevelSpec {
  const y = { field: 'scenario', type: 'nominal' as const, sort: scenarios, title: null };
  const color = { field: 'outcome', type: 'nominal' as const, sort: [...outcomes], scale: { domain: [...outcomes], range: outcomeColors(outcomes) }, title: 'outcome' };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 520,
    height: { step: 12 },
    data: { values: data },
    encoding: { y, yOffset: { field: 'outcome', type: 'nominal', sort: [...outcomes] } },
    layer: [
      { mark: { type: 'bar' }, encoding: { x: { field: 'p', type: 'quantitative', title: 'outcome share (share of runs, 95% Wilson interval)', axis: { format: '.0%' }, scale: { domain: [0, 1] } }, color } },
      { mark: { type: 'rule', color: '#212121', strokeWidth: 1 }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
    ],
  } as TopLevelSpec;
}

export interface FanDatum { scenario: string; tick: number; q10: number; q50: number; q90: number }

/** The common head of a faceted chart: one panel per value of `field`, in `order`. */
function faceted(data: object[], field: string, order: string[]) {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values: data },
    facet: { field, type: 'nominal' as const, sort: order, title: null },
    columns: facetColumns(order.length),
  };
}

/** Axis titles of a time-series chart (with units). */
export interface FanAxes { x: string; y: string }

/** A fan chart of one state variable: median line and 10–90% band, one panel per scenario. */
export function fanSpec(variable: string, data: FanDatum[], scenarios: string[], axes: FanAxes): TopLevelSpec {
  const x = { field: 'tick', type: 'quantitative' as const, title: axes.x };
  return {
    ...faceted(data, 'scenario', scenarios),
    title: variable,
    spec: {
      width: 220,
      height: 130,
      layer: [
        { mark: { type: 'area', opacity: 0.25, color: '#1565c0' }, encoding: { x, y: { field: 'q10', type: 'quantitative', title: axes.y, scale: { zero: false } }, y2: { field: 'q90' } } },
        { mark: { type: 'line', color: '#0d47a1', strokeWidth: 1.5 }, encoding: { x, y: { field: 'q50', type: 'quantitative' } } },
      ],
    },
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}

/** The colour of each outcome label: its own colour, else the palette by its position among the model's labels. */
export function outcomeColors(labels: readonly string[]): string[] {
  return labels.map((o, i) => OUTCOME_COLORS[o] ?? PALETTE[i % PALETTE.length]!);
}

export interface OutcomeFanDatum extends FanDatum {
  outcome: string;
  /** runs of this scenario with this outcome (and series) */
  n: number;
  /** the first kept tick of this scenario and outcome: the row that carries its "label: n = …" note */
  first: boolean;
  /** position of the outcome among the labels of its scenario (the note's line) */
  rank: number;
}

/**
 * A fan chart split by outcome: per scenario panel, one median line and 10–90% band per
 * outcome label (coloured by label), and right of each panel the number of runs of each label,
 * so that groups of runs that end differently are not pooled into one fan.
 */
export function fanByOutcomeSpec(variable: string, data: OutcomeFanDatum[], scenarios: string[], labels: readonly string[], allLabels: readonly string[], axes: FanAxes): TopLevelSpec {
  const x = { field: 'tick', type: 'quantitative' as const, title: axes.x };
  const colors = outcomeColors(allLabels);
  const color = { field: 'outcome', type: 'nominal' as const, sort: [...labels], scale: { domain: [...labels], range: labels.map((l) => colors[allLabels.indexOf(l)] ?? PALETTE[0]!) }, title: 'outcome', legend: { symbolOpacity: 1 } };
  const width = 220;
  return {
    ...faceted(data, 'scenario', scenarios),
    columns: Math.min(3, facetColumns(scenarios.length)),
    spacing: 130,
    title: `${variable} by outcome`,
    spec: {
      width,
      height: 130,
      layer: [
        { mark: { type: 'area', opacity: 0.15 }, encoding: { x, y: { field: 'q10', type: 'quantitative', title: axes.y, scale: { zero: false } }, y2: { field: 'q90' }, color, detail: { field: 'outcome' } } },
        { mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: 'q50', type: 'quantitative' }, color } },
        // the runs of each label, in pixels right of the panel (one line per label)
        {
          transform: [{ filter: 'datum.first' }, { calculate: "datum.outcome + ': n = ' + datum.n", as: 'nLabel' }, { calculate: '8 + 13 * datum.rank', as: 'nY' }],
          mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 10 },
          encoding: { x: { value: width + 8 }, y: { field: 'nY', type: 'quantitative', scale: null }, text: { field: 'nLabel' }, color },
        },
      ],
    },
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}

export interface OutcomeBinDatum {
  scenario: string;
  outcome: string;
  /** the bin's centre (a range factor) or its value's code (a discrete factor) */
  x: number;
  /** the bin as text: "[0.05, 0.16)" or the value */
  bin: string;
  p: number; lo: number; hi: number; k: number; n: number;
}

/**
 * Outcome share against one design parameter: per bin of the parameter, the share of the
 * bin's finished runs that ended in each outcome with its 95% Wilson interval; one panel per
 * scenario. A discrete factor (grid levels, listed values) has one bin per value, on an
 * ordinal axis in the values' order.
 */
export function outcomeByParamSpec(parameter: string, data: OutcomeBinDatum[], scenarios: string[], labels: readonly string[], allLabels: readonly string[], o: { xTitle: string; discrete: boolean; bins: string[]; domain: [number, number] }): TopLevelSpec {
  const colors = outcomeColors(allLabels);
  const color = { field: 'outcome', type: 'nominal' as const, sort: [...labels], scale: { domain: [...labels], range: labels.map((l) => colors[allLabels.indexOf(l)] ?? PALETTE[0]!) }, title: 'outcome', legend: { symbolOpacity: 1 } };
  const x = o.discrete
    ? { field: 'bin', type: 'ordinal' as const, sort: o.bins, title: o.xTitle, axis: { labelAngle: 0 } }
    : { field: 'x', type: 'quantitative' as const, title: o.xTitle, scale: { domain: o.domain, nice: false } };
  const y = { field: 'p', type: 'quantitative' as const, title: 'outcome share (share of runs)', axis: { format: '.0%' }, scale: { domain: [0, 1] } };
  return {
    ...faceted(data, 'scenario', scenarios),
    title: parameter,
    columns: Math.min(3, facetColumns(scenarios.length)),
    spacing: 70,
    spec: {
      width: 220,
      height: 170,
      layer: [
        { mark: { type: 'rule', opacity: 0.6 }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, ...(o.discrete ? { xOffset: { field: 'outcome', sort: [...labels] } } : {}) } },
        o.discrete
          ? { mark: { type: 'point', filled: true, size: 30 }, encoding: { x, y, color, xOffset: { field: 'outcome', sort: [...labels] } } }
          : { mark: { type: 'line', strokeWidth: 1.2, point: { filled: true, size: 25 } }, encoding: { x, y, color } },
      ],
    },
  } as TopLevelSpec;
}

export interface SobolDatum { output: string; parameter: string; index: string; value: number; lo: number; hi: number }

/** Sobol' S1 and ST per parameter with bootstrap whiskers, one panel per output. */
export function sobolSpec(data: SobolDatum[], parameters: string[], outputs: string[], domain: [number, number] = [0, 1]): TopLevelSpec {
  const y = { field: 'parameter', type: 'nominal' as const, sort: parameters, title: null };
  return {
    ...faceted(data, 'output', outputs),
    spec: {
      width: 220,
      height: { step: 14 },
      encoding: { y, yOffset: { field: 'index', type: 'nominal', sort: ['S1', 'ST'] } },
      layer: [
        { mark: 'bar', encoding: { x: { field: 'value', type: 'quantitative', title: "Sobol' index (share of output variance)", scale: { domain } }, color: { field: 'index', type: 'nominal', sort: ['S1', 'ST'], scale: { domain: ['S1', 'ST'], range: ['#1e88e5', '#ffb300'] }, title: 'index' } } },
        { mark: { type: 'rule', color: '#212121' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      ],
    },
  } as TopLevelSpec;
}

export interface MorrisDatum { output: string; parameter: string; mu_star: number; sigma: number; lo: number; hi: number }

/** Morris mu*–sigma plane, one panel per output (independent scales: outputs have different units). */
export function morrisSpec(data: MorrisDatum[], parameters: string[], outputs: string[]): TopLevelSpec {
  const x = { field: 'mu_star', type: 'quantitative' as const, title: 'mu* (output unit per parameter range)', scale: { zero: true } };
  const y = { field: 'sigma', type: 'quantitative' as const, title: 'sigma (output unit per parameter range)', scale: { zero: true } };
  return {
    ...faceted(data, 'output', outputs),
    spec: {
      width: 220,
      height: 180,
      layer: [
        { mark: { type: 'rule', color: '#9e9e9e' }, encoding: { x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, y } },
        { mark: { type: 'point', filled: true, size: 60 }, encoding: { x, y, color: { field: 'parameter', type: 'nominal', sort: parameters, title: 'parameter' } } },
        { mark: { type: 'text', align: 'left', dx: 6, dy: -6, fontSize: 10 }, encoding: { x, y, text: { field: 'parameter' } } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } as TopLevelSpec;
}

export interface PrimStepDatum { step: number; coverage: number; density: number; mass: number; restricted: number; chosen: boolean }

/** PRIM's coverage–density trade-off along the trajectory, the chosen box ringed. */
export function primTradeoffSpec(title: string, data: PrimStepDatum[]): TopLevelSpec {
  const x = { field: 'coverage', type: 'quantitative' as const, title: 'coverage (share of cases of interest)', scale: { domain: [0, 1] } };
  const y = { field: 'density', type: 'quantitative' as const, title: 'density (share of the box\'s points)', scale: { domain: [0, 1] } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 300,
    height: 220,
    data: { values: data },
    layer: [
      { mark: { type: 'line', color: '#bdbdbd' }, encoding: { x, y, order: { field: 'step' } } },
      { mark: { type: 'point', filled: true, size: 50 }, encoding: { x, y, color: { field: 'restricted', type: 'ordinal', title: 'restricted dims', scale: { scheme: 'viridis' } } } },
      { transform: [{ filter: 'datum.chosen' }], mark: { type: 'point', size: 260, strokeWidth: 2, color: '#c62828' }, encoding: { x, y } },
    ],
  } as TopLevelSpec;
}

export interface PrimLimitDatum { parameter: string; lower: number; upper: number; restricted: boolean }

/** The chosen box: each parameter's range in the box, as a share of its design range. */
export function primBoxSpec(title: string, data: PrimLimitDatum[], parameters: string[]): TopLevelSpec {
  const y = { field: 'parameter', type: 'nominal' as const, sort: parameters, title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title,
    width: 300,
    height: { step: 22 },
    data: { values: data },
    layer: [
      { mark: { type: 'bar', color: '#eeeeee' }, encoding: { y, x: { datum: 0, type: 'quantitative' }, x2: { datum: 1 } } },
      {
        mark: { type: 'bar' },
        encoding: {
          y,
          x: { field: 'lower', type: 'quantitative', title: 'position within the design bounds (share of range: 0 = lower, 1 = upper)', scale: { domain: [0, 1] } },
          x2: { field: 'upper' },
          color: { field: 'restricted', type: 'nominal', scale: { domain: [true, false], range: ['#c62828', '#90a4ae'] }, title: 'restricted' },
        },
      },
    ],
  } as TopLevelSpec;
}

export interface PosteriorBinDatum { parameter: string; lo: number; hi: number; weight: number }

/**
 * The posterior's weighted marginal of each parameter: the accepted particles' weights summed in
 * equal bins over the prior's range (the particles' range where the prior is unbounded), one
 * panel per parameter with its own x scale.
 */
export function posteriorMarginalSpec(data: PosteriorBinDatum[], parameters: string[]): TopLevelSpec {
  return {
    ...faceted(data, 'parameter', parameters),
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 220,
      height: 120,
      mark: { type: 'bar', color: '#5c6bc0' },
      encoding: {
        x: { field: 'lo', type: 'quantitative', title: 'parameter value (prior range)', scale: { zero: false } },
        x2: { field: 'hi' },
        y: { field: 'weight', type: 'quantitative', title: 'posterior weight' },
        y2: { datum: 0 },
      },
    },
  } as TopLevelSpec;
}

export interface PosteriorPairDatum { pair: string; x: number; y: number; weight: number }

/** Every pair of parameters: the accepted particles as points sized by their weights (x: the first of the pair). */
export function posteriorPairsSpec(data: PosteriorPairDatum[], pairs: string[]): TopLevelSpec {
  const base = faceted(data, 'pair', pairs);
  return {
    ...base,
    facet: { ...base.facet, header: { labelLimit: 0, labelFontSize: 10 } },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    spec: {
      width: 200,
      height: 160,
      mark: { type: 'circle', opacity: 0.6, color: '#5c6bc0' },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'first parameter', scale: { zero: false } },
        y: { field: 'y', type: 'quantitative', title: 'second parameter', scale: { zero: false } },
        size: { field: 'weight', type: 'quantitative', title: 'weight', scale: { zero: true } },
      },
    },
  } as TopLevelSpec;
}
