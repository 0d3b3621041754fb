/** Helpers of the study tests: small scenario and study files, the CLI as a child process, tables read back. */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { cli, root, tempDir } from '../helpers.js';

/** Small worlds: 100 agents × 52 ticks (a few ms a run). */
export const SMALL = 'agents: 100\nticks: 52\n';

/** A temp directory with two small scenarios (a, b) and the study files given. */
export function studyDir(files: Record<string, string> = {}): string {
  const dir = tempDir('fractable-study-');
  writeFileSync(join(dir, 'a.yaml'), `name: a\n${SMALL}`);
  writeFileSync(join(dir, 'b.yaml'), `name: b\n${SMALL}params:\n  interventions:\n    clarity: 0.2\n`);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A study of the two small scenarios over an LHS design, with series. */
export const designStudy = (name: string, replicates: number) => `name: ${name}
seed: 11
replicates: ${replicates}
scenarios: [a.yaml, b.yaml]
design:
  method: lhs
  samples: 3
  parameters:
    credibility.reversalAppeal: [0.05, 0.6]
    proxies.militiaAutonomy: [0.1, 0.9]
record: [outcome, metrics, series]
series: { every: 10, variables: [tension, gap] }
`;

/** Reads a table of a store (read-only), ordered by `order`, without the `exclude` columns, as JSON-safe rows. */
export async function table(db: string, name: string, order: string, exclude: string[] = []): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  try {
    const ex = exclude.length ? ` EXCLUDE (${exclude.join(', ')})` : '';
    return (await c.runAndReadAll(`SELECT *${ex} FROM ${name} ORDER BY ${order}`)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

export async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

/** The runs table of a store without wall_ms, by run_id. */
export const runsOf = (db: string) => table(db, 'runs', 'run_id', ['wall_ms']);

/**
 * Starts the CLI as a child process; `stored` resolves when at least n "run stored" debug
 * lines (one per committed run, with --verbose) have been logged.
 */
export function startCli(args: string[], cwd = root) {
  const child: ChildProcess = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '', stdout = '', stored = 0;
  const waiters: Array<{ n: number; resolve: () => void; reject: (e: Error) => void }> = [];
  child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    stderr += text;
    stored += (text.match(/"msg":"run stored"/g) ?? []).length;
    for (const w of waiters.splice(0)) { if (stored >= w.n) w.resolve(); else waiters.push(w); }
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`the study exited (code ${code}) after ${stored} stored runs, before ${w.n}:\n${stderr}`));
      resolve({ code, signal, stdout, stderr });
    });
  });
  return {
    child,
    exit,
    stored: (n: number) => new Promise<void>((resolve, reject) => { if (stored >= n) resolve(); else waiters.push({ n, resolve, reject }); }),
  };
}
