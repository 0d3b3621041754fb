/**
 * Slurm job arrays: a study split into n shards, one array task per shard.
 *
 * - `shardFromSlurm` maps an array task's environment (SLURM_ARRAY_TASK_ID, _MIN, _COUNT or
 *   _MAX, _STEP) to the study's 1-based shard i/n. With an explicit layout (`slurm:FIRST-LAST`,
 *   what the generated script uses) the mapping does not depend on which subset of the array
 *   was submitted, so `sbatch --array=2,5 SCRIPT` re-runs exactly shards 3 and 6 of a 0-based
 *   array.
 * - `sbatchScript` writes the one script of the array; its `# fractable-slurm {...}` line tells
 *   merge and status how array indices map to shards, so they can print the `sbatch --array=…`
 *   line that re-runs only the missing or incomplete tasks.
 */
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../files.js';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { packageRoot } from '../paths.js';
import { shardSize, type Shard } from './plan.js';

/** Slurm's environment of one array task (the variables sbatch sets; see `man sbatch`, OUTPUT ENVIRONMENT VARIABLES). */
export const SLURM_ARRAY_VARS = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_MAX', 'SLURM_ARRAY_TASK_COUNT', 'SLURM_ARRAY_TASK_STEP'] as const;

/** The array layout of a study: indices first … first + shards − 1, index k runs shard k − first + 1. */
export interface ArrayLayout { first: number; shards: number }

/** `slurm` (the layout from the environment) or `slurm:FIRST-LAST` (an explicit layout). */
export function isSlurmShard(text: string): boolean {
  return /^\s*slurm(\s*:.*)?$/.test(text);
}

const FLAG = '--shard slurm';

function envInt(env: NodeJS.ProcessEnv, name: string, required: boolean): number | null {
  const v = env[name];
  if (v === undefined || v.trim() === '') {
    if (required) throw new InputError(`${FLAG}: expected the environment of a Slurm array task (${name}), found it unset; run it inside a job array (sbatch --array=…), or use --shard i/n`);
    return null;
  }
  if (!/^\s*\d+\s*$/.test(v)) throw new InputError(`${FLAG}: ${name}: expected a non-negative integer, found ${JSON.stringify(v)}`);
  return Number(v);
}

/** Parses the layout of `slurm:FIRST-LAST` (null for a bare `slurm`). */
export function parseLayout(text: string): ArrayLayout | null {
  const m = /^\s*slurm\s*(?::\s*(.*))?$/.exec(text);
  if (!m) throw new InputError(`--shard: expected i/n, slurm or slurm:FIRST-LAST, found ${JSON.stringify(text)}`);
  if (m[1] === undefined) return null;
  const r = /^(\d+)\s*-\s*(\d+)$/.exec(m[1].trim());
  const first = r ? Number(r[1]) : NaN, last = r ? Number(r[2]) : NaN;
  if (!r || !(last >= first) || last - first + 1 > 1_000_000) {
    throw new InputError(`--shard: expected slurm:FIRST-LAST with FIRST <= LAST (the array's indices, e.g. slurm:0-99), found ${JSON.stringify(text)}`);
  }
  return { first, shards: last - first + 1 };
}

/**
 * The shard of this array task. Without a layout: i = (ID − MIN) / STEP + 1 of n = COUNT (or,
 * in Slurm releases without SLURM_ARRAY_TASK_COUNT, (MAX − MIN) / STEP + 1); an array that is
 * not one evenly stepped range (`--array=1,4,7-9`) cannot say which shard it is and is refused.
 * With a layout: i = ID − FIRST + 1 of n = LAST − FIRST + 1, whatever subset was submitted.
 */
export function shardFromSlurm(text: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const layout = parseLayout(text);
  const id = envInt(env, 'SLURM_ARRAY_TASK_ID', true)!;
  if (layout) {
    const last = layout.first + layout.shards - 1;
    if (id < layout.first || id > last) {
      throw new InputError(`${FLAG}:${layout.first}-${last}: SLURM_ARRAY_TASK_ID: expected an index in ${layout.first}-${last} (the study's array), found ${id}; submit only indices of the script's array`);
    }
    return { index: id - layout.first + 1, count: layout.shards };
  }
  const min = envInt(env, 'SLURM_ARRAY_TASK_MIN', true)!;
  const step = envInt(env, 'SLURM_ARRAY_TASK_STEP', false) ?? 1;
  const count = envInt(env, 'SLURM_ARRAY_TASK_COUNT', false);
  const max = envInt(env, 'SLURM_ARRAY_TASK_MAX', count === null);
  if (step < 1) throw new InputError(`${FLAG}: SLURM_ARRAY_TASK_STEP: expected a step of at least 1, found ${step}`);
  const found = SLURM_ARRAY_VARS.filter((v) => env[v] !== undefined).map((v) => `${v}=${env[v]}`).join(' ');
  const inconsistent = (why: string) => new InputError(`${FLAG}: expected one evenly stepped array (e.g. --array=0-99 or 1-100), found ${found}: ${why}; for a re-submitted subset use --shard slurm:FIRST-LAST with the original array's indices`);
  if (max !== null && max < min) throw inconsistent('MAX < MIN');
  if (max !== null && (max - min) % step !== 0) throw inconsistent('MAX − MIN is not a multiple of STEP');
  const n = count ?? (max! - min) / step + 1;
  if (n < 1) throw inconsistent('no task in the array');
  if (max !== null && max !== min + step * (n - 1)) throw inconsistent(`COUNT ${n} does not span MIN..MAX (a list of indices or a sparse array)`);
  if (id < min || (id - min) % step !== 0 || (id - min) / step >= n) throw inconsistent(`ID ${id} is not one of the array's indices`);
  return { index: (id - min) / step + 1, count: n };
}

/** The Slurm job and array ids of this process, for the status file (null outside Slurm). */
export function slurmJob(env: NodeJS.ProcessEnv = process.env): { job_id: string; array_job_id: string | null; array_task_id: string | null } | null {
  if (!env.SLURM_JOB_ID) return null;
  return { job_id: env.SLURM_JOB_ID, array_job_id: env.SLURM_ARRAY_JOB_ID ?? null, array_task_id: env.SLURM_ARRAY_TASK_ID ?? null };
}

/** `{i}` and `{n}` in a store path replaced by the shard. */
export function expandShardPath(path: string, shard: Shard | null): string {
  if (!shard) {
    if (/\{[in]\}/.test(path)) throw new InputError(`--out: expected {i} and {n} only with --shard, found ${JSON.stringify(path)}`);
    return path;
  }
  return path.replaceAll('{i}', String(shard.index)).replaceAll('{n}', String(shard.count));
}

/** Indices as Slurm's --array list: [0,1,2,5,7,8] → "0-2,5,7-8". */
export function arrayList(indices: readonly number[]): string {
  const xs = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < xs.length;) {
    let j = k;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(j > k ? `${xs[k]}-${xs[j]}` : String(xs[k]));
    k = j + 1;
  }
  return parts.join(',');
}

/** The shard store of task i of n in DIR, as the script names it. */
export const shardStoreName = (study: string, shard: Shard): string => `${study}.shard-${shard.index}-of-${shard.count}.duckdb`;

/** What `fractable slurm` records in the script's `# fractable-slurm` line. */
export interface SlurmManifest {
  format: 'fractable-slurm/1';
  study: string;
  spec_hash: string;
  /** array indices first … first + shards − 1 */
  first: number;
  shards: number;
  /** the study file the tasks run */
  file: string;
  /** the directory of the shard stores */
  dir: string;
  /** what the tasks run: `fractable study` (absent in scripts written before calibrations could be sharded) or `fractable calibrate --shard` */
  kind?: 'study' | 'calibration';
}

const MANIFEST_PREFIX = '# fractable-slurm ';

export interface SbatchOptions {
  manifest: SlurmManifest;
  /** the command each task runs, as argv (quoted for bash here) */
  command: string[];
  workers: number;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
  /** `%` throttle: at most this many tasks at once */
  maxRunning?: number;
  /** extra lines, each "#SBATCH …" */
  extra?: string[];
  /** Slurm's output file pattern for each task */
  output: string;
}

/** A word quoted for bash (single quotes unless plainly safe). */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`;
}

/** The sbatch script of the array. */
export function sbatchScript(o: SbatchOptions): string {
  const m = o.manifest;
  const last = m.first + m.shards - 1;
  const lines = [
    '#!/bin/bash',
    `# fractable ${m.kind === 'calibration' ? 'calibration' : 'study'} ${m.study} as a Slurm job array: ${m.shards} task(s), indices ${m.first}-${last}; index k runs shard k - ${m.first} + 1 of ${m.shards}.`,
    '# Written by `fractable slurm`. Submit: sbatch THIS_FILE. Re-run only some tasks: sbatch --array=LIST THIS_FILE',
    '# (`fractable merge` and `fractable status` print that line). A task resumes its own shard store.',
    `#SBATCH --job-name=${shellQuote(`fractable-${m.study}`)}`,
    `#SBATCH --array=${m.first}-${last}${o.maxRunning ? `%${o.maxRunning}` : ''}`,
    '#SBATCH --nodes=1',
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${o.workers}`,
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    ...(o.mem ? [`#SBATCH --mem=${o.mem}`] : []),
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.account ? [`#SBATCH --account=${o.account}`] : []),
    `#SBATCH --output=${o.output}`,
    '#SBATCH --open-mode=append',
    '#SBATCH --requeue',
    ...(o.extra ?? []),
    `${MANIFEST_PREFIX}${JSON.stringify(m)}`,
    'set -euo pipefail',
    // exec: the study process itself receives Slurm's SIGTERM (scancel, preemption, time limit) and stops cleanly
    `exec ${o.command.map(shellQuote).join(' ')}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Reads the manifest of a script written by `fractable slurm` (null if the file has none). */
export function readManifest(script: string): SlurmManifest | null {
  if (!existsSync(script)) return null;
  const line = readFileSync(script, 'utf8').split('\n').find((l) => l.startsWith(MANIFEST_PREFIX));
  if (!line) return null;
  try {
    const m = JSON.parse(line.slice(MANIFEST_PREFIX.length)) as SlurmManifest;
    return m.format === 'fractable-slurm/1' ? m : null;
  } catch {
    return null;
  }
}

/** The script of a study beside its shard stores: DIR/<study>.sbatch. */
export const scriptPath = (dir: string, study: string): string => join(dir, `${study}.sbatch`);

/** The script in `dir` written for this study (same spec hash), or null. */
export function findScript(dir: string, study: string, specHash: string): { path: string; manifest: SlurmManifest } | null {
  const path = scriptPath(dir, study);
  const m = readManifest(path);
  return m && m.spec_hash === specHash ? { path, manifest: m } : null;
}

/** `sbatch --array=LIST SCRIPT` for the given 1-based shards. */
export function resubmitLine(script: string, manifest: SlurmManifest, shards: readonly number[]): string {
  return `sbatch --array=${arrayList(shards.map((i) => manifest.first + i - 1))} ${shellQuote(script)}`;
}

/** Slurm's time formats for --time: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
export function parseSlurmTime(text: string): number {
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^(\d+)-(\d+)(?::(\d+)(?::(\d+))?)?$/.exec(t))) return ((Number(m[1]) * 24 + Number(m[2])) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0);
  if ((m = /^(\d+):(\d+):(\d+)$/.exec(t))) return (Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3]);
  if ((m = /^(\d+):(\d+)$/.exec(t))) return Number(m[1]) * 60 + Number(m[2]);
  if ((m = /^(\d+)$/.exec(t))) return Number(m[1]) * 60;
  throw new InputError(`--time: expected a Slurm time limit (MM, HH:MM:SS or D-HH:MM:SS), found ${JSON.stringify(text)}`);
}

/** Seconds as Slurm's D-HH:MM:SS (or HH:MM:SS under a day). */
export function slurmTime(seconds: number): string {
  const s = Math.max(60, Math.ceil(seconds));
  const d = Math.floor(s / 86_400), h = Math.floor((s % 86_400) / 3600), mi = Math.floor((s % 3600) / 60), se = s % 60;
  const hms = `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(se).padStart(2, '0')}`;
  return d > 0 ? `${d}-${hms}` : hms;
}

export interface SlurmPlanOptions {
  /** array tasks = shards */
  tasks: number;
  /** worker threads (and --cpus-per-task) per task */
  workers: number;
  /** the directory of the script, the shard stores and logs/ */
  dir: string;
  /** the first array index (0 or 1 are usual) */
  firstIndex?: number;
  partition?: string;
  time?: string;
  mem?: string;
  account?: string;
  maxRunning?: number;
  extra?: string[];
  /** the command that starts fractable on the nodes (default: this node binary and this package's CLI) */
  fractable?: string[];
}

export interface SlurmPlan {
  script: string;
  text: string;
  manifest: SlurmManifest;
  /** runs of the largest and smallest task */
  runsPerTask: { max: number; min: number };
  stores: string;
  logs: string;
}

const SAFE = /^[A-Za-z0-9_.,+@:=-]+$/;

/**
 * Validates the options and lays out the array: the script's text and where everything lands.
 * A study's tasks run `fractable study FILE --shard …`; a rejection calibration's
 * (`kind: 'calibration'`, `runs` its proposals) run `fractable calibrate SPEC --shard …`, each
 * scoring its share of the proposals (`fractable merge` then decides).
 */
export function planSlurm(study: { name: string; specHash: string; runs: number; file?: string; kind?: 'study' | 'calibration' }, o: SlurmPlanOptions): SlurmPlan {
  const calibration = study.kind === 'calibration';
  const unit = calibration ? 'proposal' : 'run';
  if (!study.file) throw new InputError(`slurm: expected a ${calibration ? 'calibration spec' : 'study'} file (the tasks load it), found a ${calibration ? 'calibration' : 'study'} built in memory`);
  const first = o.firstIndex ?? 0;
  if (o.tasks > study.runs) throw new InputError(`--tasks: expected at most one task per ${unit} (${study.runs}), found ${o.tasks}`);
  if (o.time !== undefined) parseSlurmTime(o.time);
  if (o.mem !== undefined && !/^\d+[KMGT]?$/i.test(o.mem)) throw new InputError(`--mem: expected a Slurm memory size (e.g. 4G, 500M), found ${JSON.stringify(o.mem)}`);
  for (const [flag, v] of [['--partition', o.partition], ['--account', o.account]] as const) {
    if (v !== undefined && !SAFE.test(v)) throw new InputError(`${flag}: expected a name of letters, digits and ._,+@:=-, found ${JSON.stringify(v)}`);
  }
  const extra = (o.extra ?? []).map((line) => {
    const l = line.trim();
    if (/[\r\n]/.test(l)) throw new InputError(`--extra: expected one line, found ${JSON.stringify(line)}`);
    if (l.startsWith('#SBATCH ')) return l;
    if (l.startsWith('-')) return `#SBATCH ${l}`;
    throw new InputError(`--extra: expected "#SBATCH --option" (or "--option"), found ${JSON.stringify(line)}`);
  });
  const manifest: SlurmManifest = {
    format: 'fractable-slurm/1', study: study.name, spec_hash: study.specHash, first, shards: o.tasks, file: study.file, dir: o.dir,
    ...(calibration ? { kind: 'calibration' as const } : {}),
  };
  const stores = join(o.dir, `${study.name}.shard-{i}-of-{n}.duckdb`);
  const logs = join(o.dir, 'logs');
  const command = [
    ...(o.fractable ?? [process.execPath, join(packageRoot(), 'dist', 'src', 'cli', 'main.js')]),
    ...(calibration
      ? ['calibrate', study.file, '--shard', `slurm:${first}-${first + o.tasks - 1}`, '--workers', String(o.workers), '--out', stores, '--resume']
      : ['study', study.file, '--shard', `slurm:${first}-${first + o.tasks - 1}`, '--workers', String(o.workers), '--out', stores, '--resume', '--no-progress', '--no-summary', '--log-every', '60']),
  ];
  const text = sbatchScript({
    manifest, command, workers: o.workers, output: join(logs, `${study.name}-%A_%a.out`), extra,
    ...(o.partition ? { partition: o.partition } : {}), ...(o.time ? { time: o.time } : {}), ...(o.mem ? { mem: o.mem } : {}),
    ...(o.account ? { account: o.account } : {}), ...(o.maxRunning ? { maxRunning: o.maxRunning } : {}),
  });
  const max = shardSize(study.runs, { index: 1, count: o.tasks }), min = shardSize(study.runs, { index: o.tasks, count: o.tasks });
  return { script: scriptPath(o.dir, study.name), text, manifest, runsPerTask: { max, min }, stores, logs };
}

/**
 * Writes the plan's script (and creates logs/). The directory is the array's: a script of
 * another study or layout is kept unless `overwrite`, and a store that is not one of this
 * array's shards is refused (merge and status read every store in the directory).
 */
export function writeSlurmScript(plan: SlurmPlan, o: { overwrite?: boolean } = {}): void {
  const m = plan.manifest;
  const old = readManifest(plan.script);
  const same = old !== null && old.spec_hash === m.spec_hash && old.shards === m.shards && old.first === m.first;
  if (old && !same && !o.overwrite) {
    throw new InputError(`${plan.script}: expected no script of another study or layout, found one (${old.study}, ${old.shards} tasks from index ${old.first}); use --overwrite or another --out`, plan.script);
  }
  const mine = new Set(Array.from({ length: m.shards }, (_, k) => shardStoreName(m.study, { index: k + 1, count: m.shards })));
  const stray = existsSync(m.dir) ? readdirSync(m.dir).filter((f) => f.endsWith('.duckdb') && !mine.has(f)) : [];
  if (stray.length > 0) {
    throw new InputError(`${m.dir}: expected a directory for this array's shard stores only (merge reads every store in it), found ${stray.slice(0, 3).join(', ')}${stray.length > 3 ? ` and ${stray.length - 3} more` : ''}; use another --out`, m.dir);
  }
  mkdirSync(plan.logs, { recursive: true });
  writeAtomic(plan.script, plan.text);
  chmodSync(plan.script, 0o755);
}
