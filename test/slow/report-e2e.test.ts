/**
 * study → analyze → discover → report through the compiled CLI, on real model outputs: a
 * Sobol' design (N = 8 base points over 2 parameters, with second order: 48 design points),
 * 2 replicates, one scenario named with HTML metacharacters, 100 agents × 104 ticks.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeModel } from '../../src/engine/declaration.js';
import { getModel } from '../../src/models/index.js';
import { OUTCOMES } from '../../src/models/table/outcomes.js';

const OUTCOME_KINDS = OUTCOMES.map((o) => o.name);
import { fractable } from '../helpers.js';
import { cli, EVIL_SCENARIO, query, reportStudyDir } from '../report/helpers.js';

describe('study → analyze → discover → report (end to end)', () => {
  const dir = reportStudyDir('sobol', { name: 'e2e-sobol' });
  const db = join(dir, 'e2e.duckdb');

  beforeAll(() => {
    cli(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary']);
  });

  it('analyze stores S1, ST and S2 with intervals for every non-constant output, idempotently', async () => {
    const r = cli(['analyze', db]);
    expect(r.stdout).toContain('sensitivity of study e2e-sobol: sobol design: N = 8 base points × 2 parameters = 48 points (with second order), 2 replicate(s) per point; 95% bootstrap intervals (1000 resamples)');
    expect(r.stdout).toContain(`scenario ${EVIL_SCENARIO}:`);
    expect(r.stdout).toMatch(/output\s+parameter\s+S1\s+ST/);
    expect(r.stdout).toContain('final tension');
    const rows = await query(db, 'SELECT * FROM sensitivity ORDER BY output, "index", parameter');
    const outputs = new Set(rows.map((x) => String(x.output)));
    // each analysed output: S1 and ST of 2 parameters, and one S2 pair
    expect(rows.length).toBe(outputs.size * 5);
    expect(outputs.has('final_tension')).toBe(true);
    expect(outputs.has('time_to_outcome') || r.stdout.includes('time to outcome (ticks) (constant')).toBe(true);
    // outcome shares, the time to the outcome, the model's scalar outputs and final states of the recorded series
    const model = describeModel(getModel('table'));
    const scalars = model.outputs.scalars.filter((x) => x.type !== 'VARCHAR').map((x) => `out_${x.name}`);
    const finals = model.outputs.series.map((v) => `final_${v}`);
    for (const o of outputs) expect(['time_to_outcome', ...OUTCOME_KINDS.map((k) => `p_${k}`), ...scalars, ...finals]).toContain(o);
    for (const x of rows) {
      expect(x.study).toBe('e2e-sobol');
      expect(x.scenario).toBe(EVIL_SCENARIO);
      expect(x.method).toBe('sobol');
      expect(['S1', 'ST', 'S2']).toContain(x.index);
      expect(x.parameter2 === null).toBe(x.index !== 'S2');
    }
    // outputs constant over the design are named, not stored
    for (const k of OUTCOME_KINDS) {
      const constant = (await query(db, `SELECT max(s) - min(s) AS span FROM (SELECT avg(CASE WHEN outcome = '${k}' THEN 1 ELSE 0 END) AS s FROM runs GROUP BY design_point)`))[0]!.span === 0;
      expect(outputs.has(`p_${k}`)).toBe(!constant);
      if (constant) expect(r.stdout).toContain(`P(${k}) (constant (0) over the design)`);
    }
    // re-analysing replaces the rows
    cli(['analyze', db, '--json']);
    expect(await query(db, 'SELECT * FROM sensitivity ORDER BY output, "index", parameter')).toEqual(rows);
  });

  it('discover prints the peeling trajectory and the box and stores them', async () => {
    const stalemates = Number((await query(db, "SELECT count(*) AS n FROM runs WHERE outcome = 'stalemate'"))[0]!.n);
    expect(stalemates).toBeGreaterThan(0); // slow concessions leave the 2013 table without an agreement after two years
    const perPoint = cli(['discover', db, '--outcome', 'stalemate', '--threshold', '0.5', '--peel-alpha', '0.05', '--min-mass', '0.05']);
    expect(perPoint.stdout).toContain(`scenario ${EVIL_SCENARIO}, outcome stalemate: 48 design points, a case of interest when P(stalemate) ≥ 0.5`);
    const r = cli(['discover', db, '--outcome', 'stalemate', '--per-run']);
    expect(r.stdout).toContain(`96 finished runs, a case of interest when the run ended in stalemate; ${stalemates} case(s) of interest`);
    expect(r.stdout).toMatch(/step\s+phase\s+coverage\s+density\s+mass\s+n\s+restricted/);
    expect(r.stdout).toMatch(/chosen box \(step \d+\): coverage/);
    const traj = await query(db, 'SELECT * FROM prim_trajectory ORDER BY step');
    expect(traj.length).toBeGreaterThan(1);
    expect(traj[0]).toMatchObject({ step: 0, phase: 'initial', coverage: 1, mass: 1, n: 96, coi: stalemates, mode: 'run', outcome: 'stalemate', scenario: EVIL_SCENARIO });
    expect(traj.filter((t) => t.chosen)).toHaveLength(1);
    const boxes = await query(db, 'SELECT * FROM prim_boxes ORDER BY parameter');
    expect(boxes.map((b) => b.parameter)).toEqual(['credibility.reversalAppeal', 'table.concession']);
    // the reversal appeal plays no part before a deal exists: PRIM leaves it whole and restricts the pace of concessions
    expect(boxes[0]).toMatchObject({ total_coi: stalemates, points: 96, bound_lower: 0.05, bound_upper: 0.6 });
    expect(boxes[0]).toMatchObject({ restricted: false });
    expect(boxes[1]).toMatchObject({ restricted: true, bound_lower: 0.005, bound_upper: 0.1 });
    expect(Number(boxes[1]!.upper)).toBeLessThan(0.1);
    // bad input: exit 2 with a message
    const bad = fractable(['discover', db, '--outcome', 'war']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--outcome: expected one of deal, deal-censored, interim, collapse, kinetic, stalemate, breakout, found "war"');
  });

  it('report writes one self-contained HTML file with every section, every user string escaped', async () => {
    // after analyze and discover (the tests above run in order)
    await query(db, 'SELECT count(*) FROM prim_boxes');
    const out = join(dir, 'out', 'report.html');
    const r = cli(['report', db, '--out', out]);
    expect(r.stdout).toMatch(/^wrote .*report\.html \(\d+ charts, \d+ KiB\)\n$/);
    expect(r.stderr).toBe(''); // no Vega warnings
    const html = readFileSync(out, 'utf8');
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.html']); // written through a temp file, renamed
    // self-contained: no scripts, no external resources, nothing loaded
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/url\((?!#)/i); // only local references (clip paths)
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
    // escaped user strings (scenario name in tables and inside the SVG; description)
    expect(html).toContain('&lt;script&gt;console.error(&quot;xss&quot;)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;');
    expect(html).toContain('A &lt;script&gt;console.error(1)&lt;/script&gt; &amp; &quot;quoted&quot; &#39;study&#39; &lt;b&gt;description&lt;/b&gt;');
    expect(html).not.toContain('<b>description</b>');
    // sections and charts
    for (const id of ['study', 'outcomes', 'series', 'sensitivity', 'discovery']) expect(html).toContain(`<section id="${id}">`);
    for (const id of ['chart-outcomes', 'chart-fan-tension', 'chart-fan-enrichment', 'chart-fan-commitbelief', 'chart-fan-tension-by-outcome', 'chart-fan-enrichment-by-outcome', 'chart-fan-commitbelief-by-outcome', 'chart-sobol-', 'chart-prim-']) {
      expect(html).toContain(`<figure class="chart" id="${id}`);
    }
    const figures = html.match(/<figure class="chart"/g) ?? [];
    expect(figures.length).toBe(10); // outcomes, 3 fans and 3 fans by outcome, sobol, PRIM trade-off and box
    expect(html.match(/<svg /g)?.length).toBe(10);
    // no outcome-by-parameter charts for a Sobol' design (its sensitivity section stands for them)
    expect(html).not.toContain('<section id="by-parameter">');
    // N = 8 is below the report's rule for Sobol' designs: a visible warning stating it
    const sens = html.slice(html.indexOf('<section id="sensitivity">'), html.indexOf('</section>', html.indexOf('<section id="sensitivity">')));
    expect(sens).toContain('<div class="warning" role="note"><strong>⚠ Too small a sample.</strong> This Sobol&#39; design has N = 8 base points; the report warns below N = 64');
    // indices whose interval is wider than themselves are marked in the table and counted
    const rows = (await query(db, 'SELECT value, conf FROM sensitivity WHERE value IS NOT NULL AND conf IS NOT NULL')) as { value: number; conf: number }[];
    const weak = rows.filter((x) => x.conf > Math.abs(x.value)).length;
    if (weak > 0) expect(sens).toContain(`${weak} of the ${rows.length} indices with intervals here (marked ⚠ in the table) have a 95% interval whose half-width exceeds the index itself`);
    else expect(sens).not.toContain('marked ⚠');
    // each chart drew its marks
    for (const fig of html.split('<figure class="chart"').slice(1)) expect(fig).toMatch(/class="mark-(rect|area|line|symbol|rule)[^"]*role-mark/);
    // Wilson intervals in the outcome table, S1/ST table, PRIM box table, the spec
    expect(html).toMatch(/\d+\.\d% \[\d+\.\d, \d+\.\d\] \(\d+\)/);
    expect(html).toContain('<th>S1</th><th>ST</th>');
    expect(html).toContain('quasi-p (lower, upper)');
    expect(html).toContain('&quot;format&quot;: &quot;fractable-study/2&quot;');
    // the same store gives the same file
    const again = join(dir, 'again.html');
    cli(['report', db, '--out', again]);
    expect(readFileSync(again, 'utf8')).toBe(html);
  });

  it('analyze exits 2 naming the design points with missing runs, and on a missing store', async () => {
    const gap = join(dir, 'gap.duckdb');
    copyFileSync(db, gap);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(gap);
    const c = await inst.connect();
    await c.run('DELETE FROM runs WHERE design_point = 7 AND replicate = 1');
    c.closeSync();
    inst.closeSync();
    const r = fractable(['analyze', gap]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`expected every run of every design point finished, found scenario "${EVIL_SCENARIO}": 1 run(s) missing at design point(s) 7`);
    const none = fractable(['analyze', join(dir, 'nope.duckdb')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('expected an existing results store, found no such file');
    expect(existsSync(join(dir, 'nope.duckdb'))).toBe(false);
  });
});
