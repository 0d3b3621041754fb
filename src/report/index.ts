/**
 * The study report: one self-contained HTML file (inline CSS and inline SVG charts, no
 * scripts, no external resources) of a results store: the study's spec; outcome shares per
 * scenario with 95% Wilson intervals, and each scenario's description and claim with its
 * results; fan charts of the recorded time series, pooled and split by outcome; outcome share
 * against each parameter of an lhs, random or grid design; the sensitivity indices of
 * `fractable analyze`; the PRIM boxes of `fractable discover`; warnings where a box or an index
 * rests on too small a sample; a footer with the store, the versions, the model and the spec
 * hash. Units on the axes come from the model's declaration recorded in the study spec. A study
 * with levers is shown per scenario and policy: every chart and table that is per scenario is
 * per "scenario · policy" group, and the study section lists each policy's settings.
 *
 * Charts are Vega-Lite specifications rendered to SVG in Node (src/report/charts.ts). Every
 * string from the user (study, scenario and parameter names, descriptions, error messages)
 * is escaped. The file is written atomically (a temporary file renamed into place), and the
 * same store gives the same file byte for byte.
 */
import { basename, resolve } from 'node:path';
import type { ModelDescriptor } from '../engine/declaration.js';
import { version as fractableVersion } from '../paths.js';
import { readDiscoveries, readSensitivity, outputLabel, type SensitivityRow, type StoredPrimLimit, type StoredPrimStep } from '../study/analysis.js';
import { writeAtomic } from '../files.js';
import { openDuckDB, tableNames } from '../study/store.js';
import { descriptorOf, policiesOf, specOutputs } from '../study/spec.js';
import { formatShare, summarize, type StudySummary } from '../study/summary.js';
import { wilson } from '../analysis/index.js';
import { readValidation, type ValidationData } from '../study/calibrate.js';
import {
  fanByOutcomeSpec, fanSpec, morrisSpec, outcomeByParamSpec, outcomeSharesSpec, posteriorMarginalSpec, posteriorPairsSpec, primBoxSpec, primTradeoffSpec, renderChart, sobolSpec,
  type MorrisDatum, type PosteriorBinDatum, type PosteriorPairDatum, type PrimLimitDatum, type PrimStepDatum, type ShareDatum, type SobolDatum,
} from './charts.js';
import { fanVariables, groupLabel, MAX_DISCRETE, rangeBins, readFans, readOutcomeBins, type FanData, type ParamBins } from './data.js';
import { esc, figure, htmlTable, page, slug, type Cell } from './html.js';
import { outputUnit, paramUnit, tickTitle, withUnit } from './units.js';


export interface ReportData {
  file: string;
  summary: StudySummary;
  spec: Record<string, unknown>;
  /** the model's declaration as the study spec records it */
  model: ModelDescriptor;
  /** recorded series variables (null when the study recorded no series) */
  seriesVariables: string[] | null;
  seriesEvery: number | null;
  /** the fans shown (pooled and split by outcome), in the order shown */
  fans: FanData[];
  /** outcome shares per bin of each design parameter (lhs, random and grid designs; null otherwise) */
  outcomeBins: ParamBins[] | null;
  sensitivity: SensitivityRow[];
  prim: { trajectory: StoredPrimStep[]; boxes: StoredPrimLimit[] };
  /** the calibration of a `fractable calibrate` store (null otherwise) */
  validation: ValidationData | null;
}

export interface ReportOptions {
  /** the series variables to draw fans of (default: every recorded one, grouped by unit) */
  fans?: string[];
}

/** Design methods whose points spread over the parameter space, so that outcome shares per parameter bin are meaningful. */
export const BINNED_DESIGNS = ['lhs', 'random', 'grid'];

/** Reads everything the report shows from a store (read-only). */
export async function loadReportData(dbPath: string, o: ReportOptions = {}): Promise<ReportData> {
  const summary = await summarize(dbPath, { maxFailures: 50 });
  const { instance, conn } = await openDuckDB(dbPath, true);
  try {
    const spec = JSON.parse(String((await conn.runAndReadAll('SELECT spec FROM study')).getRows()[0]![0])) as Record<string, unknown>;
    const tables = await tableNames(conn);
    const rec = spec.record as { series?: { every: number; variables: string[] } | null } | undefined;
    const seriesVariables = tables.includes('series') && rec?.series ? rec.series.variables : null;
    const model = descriptorOf(spec, dbPath);
    const withPolicy = summary.policies !== null;
    const fans = await readFans(conn, model, fanVariables(model, seriesVariables, o.fans), withPolicy);
    const design = (spec.design as SpecDesign | null | undefined) ?? null;
    let outcomeBins: ParamBins[] | null = null;
    if (design && BINNED_DESIGNS.includes(design.method) && design.parameters.length) {
      const labels = model.outputs.outcomes.map((x) => x.name);
      const valueName = (p: string, code: number): string => {
        const f = design.parameters.find((x) => x.name === p);
        const d = (model.params as Array<{ path: string; kind: string; values?: string[] }>).find((x) => x.path === p);
        if (f?.values && d?.kind === 'boolean') return code !== 0 ? 'true' : 'false';
        if (f?.values && d?.kind === 'enum') return d.values?.[Math.round(code)] ?? String(code);
        return fval(code);
      };
      outcomeBins = await readOutcomeBins(conn, labels, design, summary.study.design_points, valueName, withPolicy);
    }
    const sensitivity = (await readSensitivity(conn)).filter((r) => r.study === summary.study.name);
    const prim = await readDiscoveries(conn);
    const validation = await readValidation(conn, tables);
    return {
      file: dbPath, summary, spec, model, seriesVariables, seriesEvery: rec?.series?.every ?? null, fans, outcomeBins, sensitivity, validation,
      prim: { trajectory: prim.trajectory.filter((r) => r.study === summary.study.name), boxes: prim.boxes.filter((r) => r.study === summary.study.name) },
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

export interface Report {
  html: string;
  /** number of charts in the page */
  charts: number;
  /** warnings of Vega-Lite/Vega while rendering (empty when all went well) */
  warnings: string[];
}

const fnum = (v: number | null | undefined, d = 3): string => (v == null || !Number.isFinite(v) ? '—' : Math.abs(v) < 1000 ? v.toFixed(d) : v.toExponential(1));
const fval = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : Number(v.toPrecision(4)).toString());

interface SpecScenario { name: string; agents: number; ticks: number }
interface SpecDesign { method: string; samples: number; levels?: number; secondOrder?: boolean; parameters: { name: string; bounds: [number, number]; values?: unknown[] }[] }

/** Builds the report's HTML from a store's data. */
export async function buildReport(d: ReportData): Promise<Report> {
  const warnings: string[] = [];
  let charts = 0;
  const chart = async (id: string, spec: Parameters<typeof renderChart>[0], caption: string) => {
    const r = await renderChart(spec);
    warnings.push(...r.warnings.map((w) => `${id}: ${w}`));
    charts++;
    return figure(id, r.svg, caption);
  };
  const s = d.summary;
  const st = s.study;
  const spec = d.spec;
  const scenarios = st.scenarios;
  // the groups every per-scenario chart and table shows: each scenario, and with levers each of its policies
  const policies = policiesOf(spec);
  const groups = st.scenarios.flatMap((scenario) => (policies ? policies.map((p) => ({ scenario, policy: p.name as string | null })) : [{ scenario, policy: null }]));
  const groupNames = groups.map((g) => groupLabel(g.scenario, g.policy));
  const groupWord = policies ? 'scenario and policy' : 'scenario';
  const design = (spec.design as SpecDesign | null | undefined) ?? null;
  const sections: string[] = [];
  const nav: [string, string][] = [];

  // --- the study
  {
    const specScenarios = (spec.scenarios as SpecScenario[] | undefined) ?? [];
    const rec = spec.record as { metrics?: boolean; series?: { every: number; variables: string[] } | null } | undefined;
    const recorded = ['outcome', ...(rec?.metrics ? ['metrics'] : []), ...(rec?.series ? [`series (every ${rec.series.every} ticks: ${rec.series.variables.join(', ')})`] : [])].join(', ');
    const kv: Cell[][] = [
      ['name', st.name],
      ['description', String(spec.description ?? '') || '—'],
      ['study file', String(spec.file ?? '—')],
      ['model', `${d.model.name} ${d.model.version} (${d.model.title})`],
      ['fractable version', st.version],
      ['master seed', String(st.seed)],
      ['spec hash', st.spec_hash],
      ['scenarios', specScenarios.length ? specScenarios.map((x) => `${x.name} (${x.agents} agents, ${x.ticks} ticks)`).join('; ') : scenarios.join(', ')],
      ...(policies ? [['levers (policies)', `${policies.length}, each crossed with every scenario, design point and replicate: ${policies.map((p) => `${p.name} (${Object.entries(p.set).map(([k, v]) => `${k} = ${String(v)}`).join(', ') || 'the scenario as written'})`).join('; ')}`] as [string, string]] : []),
      ['design', design ? `${design.method}, ${design.samples} samples → ${st.design_points} design points${design.method === 'sobol' ? ((design.secondOrder ?? true) ? ' (with second order)' : '') : ''}${design.method === 'morris' ? ` on ${design.levels ?? 4} levels` : ''}` : 'none (the scenarios as written)'],
      ['replicates', `${st.replicates} per ${policies ? 'scenario, policy' : 'scenario'} and design point${policies ? ' (the policies of one scenario, point and replicate share its seed: common random numbers)' : ''}`],
      ['runs', `${s.runs} of ${s.expected} stored, ${s.failed} failed${st.shard ? ` (shard ${st.shard})` : ''}`],
      ['recorded', recorded],
    ];
    let html = `<section id="study"><h2>Study</h2><div class="cols"><div>${htmlTable(null, kv.map(([k, v]) => [{ text: String(k), cls: 'key' }, v]), 'kv')}</div>`;
    if (design) {
      // a listed factor (factors.ts) shows its values; its bounds are those of its codes
      const listed = design.parameters.some((p) => p.values);
      html += `<div><h3>Design parameters</h3>${htmlTable(['parameter', 'lower', 'upper', ...(listed ? ['values (stored as codes: 0/1, enum index)'] : [])], design.parameters.map((p) => [p.name, p.bounds[0], p.bounds[1], ...(listed ? [p.values ? p.values.map(String).join(', ') : 'range'] : [])]))}</div>`;
    }
    html += '</div>';
    if (s.failed > 0) {
      html += `<h3>Failed runs</h3><p class="note">${s.failed} run(s) failed; they are left out of every share below.</p>`;
      html += htmlTable(['run', 'scenario', ...(policies ? ['policy'] : []), 'design point', 'replicate', 'seed', 'error'], s.failures.map((f) => [f.run_id, f.scenario, ...(policies ? [f.policy ?? ''] : []), f.design_point, f.replicate, String(f.seed), f.error]));
      if (s.moreFailures > 0) html += `<p class="note">… and ${s.moreFailures} more.</p>`;
    }
    html += `<details><summary>The resolved study spec (JSON)</summary><pre>${esc(JSON.stringify(spec, null, 2))}</pre></details></section>`;
    sections.push(html);
    nav.push(['study', 'Study']);
  }

  // --- outcome shares
  {
    const data: ShareDatum[] = [];
    for (const r of s.byScenario) {
      for (const k of s.labels) {
        const o = r.outcomes[k];
        if (o) data.push({ scenario: groupLabel(r.scenario, r.policy), outcome: k, p: o.p, lo: o.lo, hi: o.hi, k: o.k, n: r.ok });
      }
    }
    let html = '<section id="outcomes"><h2>Outcome shares</h2>';
    html += `<p class="note">Share of the finished runs of each ${groupWord} (over every design point and replicate) that ended in each outcome, with its 95% Wilson score interval.${policies ? ' Each group is a scenario under one policy of the study\'s levers (scenario · policy).' : ''}</p>`;
    html += '<div class="cols"><div>';
    if (data.length) {
      html += await chart('chart-outcomes', outcomeSharesSpec(data, s.byScenario.map((r) => groupLabel(r.scenario, r.policy)), s.labels), `Outcome shares per ${groupWord}; whiskers: 95% Wilson intervals.`);
    } else {
      html += '<p class="note">No run has finished yet.</p>';
    }
    html += '</div><div>';
    html += htmlTable(['scenario', ...(policies ? ['policy'] : []), 'runs', 'failed', ...s.labels], s.byScenario.map((r) => [r.scenario, ...(policies ? [r.policy ?? ''] : []), r.runs, r.failed, ...s.labels.map((k) => ({ text: r.outcomes[k] ? `${formatShare(r.outcomes[k]!)} (${r.outcomes[k]!.k})` : '—', cls: 'ci' }))]));
    html += '</div></div>';
    html += scenarioClaims(d);
    html += '</section>';
    sections.push(html);
    nav.push(['outcomes', 'Outcomes']);
  }

  // --- time series
  {
    let html = '<section id="series"><h2>Time series</h2>';
    if (!d.seriesVariables) {
      html += '<p class="note">This study recorded no time series. Add <code>series</code> to <code>record</code> in the study file (and optionally a <code>series</code> block with <code>every</code> and <code>variables</code>) to see the fans of the recorded variables here.</p>';
    } else if (d.fans.length === 0 || d.fans.every((f) => f.data.length === 0)) {
      html += '<p class="note">The study records series, but no finished run has any yet.</p>';
    } else {
      const axes = (f: FanData) => ({ x: tickTitle(d.model.calendar), y: withUnit(f.variable, f.unit) });
      html += `<p class="note">Median (line) and 10–90% quantile band (shaded) over the ${d.fans[0]!.runs} finished runs with series, per ${groupWord}, recorded every ${d.seriesEvery} tick(s): first pooled over every design point, replicate and outcome, then split by outcome (one fan per outcome label, coloured by label, with the number of runs n of each label beside each panel), so that groups of runs that end differently are not hidden in one fan. Variables are grouped by their declared unit. ${d.fans.length} of the ${d.seriesVariables.length} recorded variable(s) are shown${d.fans.length < d.seriesVariables.length ? ' (chosen with <code>--fans</code>)' : ''}.</p>`;
      const counts = [...d.fans[0]!.counts].sort((a, b) => groupNames.indexOf(a.scenario) - groupNames.indexOf(b.scenario));
      if (counts.length) {
        html += htmlTable([policies ? 'scenario · policy' : 'scenario', 'outcome', 'runs with series (n)'], counts.map((c) => [c.scenario, c.outcome, c.n]));
      }
      const units = [...new Set(d.fans.map((f) => f.unit))];
      for (const unit of units) {
        html += `<h3>Unit: ${esc(unit)}</h3>`;
        for (const f of d.fans.filter((x) => x.unit === unit)) {
          const sc = groupNames.filter((x) => f.data.some((r) => r.scenario === x));
          html += await chart(`chart-fan-${slug(f.variable)}`, fanSpec(f.variable, f.data, sc, axes(f)), `${f.variable} (${f.unit}): median and 10–90% band per ${groupWord}, all runs pooled.`);
          const reached = s.labels.filter((l) => f.byOutcome.some((r) => r.outcome === l));
          if (reached.length) {
            const nText = sc.map((x) => `${x}: ${f.counts.filter((c) => c.scenario === x && c.n > 0).map((c) => `${c.outcome} n = ${c.n}`).join(', ')}`).join('; ');
            html += await chart(`chart-fan-${slug(f.variable)}-by-outcome`, fanByOutcomeSpec(f.variable, f.byOutcome, sc, reached, s.labels, axes(f)), `${f.variable} (${f.unit}) split by outcome: median and 10–90% band of the runs of each outcome label (${nText}).`);
          }
        }
      }
    }
    html += '</section>';
    sections.push(html);
    nav.push(['series', 'Time series']);
  }

  // --- outcome share against each design parameter
  if (d.outcomeBins && design) {
    let html = '<section id="by-parameter"><h2>Outcome against the design parameters</h2>';
    const k = rangeBins(st.design_points);
    html += `<p class="note">For each design parameter (${esc(design.method)} design of ${st.design_points} points), the share of the finished runs in each bin of the parameter that ended in each outcome, with its 95% Wilson score interval (the other parameters vary across each bin). A range is cut into ${k} bins of equal width (⌊√points⌋, between 2 and 10); a factor with at most ${MAX_DISCRETE} distinct values (grid levels, listed values) gets one bin per value. Outcome labels that no run reached are left out.</p>`;
    let tables = '';
    for (const b of d.outcomeBins) {
      const sc = groupNames.filter((x) => b.data.some((r) => r.scenario === x));
      const reached = s.labels.filter((l) => b.data.some((r) => r.outcome === l));
      if (!b.data.length) {
        html += `<p class="note">${esc(b.parameter)}: no finished run.</p>`;
        continue;
      }
      html += await chart(`chart-param-${slug(b.parameter)}`, outcomeByParamSpec(b.parameter, b.data, sc, reached, s.labels, {
        xTitle: withUnit(b.parameter, paramUnit(d.model, b.parameter)), discrete: b.discrete, bins: b.bins, domain: b.bounds,
      }), `${b.parameter}: outcome shares per ${b.discrete ? 'value' : 'bin'}; whiskers: 95% Wilson intervals.`);
      tables += `<h4>${esc(b.parameter)}</h4>${htmlTable([policies ? 'scenario · policy' : 'scenario', 'bin', 'runs', ...reached], sc.flatMap((x) => b.bins.filter((bin) => b.totals.some((t) => t.scenario === x && t.bin === bin)).map((bin) => [
        x, bin, b.totals.find((t) => t.scenario === x && t.bin === bin)!.n,
        ...reached.map((l) => {
          const r = b.data.find((y) => y.scenario === x && y.bin === bin && y.outcome === l);
          return { text: r ? `${formatShare(r)} (${r.k})` : '—', cls: 'ci' } as Cell;
        }),
      ])))}`;
    }
    if (tables) html += `<details><summary>Shares per bin (tables)</summary>${tables}</details>`;
    html += '</section>';
    sections.push(html);
    nav.push(['by-parameter', 'By parameter']);
  }

  // --- sensitivity
  if (d.sensitivity.length) {
    let html = '<section id="sensitivity"><h2>Sensitivity</h2>';
    const method = d.sensitivity[0]!.method;
    const conf = Math.round(100 * d.sensitivity[0]!.confidence);
    const params = design?.parameters.map((p) => p.name) ?? [...new Set(d.sensitivity.map((r) => r.parameter))];
    html += method === 'sobol'
      ? `<p class="note">Sobol' indices (Saltelli's scheme; S1 first order, ST total by Jansen's estimator) of each output over the design, per ${groupWord}, with ${conf}% bootstrap intervals (whiskers). An output's value at a design point is its mean over the point's replicates (for P(outcome), the share of replicates). Outputs constant over the design are not analysed.</p>`
      : `<p class="note">Morris elementary effects per ${groupWord}: mu* (mean absolute effect, with its ${conf}% bootstrap interval as a horizontal whisker) against sigma (their standard deviation: non-linearity or interactions). An effect is the change of the output (in its unit, named in each panel's title) over a step of the parameter, per its whole design range. An output's value at a design point is its mean over the point's replicates. Outputs constant over the design are not analysed.</p>`;
    const categorical = design?.parameters.filter((p) => p.values) ?? [];
    if (categorical.length) {
      html += `<p class="note">Categorical factors (listed values) are mapped onto the unit interval by the index of their values, in the order listed (level ⌊u·m⌋ of m): ${esc(categorical.map((p) => `${p.name} {${p.values!.map(String).join(', ')}}`).join('; '))}. The index is an order the analysis imposes on the values. ${method === 'sobol'
        ? 'Their Sobol\' indices are still shares of the output variance: how much of it the choice of value explains, alone (S1) and with its interactions (ST).'
        : 'Their Morris effects are per level step: the change of the output when the factor moves to the next value in that order (for two values, from the first to the second), so mu* of a categorical factor is not on the scale of a range\'s.'}</p>`;
    }
    html += sensitivitySampleWarning(method, design);
    if (policies) html += `<p class="note">Each policy's runs over the design are analysed apart (a design of its own): one set of indices per scenario and policy.</p>`;
    for (const { scenario, policy } of groups) {
      const rows = d.sensitivity.filter((r) => r.scenario === scenario && r.policy === policy);
      if (!rows.length) continue;
      const outputs = [...new Set(rows.map((r) => r.output))];
      const labels = outputs.map(outputLabel);
      const label = (o: string) => outputLabel(o);
      const title = groupLabel(scenario, policy);
      const id = policy === null ? slug(scenario) : slug(scenario, policy);
      html += `<h3>Scenario ${esc(scenario)}${policy !== null ? `, policy ${esc(policy)}` : ''}</h3>`;
      const weak = rows.filter(unsupportedIndex);
      if (weak.length) {
        html += warning(`${weak.length} of the ${rows.filter((r) => r.value !== null && r.conf !== null).length} indices with intervals here (marked ⚠ in the table) have a ${conf}% interval whose half-width exceeds the index itself: at this sample their size, and even their sign, cannot be told from zero.`);
      }
      if (method === 'sobol') {
        const shown = rows.filter((r) => (r.index === 'S1' || r.index === 'ST') && r.value !== null);
        // the axis spans [0, 1] and every estimate; whiskers beyond it are cut at its ends
        const domain: [number, number] = [Math.min(0, ...shown.map((r) => r.value!)), Math.max(1, ...shown.map((r) => r.value!))];
        const cut = (v: number) => Math.min(domain[1], Math.max(domain[0], v));
        const data: SobolDatum[] = shown.map((r) => ({
          output: label(r.output), parameter: r.parameter, index: r.index, value: r.value!, lo: cut(r.value! - (r.conf ?? 0)), hi: cut(r.value! + (r.conf ?? 0)),
        }));
        html += await chart(`chart-sobol-${id}`, sobolSpec(data, params, labels, domain), `${title}: Sobol' S1 and ST per parameter and output; whiskers: ${conf}% bootstrap intervals (cut at the axis ends).`);
        const find = (o: string, p: string, i: string) => rows.find((r) => r.output === o && r.parameter === p && r.index === i);
        const ci = (r: SensitivityRow | undefined): Cell => ({ text: r && r.value !== null ? `${fnum(r.value)}${r.conf !== null ? ` ± ${fnum(r.conf)}` : ''}${unsupportedIndex(r) ? ' ⚠' : ''}` : '—', cls: 'ci' });
        html += htmlTable(['output', 'parameter', 'S1', 'ST'], outputs.flatMap((o) => params.map((p, j) => [j === 0 ? label(o) : '', p, ci(find(o, p, 'S1')), ci(find(o, p, 'ST'))])));
        const s2 = rows.filter((r) => r.index === 'S2');
        if (s2.length) {
          html += `<details><summary>Second-order indices S2</summary>${htmlTable(['output', 'parameters', 'S2'], s2.map((r) => [label(r.output), `${r.parameter} × ${r.parameter2}`, ci(r)]))}</details>`;
        }
      } else {
        const own = new Map(specOutputs(d.spec).map((x) => [x.name, x.unit ?? 'unit not declared']));
        const unitLabel = (o: string) => `${label(o)} [${own.get(o) ?? outputUnit(d.model, o)}]`;
        const get = (o: string, p: string, i: string) => rows.find((r) => r.output === o && r.parameter === p && r.index === i);
        const data: MorrisDatum[] = [];
        for (const o of outputs) {
          for (const p of params) {
            const ms = get(o, p, 'mu_star'), sg = get(o, p, 'sigma');
            if (ms?.value == null || sg?.value == null) continue;
            data.push({ output: unitLabel(o), parameter: p, mu_star: ms.value, sigma: sg.value, lo: Math.max(0, ms.value - (ms.conf ?? 0)), hi: ms.value + (ms.conf ?? 0) });
          }
        }
        // whiskers cut at twice the largest mu* of their output, so that one wide interval does not flatten the panel
        for (const o of new Set(data.map((x) => x.output))) {
          const top = 2 * Math.max(...data.filter((x) => x.output === o).map((x) => x.mu_star));
          for (const x of data) if (x.output === o && top > 0) x.hi = Math.min(x.hi, top);
        }
        html += await chart(`chart-morris-${id}`, morrisSpec(data, params, outputs.map(unitLabel)), `${title}: Morris mu*–sigma plane per output; whiskers: ${conf}% bootstrap intervals of mu*.`);
        html += htmlTable(['output', 'parameter', 'mu', 'mu*', 'sigma'], outputs.flatMap((o) => params.map((p, j) => {
          const ms = get(o, p, 'mu_star');
          return [j === 0 ? label(o) : '', p, { text: fnum(get(o, p, 'mu')?.value), cls: 'ci' }, { text: ms?.value != null ? `${fnum(ms.value)}${ms.conf != null ? ` ± ${fnum(ms.conf)}` : ''}${unsupportedIndex(ms) ? ' ⚠' : ''}` : '—', cls: 'ci' }, { text: fnum(get(o, p, 'sigma')?.value), cls: 'ci' }];
        })));
      }
    }
    html += '</section>';
    sections.push(html);
    nav.push(['sensitivity', 'Sensitivity']);
  } else {
    sections.push(`<section id="sensitivity"><h2>Sensitivity</h2><p class="note">${design && (design.method === 'sobol' || design.method === 'morris')
      ? `No sensitivity indices stored yet: run <code>fractable analyze ${esc(basename(d.file))}</code> and write the report again.`
      : 'Sensitivity indices need a study with a <code>sobol</code> or <code>morris</code> design (then <code>fractable analyze</code>).'}</p></section>`);
    nav.push(['sensitivity', 'Sensitivity']);
  }

  // --- PRIM
  if (d.prim.boxes.length) {
    let html = '<section id="discovery"><h2>Scenario discovery (PRIM)</h2>';
    html += '<p class="note">The patient rule induction method (as the EMA Workbench does it) finds a box of parameter space where the outcome is concentrated. Coverage: share of all cases of interest inside the box; density: share of the box\'s points that are cases; mass: share of all points inside the box. The ringed point is the chosen box.</p>';
    const keys = [...new Map(d.prim.boxes.map((b) => [`${b.scenario}\u0000${b.policy ?? ''}\u0000${b.outcome}`, b])).values()];
    const at = (k: { scenario: string; policy: string | null }) => groupNames.indexOf(groupLabel(k.scenario, k.policy));
    keys.sort((a, b) => at(a) - at(b) || a.outcome.localeCompare(b.outcome));
    for (const k of keys) {
      const same = (x: { scenario: string; policy: string | null; outcome: string }) => x.scenario === k.scenario && x.policy === k.policy && x.outcome === k.outcome;
      const limits = d.prim.boxes.filter(same);
      const traj = d.prim.trajectory.filter(same);
      const title = groupLabel(k.scenario, k.policy);
      const params = limits.map((l) => l.parameter);
      const what = k.criterion !== null
        ? `${k.mode === 'point' ? 'design points' : 'runs'} with ${k.criterion}`
        : k.mode === 'point' ? `design points with P(${k.outcome}) ≥ ${k.threshold}` : `runs that ended in ${k.outcome}`;
      html += `<h3>Scenario ${esc(k.scenario)}${k.policy !== null ? `, policy ${esc(k.policy)}` : ''}: ${esc(k.outcome)}</h3>`;
      html += `<p class="note">Cases of interest: ${esc(what)} (${k.total_coi} of ${k.points}). Chosen box (step ${k.step}): coverage ${fnum(k.coverage)}, density ${fnum(k.density)}, mass ${fnum(k.mass)}, ${k.coi} of its ${k.n} points are cases.</p>`;
      html += primSampleWarning(k);
      const stepData: PrimStepDatum[] = traj.filter((t) => t.coverage !== null && t.density !== null).map((t) => ({ step: t.step, coverage: t.coverage!, density: t.density!, mass: t.mass ?? 0, restricted: t.restricted.length, chosen: t.chosen }));
      const id = k.policy === null ? slug('prim', k.scenario, k.outcome) : slug('prim', k.scenario, k.policy, k.outcome);
      html += await chart(`chart-${id}-tradeoff`, primTradeoffSpec(`${title}: ${k.outcome}, peeling trajectory`, stepData), 'Coverage against density along the peeling-and-pasting trajectory; colour: number of restricted parameters; ring: the chosen box.');
      const boxData: PrimLimitDatum[] = limits.map((l) => {
        const w = l.bound_upper - l.bound_lower;
        const clamp = (v: number) => Math.min(1, Math.max(0, w > 0 ? (v - l.bound_lower) / w : 0));
        return { parameter: l.parameter, lower: clamp(l.lower), upper: clamp(l.upper), restricted: l.restricted };
      });
      html += await chart(`chart-${id}-box`, primBoxSpec(`${title}: ${k.outcome}, chosen box`, boxData, params), 'Each parameter\'s range inside the chosen box, as a share of its design range (grey: the whole range).');
      html += htmlTable(['parameter', 'box lower', 'box upper', 'design bounds', 'restricted', 'quasi-p (lower, upper)'], limits.map((l) => [
        l.parameter, { text: fval(l.lower), cls: 'ci' }, { text: fval(l.upper), cls: 'ci' }, `[${fval(l.bound_lower)}, ${fval(l.bound_upper)}]`, l.restricted ? 'yes' : 'no',
        [l.qp_lower, l.qp_upper].map((q) => (q == null ? '—' : q.toPrecision(2))).join(', '),
      ]));
      html += `<details><summary>Trajectory (${traj.length} steps)</summary>${htmlTable(['step', 'phase', 'coverage', 'density', 'mass', 'n', 'restricted'], traj.map((t) => [
        `${t.step}${t.chosen ? ' (chosen)' : ''}`, t.phase, { text: fnum(t.coverage), cls: 'ci' }, { text: fnum(t.density), cls: 'ci' }, { text: fnum(t.mass), cls: 'ci' }, t.n, t.restricted.join(', ') || '(none)',
      ]))}</details>`;
    }
    html += '</section>';
    sections.push(html);
    nav.push(['discovery', 'Scenario discovery']);
  }

  // --- validation against the record (a calibration store)
  if (d.validation) {
    sections.push(await validationSection(d.validation, chart, d.file));
    nav.push(['validation', 'Validation']);
  }

  const title = `fractable report: ${st.name}`;
  const description = String(spec.description ?? '');
  const header = `<h1>Study ${esc(st.name)}</h1>${description ? `<p>${esc(description)}</p>` : ''}<p>${s.runs} of ${s.expected} runs stored (${s.failed} failed) · ${scenarios.length} scenario(s) · ${policies ? `${policies.length} polic${policies.length === 1 ? 'y' : 'ies'} (levers) · ` : ''}${design ? `${esc(design.method)} design of ${st.design_points} points` : 'no design'} · ${st.replicates} replicate(s) · seed ${st.seed}</p>`;
  const writer = fractableVersion();
  const footer = `<dl class="footer">${[
    ['store', resolve(d.file)],
    ['fractable', writer === st.version ? writer : `${writer} (the study was written by ${st.version})`],
    ['Node', process.version],
    ['model', `${d.model.name} ${d.model.version}`],
    ['spec hash', st.spec_hash],
  ].map(([k, v]) => `<dt>${esc(k)}</dt><dd class="footer-${slug(k!)}">${esc(v)}</dd>`).join('')}</dl><p>Shares: 95% Wilson score intervals; time series: empirical quantiles; sensitivity: bootstrap intervals. Self-contained: no scripts, no external resources.</p>`;
  return { html: page(title, header, nav, sections.join('\n'), footer), charts, warnings };
}

/** A visible warning box (the text is escaped). */
function warning(text: string): string {
  return `<div class="warning" role="note"><strong>⚠ Too small a sample.</strong> ${esc(text)}</div>`;
}

/** The fewest cases of interest a PRIM box must hold, and the scenario must have, for the report to show it without a warning. */
export const MIN_PRIM_CASES = 10;
/** The fewest base points N of a Sobol' design the report shows without a warning. */
export const MIN_SOBOL_N = 64;
/** The fewest trajectories r of a Morris design the report shows without a warning. */
export const MIN_MORRIS_R = 10;

/** An index whose bootstrap interval is wider than the index: |value| < half-width. */
export function unsupportedIndex(r: SensitivityRow | undefined): boolean {
  return !!r && r.value !== null && r.conf !== null && Number.isFinite(r.conf) && r.conf > Math.abs(r.value);
}

function sensitivitySampleWarning(method: string, design: SpecDesign | null): string {
  if (!design) return '';
  if (method === 'sobol' && design.samples < MIN_SOBOL_N) {
    return warning(`This Sobol' design has N = ${design.samples} base points; the report warns below N = ${MIN_SOBOL_N} (with fewer, the estimators of S1 and ST scatter widely, S1 goes negative, and the bootstrap intervals themselves are unreliable). Read the indices below as a sketch, not a ranking.`);
  }
  if (method === 'morris' && design.samples < MIN_MORRIS_R) {
    return warning(`This Morris design has r = ${design.samples} trajectories; the report warns below r = ${MIN_MORRIS_R} (mu* and sigma are means and a standard deviation over r elementary effects per parameter).`);
  }
  return '';
}

function primSampleWarning(k: StoredPrimLimit): string {
  if (k.coi >= MIN_PRIM_CASES && k.total_coi >= MIN_PRIM_CASES) return '';
  const w = wilson(k.coi, k.n);
  return warning(`This box rests on ${k.coi} case(s) of interest inside it (${k.total_coi} in the whole sample); the report warns when the box holds fewer than ${MIN_PRIM_CASES} cases of interest or the sample has fewer than ${MIN_PRIM_CASES}. Its density ${fnum(k.density)} has a 95% Wilson interval of [${fnum(w.lo)}, ${fnum(w.hi)}], and its limits may be set by one or two runs.`);
}

/** Each scenario's description and claim (as the study spec recorded them) with its outcome shares. */
function scenarioClaims(d: ReportData): string {
  const claims = d.spec.claims as Record<string, { description?: string; claim?: string }> | undefined;
  let html = '<h3>Scenarios, their claims and their results</h3>';
  if (!claims) return `${html}<p class="note">This store's study spec records no scenario descriptions or claims (written by fractable ${esc(d.summary.study.version)}).</p>`;
  html += '<div class="claims">';
  // one card per scenario; with levers, one result per policy
  const scenarios = [...new Set(d.summary.byScenario.map((r) => r.scenario))];
  for (const scenario of scenarios) {
    const c = claims[scenario] ?? {};
    html += `<div class="claim-card"><h4>${esc(scenario)}</h4>`;
    html += `<p>${c.description ? esc(c.description) : '<span class="note">No description.</span>'}</p>`;
    html += `<p class="claim"><strong>Claim:</strong> ${c.claim ? esc(c.claim) : '<span class="note">none stated in the scenario file.</span>'}</p>`;
    for (const r of d.summary.byScenario.filter((x) => x.scenario === scenario)) {
      const shares = d.summary.labels.filter((l) => (r.outcomes[l]?.k ?? 0) > 0).map((l) => `${l} ${formatShare(r.outcomes[l]!)} (${r.outcomes[l]!.k})`);
      html += `<p class="result"><strong>Result${r.policy !== undefined ? ` under policy ${esc(r.policy)}` : ''}:</strong> ${r.ok} finished run(s)${shares.length ? `: ${esc(shares.join('; '))}` : ''} (share [95% Wilson interval] (count)).</p>`;
    }
    html += '</div>';
  }
  return `${html}</div>`;
}

const pctText = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(0)}%` : '—');
const pctCell = (x: number): Cell => ({ text: pctText(x), cls: 'ci' });

/**
 * The validation section of a calibration store: the posterior and the accepted share of the
 * prior volume, the generations, the pattern scorecard (targets and held-out; full model and
 * nulls, with Wilson intervals and Brier scores), the nulls' verdicts and the knock-out matrix.
 */
type ChartFn = (id: string, spec: Parameters<typeof renderChart>[0], caption: string) => Promise<string>;

/** Weighted bins of each parameter's particles over its prior range (or the particles' range). */
function posteriorBins(p: ValidationData['particles']): PosteriorBinDatum[] {
  const out: PosteriorBinDatum[] = [];
  const bins = Math.max(4, Math.min(20, Math.ceil(Math.sqrt(p.weights.length))));
  p.names.forEach((name, j) => {
    const xs = p.values.map((r) => r[j]!);
    const [lo, hi] = p.ranges[j] ?? [Math.min(...xs), Math.max(...xs)];
    const width = hi > lo ? (hi - lo) / bins : 1;
    const w = new Array<number>(bins).fill(0);
    xs.forEach((x, i) => { w[Math.min(bins - 1, Math.max(0, Math.floor((x - lo) / width)))]! += p.weights[i]!; });
    w.forEach((weight, b) => out.push({ parameter: name, lo: lo + b * width, hi: lo + (b + 1) * width, weight }));
  });
  return out;
}

async function validationSection(v: ValidationData, chart: ChartFn, file: string): Promise<string> {
  let html = '<section id="validation"><h2>Validation against the record</h2>';
  html += `<p class="note">Calibration ${esc(v.name)}: ${esc(v.method === 'smc' ? 'ABC-SMC' : 'rejection ABC')} on the target patterns ${esc(v.targets.join(', '))}${v.heldOut.length ? `; held out: ${esc(v.heldOut.join(', '))}` : ''}; stopped by ${esc(v.stop)}. A run holds a pattern when its score reaches the pattern's threshold; shares with 95% Wilson intervals; Brier score (1 − share)² of the share as a forecast of the record's one outcome. Every pattern is listed, held or not.</p>`;
  html += '<h3>Posterior</h3>';
  html += htmlTable(['parameter', 'median', 'mean', 'sd', '95% interval'], v.summary.map((p) => [p.name, { text: fval(p.median), cls: 'ci' }, { text: fval(p.mean), cls: 'ci' }, { text: fval(p.sd), cls: 'ci' }, { text: `[${fval(p.lower)}, ${fval(p.upper)}]`, cls: 'ci' }]));
  html += `<p class="note">Accepted share of the prior volume (prior mass of the box of the 95% marginal intervals): ${fnum(v.priorShare)}.</p>`;
  const pp = v.particles;
  if (pp.weights.length > 0) {
    const small = pp.weights.length < 50 ? ` With ${pp.weights.length} particles these are coarse: read them as where the posterior sits, not as its shape.` : '';
    html += await chart('chart-posterior-marginals', posteriorMarginalSpec(posteriorBins(pp), pp.names), `Posterior marginals: the ${pp.weights.length} accepted particles' weights summed in equal bins over each prior's range.${small}`);
    if (pp.names.length >= 2) {
      const pairs: string[] = [];
      const data: PosteriorPairDatum[] = [];
      for (let a = 0; a < pp.names.length; a++) {
        for (let b = a + 1; b < pp.names.length; b++) {
          const pair = `${pp.names[a]} × ${pp.names[b]}`;
          pairs.push(pair);
          pp.values.forEach((r, i) => data.push({ pair, x: r[a]!, y: r[b]!, weight: pp.weights[i]! }));
        }
      }
      html += await chart('chart-posterior-pairs', posteriorPairsSpec(data, pairs), `Posterior pairs: each accepted particle at its two values (x: the first parameter of the panel's title, y: the second), sized by its weight; a ridge or a cluster is a trade-off or a joint constraint the record imposes.${small}`);
    }
  }
  html += htmlTable(['generation', 'tolerance ε', 'proposals', 'accepted', 'acceptance', 'ESS'], v.generations.map((g) => [g.generation, { text: fnum(g.epsilon), cls: 'ci' }, g.proposals, g.accepted, pctCell(g.acceptanceRate), { text: fnum(g.ess, 1), cls: 'ci' }]));
  html += '<h3>Scorecard</h3>';
  html += htmlTable(['model', 'pattern', 'role', 'holds', 'share', '95% interval', 'mean score', 'Brier'], v.scorecard.filter((r) => !r.model.startsWith('knockout:')).map((r) => [
    r.model, r.pattern, r.role, `${r.holds}/${r.runs}`, pctCell(r.share), { text: `[${pctText(r.lower)}, ${pctText(r.upper)}]`, cls: 'ci' }, { text: fnum(r.meanScore), cls: 'ci' }, { text: fnum(r.brier), cls: 'ci' },
  ]));
  if (v.nulls.length) {
    html += '<p class="note">Null model (a), <code>null:fixed</code>: the posterior draws and run seeds with every population a fixed mixed strategy at its average action shares of the posterior runs (no learning). Null model (b), <code>null:poisson</code>: events as Poisson processes at the posterior runs\' rates.</p>';
    html += htmlTable(['null', 'pattern', 'full model', 'null', 'p (null holds it less often)', 'verdict'], v.nulls.map((n) => [
      n.model, n.pattern, pctCell(n.shareFull), pctCell(n.share), { text: fnum(n.pValue), cls: 'ci' }, n.asWell ? 'the null scores as well as the full model' : 'the full model does better',
    ]));
  }
  if (v.knockouts.length) {
    const patterns = [...new Set(v.knockouts.map((k) => k.pattern))];
    const mechanisms = [...new Set(v.knockouts.map((k) => k.mechanism))];
    html += '<h3>Knock-outs</h3><p class="note">Share of runs holding each pattern, full model → mechanism knocked out (same posterior draws and run seeds); * the pattern needs the mechanism (one-sided two-proportion test, p &lt; 0.05).</p>';
    html += htmlTable(['mechanism', ...patterns, 'override removes it because'], mechanisms.map((m) => {
      const ks = v.knockouts.filter((k) => k.mechanism === m);
      return [m, ...patterns.map((p) => {
        const k = ks.find((x) => x.pattern === p);
        return { text: k ? `${pctText(k.shareFull)}→${pctText(k.share)}${k.needed ? '*' : ''}` : '—', cls: 'ci' } as Cell;
      }), ks[0]!.justification];
    }));
    const unsupported = mechanisms.filter((m) => !v.knockouts.some((k) => k.mechanism === m && k.needed));
    html += `<p>${unsupported.length ? `Mechanisms no pattern needs (unsupported by the record at this budget): <strong>${esc(unsupported.join(', '))}</strong>.` : 'Every knocked-out mechanism is needed by at least one pattern.'}</p>`;
  }
  html += '<h3>The claims across the posterior</h3>';
  if (v.claims.length) {
    const c0 = v.claims[0]!;
    html += `<p class="note">Each claim tested with the posterior's parameters, not only at the defaults (<code>fractable claims --posterior</code>): ${c0.draws} draws by weight set in both arms (except what an arm sets itself), ${c0.replicates} paired runs per arm at each, ${c0.agents} mass agents, ${c0.ticks} ticks; the verdict is the one-sided test over all draws' runs pooled (alpha ${fnum(c0.alpha)}), beside it the draws whose effect is positive.</p>`;
    html += htmlTable(['claim', 'draws with effect > 0', 'treated', 'control', 'effect', 'p', 'verdict'], v.claims.map((c) => [
      `${c.claim}: ${c.title}`, `${c.positive}/${c.draws}`, { text: `${c.treated}: ${fnum(c.treatedMean)}`, cls: 'ci' }, { text: `${c.control}: ${fnum(c.controlMean)}`, cls: 'ci' },
      { text: fnum(c.effect), cls: 'ci' }, { text: fnum(c.pValue), cls: 'ci' }, c.verdict,
    ]));
  } else {
    html += `<p class="note">Not run for this store yet: <code>npx fractable claims --posterior ${esc(file)}</code> tests each claim of the seed across this posterior and stores the results here.</p>`;
  }
  return `${html}</section>`;
}

export interface WrittenReport extends Report { path: string }

/** Reads a store and writes its report (atomically); returns the absolute path written. */
export async function writeReport(dbPath: string, outPath: string, o: ReportOptions = {}): Promise<WrittenReport> {
  const data = await loadReportData(dbPath, o);
  const report = await buildReport(data);
  const path = resolve(outPath);
  writeAtomic(path, report.html);
  return { ...report, path };
}

/** The default report path of a store: the store's path with .html for .duckdb. */
export const defaultReportPath = (dbPath: string): string => (dbPath.endsWith('.duckdb') ? `${dbPath.slice(0, -'.duckdb'.length)}.html` : `${dbPath}.html`);
