/**
 * The run report (`fractable run … --report FILE`) through the CLI: the file is written with its
 * sections, every user string is escaped, and in headless Chromium (Debian's package, as in
 * test/slow/browser.test.ts; skipped when missing, except under CI=true) it loads with no console error,
 * requests nothing, and every chart has drawn data marks.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getModel } from '../../src/models/index.js';
import { fractable, tempDir } from '../helpers.js';
import { EVIL_DESCRIPTION, EVIL_SCENARIO } from './helpers.js';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p)) ?? null;
const EVIL_CLAIM = `claims <img src=x onerror="console.error(2)"> & more`;

describe('fractable run --report', () => {
  const dir = tempDir('fractable-runreport-');
  const report = join(dir, 'out', 'run.html');
  let json: { digest: string; outcome: { kind: string; tick: number }; events: Record<string, number> };
  let html = '';

  beforeAll(() => {
    writeFileSync(join(dir, 'evil.yaml'), `name: ${JSON.stringify(EVIL_SCENARIO)}\ndescription: ${JSON.stringify(EVIL_DESCRIPTION)}\nclaim: ${JSON.stringify(EVIL_CLAIM)}\nextends: baseline\n`);
    const r = fractable(['run', join(dir, 'evil.yaml'), '--agents', '150', '--ticks', '80', '--seed', '4', '--report', report, '--json', '--quiet']);
    if (r.code !== 0) throw new Error(r.stderr);
    json = JSON.parse(r.stdout);
    html = readFileSync(report, 'utf8');
  }, 120_000);

  it('writes one self-contained page: outcome, every state variable, every population, the events', () => {
    const m = getModel('table');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/<script|<link|src="http|href="http/i);
    for (const id of ['outcome', 'state', 'shares', 'events']) expect(html).toContain(`<section id="${id}">`);
    expect(html).toContain(`${json.outcome.kind} at tick ${json.outcome.tick}`);
    expect(html).toContain(json.digest);
    // every state variable has a panel titled with its unit; every population has a share chart
    for (const v of m.state) expect(html, v.name).toContain(`${v.name} (${v.unit})`);
    m.populations.forEach((p, i) => { expect(html).toContain(`id="chart-shares-${i}"`); expect(html).toContain(`${p.name}: share of its`); });
    // the event table counts each kind as the run did
    for (const [kind, n] of Object.entries(json.events)) expect(html).toMatch(new RegExp(`<td>${kind}</td><td class="num">${n}</td>`));
    expect(html).toContain('id="chart-events"');
  });

  it('escapes every user string (scenario name, description, claim)', () => {
    expect(html).not.toContain('<script>console.error');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<b>description</b>');
    expect(html).toContain('&lt;script&gt;console.error(&quot;xss&quot;)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;');
    expect(html).toContain('claims &lt;img src=x onerror=&quot;console.error(2)&quot;&gt; &amp; more');
  });

  it('a directory as --report: exit 2 before the run, nothing written', () => {
    const r = fractable(['run', 'baseline', '--agents', '150', '--ticks', '10', '--report', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('expected a file path, found a directory');
    expect(r.stdout).toBe('');
  });

  describe('in headless Chromium', () => {
    let close: (() => Promise<void>) | null = null;
    let check: { errors: string[]; requests: string[]; charts: { id: string; marks: number; drawn: number }[]; text: string } | null = null;
    beforeAll(async () => {
      if (!CHROMIUM) return;
      const { chromium } = await import('playwright-core');
      const ctx = await chromium.launchPersistentContext(tempDir('fractable-chromium-'), { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'], viewport: { width: 1280, height: 900 } });
      close = () => ctx.close();
      const page = await ctx.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') errors.push(`console.${msg.type()}: ${msg.text()}`); });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      const url = pathToFileURL(report).href;
      await page.route('**/*', (route) => { const u = route.request().url(); if (u !== url) { requests.push(u); return route.abort(); } return route.continue(); });
      await page.goto(url, { waitUntil: 'load' });
      const charts = await page.evaluate(() => Array.from(document.querySelectorAll('figure.chart')).map((f) => {
        const marks = Array.from(f.querySelectorAll('svg .role-mark > path, svg .role-mark > line, svg .role-mark > text, svg .role-mark > rect')) as SVGGraphicsElement[];
        return { id: f.id, marks: marks.length, drawn: marks.filter((x) => { const b = x.getBBox(); return b.width > 0 || b.height > 0; }).length };
      }));
      check = { errors, requests, charts, text: await page.evaluate(() => document.body.innerText) };
    }, 120_000);
    afterAll(async () => { await close?.(); });

    it('loads with no console error, requests nothing, and every chart drew its data', (t) => {
      if (!check) { if (process.env.CI === 'true') throw new Error('CI=true: Chromium is required'); t.skip(); return; }
      expect(check.errors).toEqual([]);
      expect(check.requests).toEqual([]);
      const ids = check.charts.map((c) => c.id);
      expect(ids[0]).toBe('chart-state');
      expect(ids.filter((id) => id.startsWith('chart-shares-'))).toHaveLength(getModel('table').populations.length);
      expect(ids).toContain('chart-events');
      for (const c of check.charts) { expect(c.marks, c.id).toBeGreaterThan(0); expect(c.drawn, c.id).toBeGreaterThan(0); }
      expect(check.text).toContain(EVIL_SCENARIO); // shown as text, not run
      expect(check.text).toContain(EVIL_CLAIM);
    });
  });
});
