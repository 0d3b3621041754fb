/**
 * Output paths and numeric flags, end to end through the CLI: a bad output path (read-only,
 * permission denied, under /proc, a file where a directory belongs, a directory where a file
 * belongs) is one line and exit 2 before any work; numeric flags take 1e4 and 10_000; worker
 * counts are capped with the reason in the error; terminal control characters in names are
 * escaped in the summary table and in messages.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseInteger } from '../../src/cli/options.js';
import { fsReason } from '../../src/errors.js';
import { cli, fractable } from '../helpers.js';
import { studyDir } from '../study/helpers.js';

const isRoot = process.getuid?.() === 0;
// user nobody must be able to start the CLI at all: a checkout under a private directory (mktemp -d is 0700) cannot be read by it
const nobodyRuns = isRoot && spawnSync(process.execPath, [cli, '--version'], { uid: 65534, gid: 65534 }).status === 0;
if (isRoot && !nobodyRuns) console.warn(`paths.test: the permission test is skipped: user nobody cannot read ${cli} (a checkout under a private directory)`);
const slowStudy = (name: string, replicates: number) => `name: ${name}\nseed: 7\nreplicates: ${replicates}\nscenarios: [a.yaml]\n`;
const files = (o: Record<string, string>) => o;

describe('output paths are checked before any work (exit 2, one line)', () => {
  const dir = studyDir(files({ 's.yaml': slowStudy('s', 2) }));
  const study = join(dir, 's.yaml');
  chmodSync(dir, 0o755); // readable by the user nobody
  const mounts: string[] = [];
  afterAll(() => { for (const m of mounts) spawnSync('umount', [m]); });

  it('study --out under /proc fails fast instead of spinning in mkdir', () => {
    const t0 = performance.now();
    const r = fractable(['study', study, '--out', '/proc/x/s.duckdb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fractable: --out: \/proc\/x: expected a directory that can be created, found that \/proc\/x cannot be \(no such file or directory\)\n$/);
    expect(performance.now() - t0).toBeLessThan(20_000);
  });

  it.skipIf(!isRoot)('study --out on a read-only file system (a tmpfs mounted ro; needs root)', () => {
    const ro = join(dir, 'ro');
    mkdirSync(ro);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]);
    if (m.status !== 0) { console.warn(`skipped: mount failed: ${m.stderr}`); return; }
    mounts.push(ro);
    for (const out of [join(ro, 's.duckdb'), join(ro, 'sub', 's.duckdb')]) {
      const r = fractable(['study', study, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^fractable: --out: .*ro(\/sub)?: expected a directory (this process can write in|that can be created).*a read-only file system\)?\n$/);
    }
  });

  it.skipIf(!nobodyRuns)('study --out in a directory without write permission (run as user nobody; needs root and a checkout nobody can read)', () => {
    const locked = join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    const r = spawnSync(process.execPath, [cli, 'study', study, '--out', join(locked, 's.duckdb')], { cwd: dir, uid: 65534, gid: 65534, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^fractable: --out: .*locked: expected a directory this process can write in, found permission denied\n$/);
  });

  it('run --out onto a regular file, --log onto a directory: exit 2 before the run', () => {
    const file = join(dir, 'afile');
    writeFileSync(file, 'keep me');
    const r = fractable(['run', '--ticks', '5', '--agents', '200', '--out', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^fractable: --out: .*afile: expected a directory, found a file\n$/);
    expect(r.stdout).toBe('');
    const l = fractable(['--log', '.', 'run', '--ticks', '5', '--agents', '200'], { cwd: dir });
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/^fractable: --log: \.: expected a file, found a directory\n$/);
  });
});

describe('numeric flags and worker counts', () => {
  it('parseInteger: digits, underscores between digits, a positive exponent of a whole number', () => {
    expect(['10000', '10_000', '1e4', '1E4', '1e+4', ' 7 '].map(parseInteger)).toEqual([10000, 10000, 10000, 10000, 10000, 7]);
    expect(['-3', '1e-2', '_10', '10_', '1__0', '0x10', '1.5', '', '1e400', 'Infinity'].map(parseInteger)).toEqual(Array(10).fill(null));
  });

  it('take 1e4 and 10_000 as integers; refuse hex, fractions and signs', () => {
    const r = fractable(['run', '--ticks', '1e1', '--agents', '1_00', '--workers', '1', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ticks: 10, agents: 100 });
    for (const bad of ['0x10', '1.5']) {
      const b = fractable(['run', '--ticks', bad]);
      expect(b.code).toBe(2);
      expect(b.stderr).toContain(`--ticks: expected an integer in [1, 100000] (as 10000, 10_000 or 1e4), found "${bad}"`);
    }
  });

  it('--workers is capped at 4 × the available cores (at most 256), and the error says why', () => {
    const dir = studyDir(files({ 's.yaml': slowStudy('s', 1) }));
    const r = fractable(['study', join(dir, 's.yaml'), '--workers', '1000']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--workers: expected at most \d+ \(4 × the \d+ available cores, and never more than 256: each worker is a thread with its own heap/);
  });
});

describe('terminal control characters in names', () => {
  it('a scenario name with escape sequences is printed escaped by study, summary and in messages', () => {
    const dir = studyDir({ 'evil.yaml': 'name: "evil\\e[31mred\\e[2J"\nagents: 100\nticks: 10\n', 'ev.yaml': 'name: ev\nseed: 1\nreplicates: 1\nscenarios: [evil.yaml]\n' });
    const db = join(dir, 'ev.duckdb');
    const r = fractable(['study', join(dir, 'ev.yaml'), '--out', db, '--workers', '1', '--quiet']);
    expect(r.code).toBe(0);
    const s = fractable(['summary', db]);
    expect(s.code).toBe(0);
    for (const out of [r.stdout, s.stdout]) {
      expect(out).toContain('evil\\x1b[31mred\\x1b[2J');
      expect(out).not.toContain('\x1b');
    }
    const m = fractable(['summary', join(dir, 'no\x1b[2Jsuch.duckdb')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('no\\x1b[2Jsuch.duckdb: expected an existing results store, found no such file');
    expect(m.stderr).not.toContain('\x1b');
  });
});

describe('file-system errors in words (fsReason: what a write failure mid-study is reported as)', () => {
  it('Node errno errors and DuckDB IO errors of a full disk, a read-only file system, a permission', () => {
    const errno = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
    expect(fsReason(errno('ENOSPC'))).toBe('no space left on the device (the disk is full)');
    expect(fsReason(errno('EROFS'))).toBe('a read-only file system');
    expect(fsReason(errno('EACCES'))).toBe('permission denied');
    expect(fsReason(new Error('IO Error: Could not write file "x.duckdb.wal": No space left on device'))).toBe('no space left on the device (the disk is full)');
    expect(fsReason(new Error('IO Error: Cannot open file "x.duckdb.wal": Read-only file system'))).toBe('a read-only file system');
    expect(fsReason(new Error('IO Error: Cannot open file "x.duckdb.wal": Permission denied'))).toBe('permission denied');
    expect(fsReason(new Error('Constraint Error: duplicate key'))).toBeNull();
  });
});
