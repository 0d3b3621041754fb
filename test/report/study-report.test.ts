/**
 * What the study report shows of an LHS study with series, through the compiled CLI: a fan and
 * a fan split by outcome per recorded variable (grouped by unit; `--fans` chooses, unknown
 * names exit 2), one chart of outcome share against each design parameter, each scenario's
 * description and claim with its results, units on every axis, a footer with the store,
 * versions, model and spec hash, and the small-sample warning on a PRIM box of few cases.
 *
 * The study: 8 LHS points × 2 replicates of the 2013 table (100 agents, 104 weekly ticks).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeModel } from '../../src/engine/declaration.js';
import { getModel } from '../../src/models/index.js';
import { slug } from '../../src/report/html.js';
import { fractable, root, tempDir } from '../helpers.js';
import { cli, query } from './helpers.js';

const DESCRIPTION = 'The 2013 table, <i>slow</i> & steady';
const CLAIM = 'Slow concessions leave the <b>table</b> without a "deal" & the claim is escaped';
// declared order: progress [share], weaponBelief [probability], protest [share], tension [tension]
const RECORDED = ['tension', 'progress', 'weaponBelief', 'protest'];
const GROUPED = ['progress', 'protest', 'weaponBelief', 'tension'];
const PARAMS = ['credibility.reversalAppeal', 'table.concession'];

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
/** The figures of a report, by id, with their HTML. */
const figures = (html: string) => html.split('<figure class="chart" id="').slice(1).map((f) => ({ id: f.slice(0, f.indexOf('"')), html: f.slice(0, f.indexOf('</figure>')) }));
/** The axis titles Vega wrote into a chart's ARIA labels. */
const axisTitles = (svg: string) => [...svg.matchAll(/aria-label="[XY]-axis titled '(.*?)' for a /g)].map((m) => m[1]!);

describe('the study report of an LHS study with series', () => {
  const dir = tempDir('fractable-study-report-');
  const db = join(dir, 'lhs.duckdb');
  const model = describeModel(getModel('table'));
  let html = '';

  beforeAll(() => {
    writeFileSync(join(dir, 'slow.yaml'), `name: slow-2013\nextends: history-2013\ndescription: ${JSON.stringify(DESCRIPTION)}\nclaim: ${JSON.stringify(CLAIM)}\n`);
    writeFileSync(join(dir, 'study.yaml'), `name: report-lhs
seed: 11
agents: 100
ticks: 104
replicates: 2
scenarios: [slow.yaml]
design:
  method: lhs
  samples: 8
  parameters:
    credibility.reversalAppeal: [0.05, 0.6]
    table.concession: [0.005, 0.1]
record: [outcome, metrics, series]
series: { every: 8, variables: [${RECORDED.join(', ')}] }
`);
    cli(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary']);
    cli(['report', db, '--out', join(dir, 'report.html')]);
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 300_000);

  it('draws a fan and a fan split by outcome of every recorded variable, grouped by unit', async () => {
    const ids = figures(html).map((f) => f.id).filter((id) => id.startsWith('chart-fan-'));
    expect(ids).toEqual(GROUPED.flatMap((v) => [`chart-fan-${slug(v)}`, `chart-fan-${slug(v)}-by-outcome`]));
    for (const unit of ['share', 'probability', 'tension']) expect(html).toContain(`<h3>Unit: ${unit}</h3>`);
    // one fan per outcome label some run reached, with its number of runs
    const counts = await query(db, "SELECT outcome, count(*)::INTEGER AS n FROM runs WHERE status = 'ok' GROUP BY outcome");
    expect(counts.length).toBeGreaterThan(0);
    const split = figures(html).find((f) => f.id === 'chart-fan-tension-by-outcome')!.html;
    for (const c of counts) {
      expect(split).toContain(`${String(c.outcome)} n = ${Number(c.n)}`); // the caption
      expect(split).toContain(`${String(c.outcome)}: n = ${Number(c.n)}</text>`); // in the chart, beside the panel
    }
    const unreached = model.outputs.outcomes.map((o) => o.name).filter((o) => !counts.some((c) => c.outcome === o));
    for (const o of unreached) expect(split).not.toContain(`${o}: n =`);
  });

  it('draws one chart of outcome share against each design parameter, with Wilson intervals per bin', async () => {
    const ids = figures(html).map((f) => f.id).filter((id) => id.startsWith('chart-param-'));
    expect(ids).toEqual(PARAMS.map((p) => `chart-param-${slug(p)}`));
    expect(html).toContain('<section id="by-parameter">');
    expect(html).toContain('A range is cut into 2 bins of equal width'); // ⌊√8⌋ = 2
    // the bins' tables: every run counted once per parameter
    const runs = Number((await query(db, "SELECT count(*)::INTEGER AS n FROM runs WHERE status = 'ok'"))[0]!.n);
    const tables = html.slice(html.indexOf('Shares per bin (tables)'));
    for (const p of PARAMS) {
      const t = tables.slice(tables.indexOf(`<h4>${p}</h4>`), tables.indexOf('</table>', tables.indexOf(`<h4>${p}</h4>`)));
      const n = [...t.matchAll(/<td class="num">(\d+)<\/td>/g)].reduce((s, m) => s + Number(m[1]), 0);
      expect(n, p).toBe(runs);
    }
    expect(tables).toMatch(/\d+\.\d% \[\d+\.\d, \d+\.\d\] \(\d+\)/);
  });

  it('shows the scenario\'s description and claim, escaped, with its results', () => {
    const card = html.slice(html.indexOf('<div class="claim-card">'), html.indexOf('</div>', html.indexOf('<div class="claim-card">')));
    expect(card).toContain('<h4>slow-2013</h4>');
    expect(card).toContain(escaped(DESCRIPTION));
    expect(card).toContain(`<strong>Claim:</strong> ${escaped(CLAIM)}`);
    expect(card).toMatch(/<strong>Result:<\/strong> 16 finished run\(s\): [a-z-]+ \d+\.\d% \[/);
    expect(html).not.toContain('<b>table</b>');
  });

  it('titles every axis with its unit', () => {
    const titles = figures(html).flatMap((f) => axisTitles(f.html).map((t) => ({ id: f.id, t })));
    expect(titles.length).toBeGreaterThan(10);
    for (const { id, t } of titles) expect(t, id).toMatch(/\(.+\)$/);
    const all = titles.map((x) => x.t);
    expect(all).toContain('tick (week)'); // the table model's tick is one week
    for (const v of RECORDED) expect(all).toContain(`${v} (${model.state.find((s) => s.name === v)!.unit})`);
    for (const p of PARAMS) expect(all).toContain(`${p} (${(model.params as Array<{ path: string; unit: string }>).find((x) => x.path === p)!.unit})`);
    expect(all).toContain('outcome share (share of runs)');
  });

  it('ends with a footer naming the store, the versions, the model and the spec hash', async () => {
    const footer = html.slice(html.indexOf('<footer>'), html.indexOf('</footer>'));
    const hash = String((await query(db, 'SELECT spec_hash FROM study'))[0]!.spec_hash);
    const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(footer).toContain(`<dd class="footer-store">${escaped(resolve(db))}</dd>`);
    expect(footer).toContain(`<dd class="footer-fractable">${version}</dd>`);
    expect(footer).toContain(`<dd class="footer-node">${process.version}</dd>`);
    expect(footer).toContain(`<dd class="footer-model">table ${model.version}</dd>`);
    expect(footer).toContain(`<dd class="footer-spec-hash">${hash}</dd>`);
  });

  it('warns on a PRIM box of fewer than 10 cases of interest, stating the rule', async () => {
    expect(html).not.toContain('<div class="warning"'); // nothing to warn about before discover
    const rare = (await query(db, "SELECT outcome, count(*)::INTEGER AS n FROM runs WHERE status = 'ok' GROUP BY outcome ORDER BY n, outcome LIMIT 1"))[0]!;
    expect(Number(rare.n)).toBeLessThan(10);
    cli(['discover', db, '--outcome', String(rare.outcome), '--per-run']);
    const out = join(dir, 'prim.html');
    cli(['report', db, '--out', out]);
    const prim = readFileSync(out, 'utf8');
    const section = prim.slice(prim.indexOf('<section id="discovery">'));
    expect(section).toContain('<div class="warning" role="note"><strong>⚠ Too small a sample.</strong>');
    expect(section).toContain(`(${Number(rare.n)} in the whole sample); the report warns when the box holds fewer than 10 cases of interest or the sample has fewer than 10.`);
  });

  it('--fans draws only the variables named; an unknown name exits 2 listing the recorded ones', () => {
    const out = join(dir, 'two.html');
    cli(['report', db, '--out', out, '--fans', 'tension,progress']);
    const ids = figures(readFileSync(out, 'utf8')).map((f) => f.id).filter((id) => id.startsWith('chart-fan-'));
    expect(ids).toEqual(['chart-fan-tension', 'chart-fan-tension-by-outcome', 'chart-fan-progress', 'chart-fan-progress-by-outcome']);
    expect(readFileSync(out, 'utf8')).toContain('2 of the 4 recorded variable(s) are shown (chosen with <code>--fans</code>)');
    const bad = fractable(['report', db, '--out', join(dir, 'bad.html'), '--fans', 'nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--fans: expected recorded series variables (${RECORDED.join(', ')}), found "nope"`);
    expect(bad.stdout).toBe('');
    const notRecorded = fractable(['report', db, '--out', join(dir, 'bad.html'), '--fans', 'tension,gap']);
    expect(notRecorded.code).toBe(2);
    expect(notRecorded.stderr).toContain('found "gap"');
  });
});

describe('the study report of a grid design with a listed switch', () => {
  it('draws one chart per parameter with one bin per grid level or value, the values named', async () => {
    const dir = tempDir('fractable-study-report-grid-');
    const db = join(dir, 'grid.duckdb');
    writeFileSync(join(dir, 'study.yaml'), `name: report-grid
seed: 4
agents: 100
ticks: 60
replicates: 2
scenarios: [history-2013]
design:
  method: grid
  samples: 2
  parameters:
    interventions.escrow: { values: [false, true] }
    table.concession: [0.005, 0.1]
record: [outcome]
`);
    cli(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary']);
    const out = join(dir, 'grid.html');
    cli(['report', db, '--out', out]);
    const html = readFileSync(out, 'utf8');
    const params = figures(html).filter((f) => f.id.startsWith('chart-param-'));
    expect(params.map((f) => f.id)).toEqual(['chart-param-interventions-escrow', 'chart-param-table-concession']);
    const model = describeModel(getModel('table'));
    expect(axisTitles(params[0]!.html).sort()).toEqual(['interventions.escrow (switch)', 'outcome share (share of runs)']);
    expect(axisTitles(params[1]!.html).sort()).toEqual(['outcome share (share of runs)', `table.concession (${(model.params as Array<{ path: string; unit: string }>).find((x) => x.path === 'table.concession')!.unit})`]);
    // one bin per value: each holds 2 grid points × 2 replicates = 4 runs
    const tables = html.slice(html.indexOf('Shares per bin (tables)'));
    for (const bin of ['false', 'true', '0.005', '0.1']) expect(tables).toContain(`<td>history-2013</td><td>${bin}</td><td class="num">4</td>`);
    // the series section says how to record them; --fans cannot choose from none
    expect(html).toContain('This study recorded no time series');
    const bad = fractable(['report', db, '--out', join(dir, 'bad.html'), '--fans', 'tension']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fans: expected a store that recorded series, found none');
  }, 300_000);
});
