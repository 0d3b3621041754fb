/**
 * A study's own outputs (`outputs:` in the study file; src/study/outputs.ts): DuckDB SQL over a
 * run's series and events, one value per run.
 *
 * In process: each query's value on real runs against the same number computed in JS from the
 * run's kept series and events (NULL and 0 on no rows, a flag as 0/1), a query that returns two
 * rows fails the run, and every kind of bad query is one message naming file, field, expected and
 * found. Through the CLI, one small Morris study: the stored columns against the stored series
 * and events, summary, analyze (default outputs), discover on a threshold of an output, export,
 * and a bad query refused by validate and study (exit 2, nothing written). Resume and shards +
 * merge are checked by the slow suite's studies, which declare outputs (test/slow/resume.test.ts,
 * test/slow/shards.test.ts).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { runScenario } from '../../src/scenarios/run.js';
import { analyzeStudy, discoverStudy } from '../../src/study/analysis.js';
import { exportStore } from '../../src/study/export.js';
import { checkOutputs, OutputEvaluator } from '../../src/study/outputs.js';
import { summarize } from '../../src/study/summary.js';
import { keepOf } from '../../src/study/runner.js';
import { loadStudy, resolveStudy } from '../../src/study/spec.js';
import { fractable } from '../helpers.js';
import { query, studyDir } from './helpers.js';

const OUTPUTS = `outputs:
  peak_tension: SELECT max(tension) FROM series
  first_offer: { query: "SELECT min(tick) FROM events WHERE kind = 'offer'", unit: week }
  offers: "SELECT count(*) FROM events WHERE kind = 'offer'"
  struck: "SELECT bool_or(kind = 'strike') FROM events"
  late_tension: SELECT max(tension) FROM series WHERE tick > 100000
`;

describe('outputs evaluated per run (in process)', () => {
  const dir = studyDir();
  const study = resolveStudy({
    name: 'o', seed: 2, replicates: 1, scenarios: ['a.yaml', 'b.yaml'], record: ['outcome', 'series', 'events'],
    series: { every: 5, variables: ['tension', 'gap'] },
    outputs: {
      peak_tension: 'SELECT max(tension) FROM series',
      first_offer: "SELECT min(tick) FROM events WHERE kind = 'offer'",
      offers: "SELECT count(*) FROM events WHERE kind = 'offer'",
      struck: "SELECT bool_or(kind = 'strike') FROM events",
      late_tension: 'SELECT max(tension) FROM series WHERE tick > 100000',
      no_row: 'SELECT tick FROM series WHERE tick < 0',
    },
  }, join(dir, 'o.yaml'));

  it('gives each query\'s value on the run\'s own rows: the numbers computed from its series and events', async () => {
    const ev = (await OutputEvaluator.create(study))!;
    try {
      for (const [k, sc] of study.scenarios.entries()) {
        for (const seed of [1, 2, 3]) {
          const r = await runScenario({ ...sc, seed }, { mode: 'inline', keep: keepOf(study) });
          const v = await ev.evaluate(k * 10 + seed, r);
          if ('error' in v) throw new Error(v.error);
          const sr = r.series!, w = sr.stateColumns.length;
          const tension = Array.from({ length: sr.ticks.length }, (_, i) => sr.state[i * w]!);
          const offers = r.events.filter((e) => e.kind === 'offer');
          expect(v.values).toEqual([
            Math.max(...tension),
            offers.length ? Math.min(...offers.map((e) => e.tick)) : null,
            offers.length,
            r.events.length ? (r.events.some((e) => e.kind === 'strike') ? 1 : 0) : null,
            null, // an aggregate over no rows
            null, // no row at all
          ]);
        }
      }
    } finally {
      ev.close();
    }
  });

  it('a query that returns more than one row fails the run with the output\'s name', async () => {
    const s = resolveStudy({ name: 'o', scenarios: ['a.yaml'], record: ['outcome', 'events'], outputs: { offer_ticks: "SELECT tick FROM events WHERE kind = 'offer'" } }, join(dir, 'o.yaml'));
    const ev = (await OutputEvaluator.create(s))!;
    try {
      const r = await runScenario(s.scenarios[0]!, { mode: 'inline', keep: keepOf(s) });
      expect(r.events.filter((e) => e.kind === 'offer').length).toBeGreaterThan(1);
      expect(await ev.evaluate(0, r)).toEqual({ error: 'outputs.offer_ticks: expected one value per run, found more than one row (aggregate them: min(), max(), count(), …)' });
    } finally {
      ev.close();
    }
  });

  const where = 'o.yaml: outputs.x: expected';
  const over = 'a read-only SELECT over the run\'s recorded tables, series (run_id, tick, tension, gap), giving one numeric or boolean value, found';
  const bad: Array<[string, string, string | RegExp]> = [
    ['a column not recorded', 'SELECT max(enrichment) FROM series', `${where} ${over} Binder Error: Referenced column "enrichment" not found in FROM clause! (enrichment is not recorded: add it to series.variables)`],
    ['a misspelt column', 'SELECT max(tensoin) FROM series', /found Binder Error: Referenced column "tensoin" not found .*\(series holds run_id, tick, tension, gap \(did you mean "tension"\?\)\)$/],
    ['a table not recorded', "SELECT count(*) FROM events WHERE kind = 'strike'", `${where} ${over} Catalog Error: Table with name events does not exist! (the study does not record events: add events to record)`],
    ['the runs table', 'SELECT max(outcome_tick) FROM runs', /found Catalog Error: Table with name runs does not exist! \(an output reads one run's series and events; the runs table is not one of them\)$/],
    ['a syntax error', 'SELECT max(tension FROM series', `${where} ${over} syntax error at or near "FROM"`],
    ['two columns', 'SELECT min(tension), max(tension) FROM series', `${where} a query that returns exactly one column (one value per run), found 2 columns (min(tension), max(tension))`],
    ['text', "SELECT 'high' FROM series", `${where} a numeric or boolean value (an output is a number per run), found a VARCHAR column ('high')`],
    ['a write', 'DELETE FROM series', `${where} ${over} the statement DELETE (one read-only SELECT only)`],
    ['a second statement', 'SELECT max(tension) FROM series; DROP TABLE series', `${where} ${over} a statement other than a SELECT after the first (one read-only SELECT only)`],
    ['a file', "SELECT count(*) FROM read_csv('/etc/passwd')", `${where} ${over} the table function read_csv(): only the tables series and events may be read`],
    ['random()', 'SELECT max(tension) * random() FROM series', `${where} ${over} the function random(), whose value changes from one call to the next: a run's value must be reproducible`],
    ['now()', 'SELECT epoch(now()) FROM series', /found the function now\(\), whose value changes from one call to the next/],
    ['a sample', 'SELECT avg(tension) FROM series USING SAMPLE 50%', `${where} ${over} a SAMPLE clause (a random subset of rows): a run's value must be reproducible`],
  ];
  it.each(bad)('refuses %s with one line: file, outputs.<name>, expected, found', async (_what, q, message) => {
    writeFileSync(join(dir, 'bad.yaml'), `name: t\nscenarios: [a.yaml]\nrecord: [outcome, series]\nseries: { variables: [tension, gap] }\noutputs:\n  x: ${JSON.stringify(q)}\n`);
    const s = loadStudy(join(dir, 'bad.yaml'));
    const e = await checkOutputs(s).then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(InputError);
    const msg = (e as Error).message.replace(`${join(dir, 'bad.yaml')}`, 'o.yaml');
    expect(msg.split('\n')).toHaveLength(1);
    if (typeof message === 'string') expect(msg).toBe(message);
    else expect(msg).toMatch(message);
  });

  const names: Array<[string, RegExp]> = [
    ['Peak', /outputs\.Peak: expected an output name of lower-case letters, digits and "_", starting with a letter, at most 63 characters \(it names a column of runs\), found "Peak"/],
    ['seed', /outputs\.seed: expected a name that is not one of the runs table's own columns \(run_id, .*\), found "seed"/],
    ['p_strike', /outputs\.p_strike: expected a name that does not start with out_, final_, share_, mean_share_, events_, p_ \(the prefixes of built-in columns and outputs\), found "p_strike", which starts with "p_"/],
  ];
  it.each(names)('refuses the output name %s', (name, message) => {
    writeFileSync(join(dir, 'bad-name.yaml'), `name: t\nscenarios: [a.yaml]\nrecord: [outcome, series]\noutputs:\n  ${name}: SELECT max(tension) FROM series\n`);
    expect(() => loadStudy(join(dir, 'bad-name.yaml'))).toThrow(message);
  });

  it('keeps the spec hash of a study without outputs, and changes it with a query', () => {
    const base = { name: 'h', scenarios: ['a.yaml'], record: ['outcome', 'series'] };
    const plain = resolveStudy(base, join(dir, 'h.yaml'));
    expect(plain.spec.outputs).toBeUndefined();
    const a = resolveStudy({ ...base, outputs: { m: 'SELECT max(tension) FROM series' } }, join(dir, 'h.yaml'));
    const b = resolveStudy({ ...base, outputs: { m: 'SELECT min(tension) FROM series' } }, join(dir, 'h.yaml'));
    const unit = resolveStudy({ ...base, outputs: { m: { query: 'SELECT max(tension) FROM series', unit: 'tension' } } }, join(dir, 'h.yaml'));
    expect(new Set([plain.specHash, a.specHash, b.specHash]).size).toBe(3);
    expect(unit.specHash).toBe(a.specHash); // a unit does not change the values
  });
});

describe('outputs through the CLI: stored, summarised, analysed, discovered, exported', () => {
  const dir = studyDir({
    'study.yaml': `name: outs
seed: 8
replicates: 2
scenarios: [a.yaml]
design:
  method: morris
  samples: 2
  parameters:
    credibility.reversalAppeal: [0.05, 0.6]
    proxies.militiaAutonomy: [0.1, 0.9]
record: [outcome, metrics, series, events]
series: { every: 5, variables: [tension, gap] }
${OUTPUTS}`,
  });
  const db = join(dir, 'outs.duckdb');

  it('stores one column per output, equal to the values computed from the stored series and events, and every command reads them', async () => {
    const r = fractable(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '2', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    // summary (printed at the end of the study): mean, sd, range per scenario
    expect(r.stdout).toContain("the study's outputs per scenario (over the finished runs with a value; sd: sample standard deviation):");
    expect(r.stdout).toMatch(/\na +first_offer \(week\) +\d+ /);
    expect(r.stdout).toMatch(/\na +late_tension +0 +— +— +— +—\n/);

    const runs = await query(db, 'SELECT run_id, peak_tension, first_offer, offers, struck, late_tension FROM runs ORDER BY run_id');
    const series = await query(db, 'SELECT run_id, tick, tension FROM series');
    const events = await query(db, 'SELECT run_id, tick, kind FROM events');
    expect(runs).toHaveLength(12);
    for (const row of runs) {
      const t = series.filter((s) => s.run_id === row.run_id).map((s) => Number(s.tension));
      const ev = events.filter((e) => e.run_id === row.run_id);
      const offers = ev.filter((e) => e.kind === 'offer').map((e) => Number(e.tick));
      expect(row.peak_tension).toBe(Math.max(...t));
      expect(row.first_offer).toBe(offers.length ? Math.min(...offers) : null);
      expect(row.offers).toBe(offers.length);
      expect(row.struck).toBe(ev.length ? (ev.some((e) => e.kind === 'strike') ? 1 : 0) : null);
      expect(row.late_tension).toBeNull();
    }
    const types = Object.fromEntries((await query(db, 'DESCRIBE runs')).map((c) => [c.column_name, c.column_type]));
    for (const c of ['peak_tension', 'first_offer', 'offers', 'struck', 'late_tension']) expect(types[c]).toBe('DOUBLE');

    // summary (from code: the CLI printed it above)
    const sum = await summarize(db);
    const peak = sum.outputs!.find((o) => o.output === 'peak_tension')!;
    expect(peak.n).toBe(12);
    expect(peak.mean).toBeCloseTo(runs.reduce((a, x) => a + Number(x.peak_tension), 0) / 12, 12);
    expect(sum.outputs!.find((o) => o.output === 'first_offer')!.unit).toBe('week');

    // analyze: the study's outputs are among the default outputs (an output NULL everywhere is named and skipped)
    const an = await analyzeStudy(db, { resamples: 50 });
    expect(an.outputs).toContain('peak_tension');
    expect(an.rows.some((x) => x.output === 'peak_tension' && x.index === 'mu_star')).toBe(true);
    expect(an.skipped.find((x) => x.output === 'late_tension')?.reason).toMatch(/^undefined at design point\(s\)/);

    // discover on a threshold of an output (through the CLI): the median of the points' means splits them
    const means = (await query(db, 'SELECT avg(peak_tension) AS m FROM runs GROUP BY design_point ORDER BY m')).map((x) => Number(x.m));
    const cut = means[3]!;
    const d = fractable(['discover', db, '--output', 'peak_tension', '--threshold', String(cut), '--min-mass', '0.1']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain(`scenario a, output peak_tension: 6 design points, a case of interest when the mean of peak_tension over its replicates ≥ ${cut}; 3 case(s) of interest`);
    const criterion = async () => query(db, 'SELECT DISTINCT outcome, criterion, mode FROM prim_boxes');
    expect(await criterion()).toEqual([{ outcome: 'peak_tension', criterion: `mean peak_tension ≥ ${cut}`, mode: 'point' }]);
    const [below] = await discoverStudy(db, { output: 'peak_tension', threshold: cut, direction: 'below', mode: 'run', minMass: 0.1 });
    expect(below!.cases).toBe(runs.filter((x) => Number(x.peak_tension) <= cut).length);
    // the same output again replaces its rows
    expect(await criterion()).toEqual([{ outcome: 'peak_tension', criterion: `peak_tension ≤ ${cut}`, mode: 'run' }]);
    await expect(discoverStudy(db, { output: 'peak_tension' })).rejects.toThrow('--threshold: expected a number with --output');
    await expect(discoverStudy(db, { output: 'peak_tensio', threshold: 1 })).rejects.toThrow(/--outputs: expected .*found "peak_tensio"/);

    // export: the columns travel with runs
    const out = join(dir, 'csv');
    await exportStore(db, 'csv', out);
    const header = readFileSync(join(out, 'runs.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header).toEqual(expect.arrayContaining(['peak_tension', 'first_offer', 'offers', 'struck', 'late_tension']));
  });

  it('a bad query: validate and study exit 2 with one line, and nothing is written', () => {
    writeFileSync(join(dir, 'bad.yaml'), `name: bad\nscenarios: [a.yaml]\nrecord: [outcome, series]\nseries: { variables: [tension] }\noutputs:\n  peak: SELECT max(tension), 1 FROM series\n`);
    const message = 'bad.yaml: outputs.peak: expected a query that returns exactly one column (one value per run), found 2 columns (max(tension), 1)';
    const v = fractable(['validate', join(dir, 'bad.yaml')]);
    expect(v.code).toBe(2);
    expect(v.stderr.trim().split('\n')).toHaveLength(1);
    expect(v.stderr).toContain(message);
    const out = join(dir, 'nothing', 'bad.duckdb');
    const s = fractable(['study', join(dir, 'bad.yaml'), '--out', out]);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain(message);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
