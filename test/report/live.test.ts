/**
 * A study's live views while it runs, end to end through the CLI: `study --serve` (its page in
 * headless Chromium: it loads, it updates while the study runs, per scenario and per design
 * point (bounded by --live-points), it shows how the study ended, no console error, no request
 * but to the study's own server), `summary --live` from the status file while the store is
 * locked, and the refusals (a bad address, a port in use) before any run.
 *
 * Without Chromium (the install failed) the page checks are skipped, except under CI=true.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureChromium, FLAGS } from '../chromium.js';
import { cli, fractable, root } from '../helpers.js';
import { studyDir } from '../study/helpers.js';

// 2 scenarios × 2 design points × 15 replicates = 60 runs of 150 agents × 208 ticks: several seconds on one worker
const STUDY = `name: live
seed: 9
replicates: 15
scenarios: [a.yaml, b.yaml]
agents: 150
ticks: 208
design:
  method: grid
  samples: 2
  parameters:
    proxies.militiaAutonomy: [0.2, 0.8]
`;

function startStudy(args: string[]) {
  const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FRACTABLE_STATUS_EVERY_MS: '200' } });
  let stderr = '', stdout = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  const url = new Promise<string>((ok, fail) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      const m = /live page: (http:\/\/\S+)/.exec(stderr);
      if (m) ok(m[1]!);
    });
    child.on('close', () => fail(new Error(`the study ended before it printed its page:\n${stderr}`)));
  });
  url.catch(() => undefined); // a study refused at start never prints one: the caller awaits exit instead
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((ok) => child.on('close', (code) => ok({ code, stdout, stderr })));
  return { child, url, exit };
}

describe('a running study seen live', () => {
  let browser: Browser | null = null;
  let log = '';
  beforeAll(async () => {
    const c = ensureChromium();
    log = c.log;
    if (c.path) {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: c.path, headless: true, args: FLAGS.filter((f) => f !== '--headless') });
    }
  }, 1_200_000);
  afterAll(async () => { await browser?.close(); });

  it('--serve: the page loads, updates while runs are stored and shows the end; summary --live reads the status file meanwhile', async () => {
    const dir = studyDir({ 'study.yaml': STUDY });
    const db = join(dir, 'live.duckdb');
    // 4 pairs of scenario and design point, 3 shown: the bound at work
    const s = startStudy(['study', join(dir, 'study.yaml'), '--out', db, '--workers', '1', '--serve', '0', '--no-progress', '--quiet', '--live-points', '3']);
    const url = await s.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    // read-only: GET only, two paths only
    expect((await fetch(url, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${url}nope`)).status).toBe(404);

    // the page first, so that it sees the study from its start
    let page: Page | null = null;
    const errors: string[] = [], foreign: string[] = [];
    if (browser) {
      page = await browser.newPage();
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(`console.${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
      page.on('request', (r) => { if (!r.url().startsWith(url)) foreign.push(r.url()); });
      await page.goto(url, { waitUntil: 'load' });
    } else if (process.env.CI === 'true') {
      throw new Error(`CI=true: Chromium is required and could not be installed:\n${log}`);
    }
    const done = async () => Number(/^(\d+) of 60 runs$/.exec((await page!.textContent('#done')) ?? '')?.[1] ?? -1);
    let first = -1;
    if (page) {
      await page.waitForFunction(() => /^\d+ of 60 runs$/.test(document.getElementById('done')!.textContent ?? ''));
      first = await done();
    }

    // while the study holds its store: --live reads the status file (once a run is stored), plain summary is refused with the hint
    const storedSome = (t: string) => /^live: /.test(t) && /\n[1-9]\d* of 60 runs stored/.test(t);
    let live = fractable(['summary', db, '--live']);
    for (let i = 0; i < 100 && live.code === 0 && !storedSome(live.stdout) && !/\n60 of 60 runs stored/.test(live.stdout); i++) {
      await new Promise((ok) => setTimeout(ok, 100));
      live = fractable(['summary', db, '--live']);
    }
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toMatch(/^live: live\.duckdb\.status\.json written \d+ s ago by pid \d+ on .* \(study running/);
    expect(live.stdout).toMatch(/\n\d+ of 60 runs stored \(incomplete: --resume runs the rest\), 0 failed\n/);
    expect(live.stdout).toMatch(/\na +\d+ +0 +\d+\.\d% \[/);
    // per design point: at most 3 of the 4 pairs, with the factor's value, runs and shares
    expect(live.stdout).toMatch(/\noutcome shares per design point: (every pair of scenario and design point with a run stored \([123] of 4\)|the 3 pairs of scenario and design point with the most runs stored \(of 4 with runs, 4 in all; ties: scenario order, then point\)):\nscenario +point +proxies\.militiaAutonomy +runs +failed +deal/);
    // which pairs are shown depends on how far the study got: any of them, each with its point's own value
    const pointRows = [...live.stdout.matchAll(/\n([ab]) +([01]) +(0\.[28]) +\d+ +0 +\d+\.\d% \[/g)];
    expect(pointRows.length).toBeGreaterThan(0);
    for (const m of pointRows) expect(m[3]).toBe(m[2] === '0' ? '0.2' : '0.8');
    const status = JSON.parse(readFileSync(`${db}.status.json`, 'utf8')) as { live: { points: { rows: Array<{ scenario: string; design_point: number; values: number[]; runs: number }>; limit: number; pairs: number } } };
    expect(status.live.points.limit).toBe(3);
    expect(status.live.points.pairs).toBe(4);
    expect(status.live.points.rows.length).toBeLessThanOrEqual(3);
    for (const r of status.live.points.rows) expect(r.values).toEqual([r.design_point === 0 ? 0.2 : 0.8]);
    const locked = fractable(['summary', db]);
    if (locked.code !== 0) {
      expect(locked.code).toBe(2);
      expect(locked.stderr).toContain('--live');
    }

    if (page) {
      // it updates while the study runs
      await page.waitForFunction((n) => Number(/^(\d+)/.exec(document.getElementById('done')!.textContent ?? '')?.[1]) > n, first, { timeout: 60_000 });
      expect(await done()).toBeGreaterThan(first);
      const headers = await page.$$eval('#head th', (th) => th.map((x) => x.textContent));
      expect(headers.slice(0, 3)).toEqual(['scenario', 'runs', 'failed']);
      expect(headers).toContain('stalemate');
      expect(await page.$$eval('#rows tr', (tr) => tr.map((r) => r.firstElementChild!.textContent))).toEqual(['a', 'b']);
      // per design point: the factor's column, at most 3 rows, each a scenario, a point and its value
      expect(await page.isVisible('#points')).toBe(true);
      const pheaders = await page.$$eval('#phead th', (th) => th.map((x) => x.textContent));
      expect(pheaders.slice(0, 5)).toEqual(['scenario', 'point', 'proxies.militiaAutonomy', 'runs', 'failed']);
      expect(pheaders).toContain('stalemate');
      const prow = async () => page!.$$eval('#prows tr', (tr) => tr.map((r) => [...r.children].slice(0, 3).map((c) => c.textContent)));
      const before = await prow();
      expect(before.length).toBeGreaterThan(0);
      expect(before.length).toBeLessThanOrEqual(3);
      for (const [sc, pt, v] of before) {
        expect(['a', 'b']).toContain(sc);
        expect(v).toBe(pt === '0' ? '0.2' : '0.8');
      }
      // and shows how it ended
      await page.waitForFunction(() => document.getElementById('state')!.textContent === 'finished', undefined, { timeout: 120_000 });
      expect(await done()).toBe(60);
      // at the end: the 3 pairs with the most runs (15 each: ties, so scenario order then point), and the bound said
      expect(await prow()).toEqual([['a', '0', '0.2'], ['a', '1', '0.8'], ['b', '0', '0.2']]);
      expect(await page.$$eval('#prows tr', (tr) => tr.map((r) => r.children[3]!.textContent))).toEqual(['15', '15', '15']);
      expect(await page.textContent('#pnote')).toContain('The 3 pairs of scenario and design point with the most runs stored (of 4 with runs, 4 in all');
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      await page.close();
    }

    const r = await s.exit;
    expect(r.code, r.stderr).toBe(0);
    // finished: summary reads the store itself
    expect(fractable(['summary', db]).stdout).toContain('60 of 60 runs stored, 0 failed');
  }, 240_000);

  it('--serve refuses a bad address and a port in use before any run (exit 2, no store)', async () => {
    const dir = studyDir({ 'study.yaml': STUDY });
    const bad = fractable(['study', join(dir, 'study.yaml'), '--out', join(dir, 'x.duckdb'), '--serve', 'localhost:99999']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--serve: expected [HOST:]PORT with a port from 0 to 65535');
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', () => ok()));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await startStudy(['study', join(dir, 'study.yaml'), '--out', join(dir, 'y.duckdb'), '--serve', `127.0.0.1:${port}`]).exit;
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--serve 127.0.0.1:${port}: expected an address this process can listen on, found the port in use by another process`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(join(dir, 'y.duckdb'))).toBe(false);
    } finally {
      busy.close();
    }
  }, 60_000);
});
