/**
 * Damaged and foreign stores for the table-driven CLI tests (test/cli/damaged-stores.test.ts:
 * each command once; test/slow/damaged-stores.test.ts: every command × every kind): a file that
 * is not a DuckDB database, a damaged one, a DuckDB file whose `study` table is not fractable's,
 * a study without a `runs` table, a study row whose JSON does not parse.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { expect } from 'vitest';
import { cli, fractable, root } from '../helpers.js';
import { studyDir } from '../study/helpers.js';

const dir = studyDir({ 's.yaml': 'name: s\nseed: 1\nreplicates: 2\nscenarios: [a.yaml]\nrecord: [outcome, metrics, series]\nseries: { every: 10 }\n' });
const good = join(dir, 'good.duckdb');

async function sql(file: string, ...statements: string[]): Promise<void> {
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  for (const s of statements) await c.run(s);
  c.closeSync();
  inst.closeSync();
}

/** file name → what the message must say */
export const KINDS: Record<string, RegExp> = {
  'garbage.duckdb': /expected a DuckDB results store, found a file that is not a DuckDB database/,
  'truncated.duckdb': /expected a (DuckDB|fractable) results store, found (a damaged DuckDB file|a file DuckDB cannot read|a file that is not a DuckDB database)/,
  'foreign.duckdb': /expected a fractable results store, found a study table that is not fractable's \(it lacks name, version, seed, spec_hash/,
  'noruns.duckdb': /expected a fractable results store, found a study table but no runs table/,
  'badjson.duckdb': /study\.spec: expected the resolved study as an object \(JSON\), found text that is not JSON/,
};

export const COMMANDS: [string, (db: string) => string[]][] = [
  ['summary', (db) => ['summary', db]],
  ['analyze', (db) => ['analyze', db]],
  ['discover', (db) => ['discover', db, '--outcome', 'deal']],
  ['report', (db) => ['report', db, '--out', join(dir, 'r.html')]],
  ['export', (db) => ['export', db, '--out', join(dir, `x-${db.split('/').pop()}`)]],
  ['status', (db) => ['status', db]],
  ['merge', (db) => ['merge', db, '--out', join(dir, 'm.duckdb')]],
  ['study --resume', (db) => ['study', join(dir, 's.yaml'), '--out', db, '--resume', '--quiet']],
];

/** The CLI as a child process, without blocking (the cases run a few at a time). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [cli, ...args], { cwd: root });
    let stdout = '', stderr = '';
    c.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    c.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    c.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Makes the good store and the five bad ones. */
export async function makeStores(): Promise<void> {
  expect(fractable(['study', join(dir, 's.yaml'), '--out', good, '--workers', '1', '--quiet', '--no-summary']).code).toBe(0);
  writeFileSync(join(dir, 'garbage.duckdb'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
  writeFileSync(join(dir, 'truncated.duckdb'), readFileSync(good).subarray(0, 20_000));
  await sql(join(dir, 'foreign.duckdb'), 'CREATE TABLE study (id INTEGER, title VARCHAR)', "INSERT INTO study VALUES (1, 'a survey')");
  for (const k of ['noruns', 'badjson']) copyFileSync(good, join(dir, `${k}.duckdb`));
  await sql(join(dir, 'noruns.duckdb'), 'DROP TABLE runs');
  await sql(join(dir, 'badjson.duckdb'), "UPDATE study SET spec = '{not json'");
}

export interface Case { kind: string; name: string; args: (db: string) => string[] }

/**
 * Runs the cases, at most one per kind at a time (never two opening the same file), and returns
 * those that did not exit 2 with one `fractable:` line naming the file and saying what is wrong.
 */
export async function failingCases(cases: Case[]): Promise<string[]> {
  const failures: string[] = [];
  const kinds = Object.keys(KINDS);
  const byKind = kinds.map((k) => cases.filter((c) => c.kind === k));
  await Promise.all(byKind.map(async (list) => {
    for (const { kind, name, args } of list) {
      const r = await run(args(join(dir, kind)));
      const lines = r.stderr.trimEnd().split('\n').filter((l) => l.startsWith('fractable:'));
      const ok = r.code === 2 && lines.length === 1 && lines[0]!.includes(kind) && KINDS[kind]!.test(lines[0]!)
        && !/\n\s+at |node:internal|SyntaxError|Catalog Error/.test(r.stderr);
      if (!ok) failures.push(`${name} ${kind}: exit ${r.code}\n${r.stderr.slice(0, 600)}`);
    }
  }));
  return failures;
}
