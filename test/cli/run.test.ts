import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fractable, tempDir } from '../helpers.js';

describe('fractable run (end to end)', () => {
  it('prints a human summary: outcome, final state, shares', () => {
    const r = fractable(['run', 'baseline', '--agents', '300', '--ticks', '60', '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/outcome: (deal|deal-censored|interim|collapse|kinetic|stalemate|breakout) at tick \d+/);
    expect(r.stdout).toContain('final state:');
    expect(r.stdout).toMatch(/iran\.leader\s+accept \d+%/);
  });

  it('--json prints one object with the documented keys; the digest does not depend on --workers', () => {
    const a = JSON.parse(fractable(['run', 'baseline', '--agents', '3000', '--ticks', '50', '--json', '--quiet', '--workers', '1']).stdout);
    const b = JSON.parse(fractable(['run', 'baseline', '--agents', '3000', '--ticks', '50', '--json', '--quiet', '--workers', '3', '--mode', 'sharded']).stdout);
    for (const k of ['scenario', 'seed', 'agents', 'ticks', 'workers', 'outcome', 'final', 'digest']) expect(a).toHaveProperty(k);
    expect(a.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.workers).toBe(3);
    expect(b.digest).toBe(a.digest);
    const c = JSON.parse(fractable(['run', 'baseline', '--agents', '3000', '--ticks', '50', '--json', '--quiet', '--seed', '2']).stdout);
    expect(c.digest).not.toBe(a.digest);
  });

  it('--out writes series.csv, events.csv, run.json and a scenario.yaml that re-runs to the same digest', () => {
    const dir = join(tempDir(), 'out');
    const r = fractable(['run', 'baseline', '--agents', '300', '--ticks', '40', '--out', dir, '--json', '--quiet']);
    expect(r.code).toBe(0);
    const first = JSON.parse(r.stdout);
    const csv = readFileSync(join(dir, 'series.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(41);
    expect(csv[0].split(',')).toContain('tension');
    const run = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    expect(run.digest).toBe(first.digest);
    expect(run.resolved.params.credibility.reversalAppeal).toBeTypeOf('number');
    const again = JSON.parse(fractable(['run', join(dir, 'scenario.yaml'), '--json', '--quiet']).stdout);
    expect(again.digest).toBe(first.digest);
  });

  it('logs JSON lines to --log FILE', () => {
    const log = join(tempDir(), 'run.log');
    expect(fractable(['run', 'baseline', '--agents', '300', '--ticks', '30', '--log', log, '--verbose']).code).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines[0].msg).toBe('run');
    expect(lines.some((l) => l.msg === 'outcome')).toBe(true);
  });

  it('rejects bad flags with exit code 2 and writes nothing', () => {
    const dir = join(tempDir(), 'never');
    for (const args of [['--agents', 'many'], ['--agents', '5'], ['--ticks', '0'], ['--workers', '-1'], ['--seed', '1.5'], ['--mode', 'warp'], ['--bogus']]) {
      const r = fractable(['run', 'baseline', ...args, '--out', dir]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.length).toBeGreaterThan(0);
    }
    expect(existsSync(dir)).toBe(false);
  });

  it('lists the built-in scenarios, one line each', () => {
    const r = fractable(['scenarios']);
    expect(r.code).toBe(0);
    const names = r.stdout.trim().split('\n').map((l) => l.split(/\s+/)[0]);
    for (const n of ['baseline', 'maximum-pressure', 'maximum-clarity', 'modular-deal', 'grand-bargain', 'isolated-iran', 'unified-us-command', 'proxy-restraint']) expect(names).toContain(n);
  });
});
