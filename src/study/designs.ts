/**
 * Parameter designs of a study: the list of design points (rows), each a value for every
 * varied parameter, in a fixed order. Row i is design point i; the `design` table of the store
 * keeps the rows in this order, so that the sensitivity analysis can read the outputs in the
 * Saltelli (Sobol') or trajectory (Morris) order it expects.
 *
 *  - grid:   `samples` levels per parameter, evenly spaced from lower to upper bound
 *            (both included); the full factorial, the first parameter varying slowest.
 *  - random: `samples` points drawn uniformly in the box.
 *  - lhs:    Latin hypercube of `samples` points: each parameter's range is cut into
 *            `samples` equal strata, each stratum is used once (random permutation per
 *            parameter), and the point is drawn uniformly inside its stratum.
 *  - sobol:  Saltelli's cross-sampled scheme from the analysis library (`sampleSobol`):
 *            N = `samples` base points, N·(D+2) rows, or N·(2D+2) with `secondOrder`.
 *  - morris: `samples` Morris trajectories of D+1 points on a `levels`-level grid
 *            (`sampleMorris`), r·(D+1) rows.
 *  - file:   the rows of a CSV or Parquet file (one column per parameter, named by its dotted
 *            path; the posterior that `fractable calibrate` writes is one). With `weights: true`
 *            the file has a `weight` column and the design is `samples` rows drawn from the file
 *            with probability proportional to their weights (with replacement, by inverse CDF of
 *            counter-RNG uniforms: {@link sampleByWeight}); without, every row in file order.
 *            A CSV is read here, synchronously ({@link readDesignFile}); a Parquet file (its name
 *            ends in .parquet) through DuckDB, which is asynchronous ({@link readParquetDesignFile}:
 *            `loadStudyAsync` reads it before resolving the study).
 *
 * A factor may instead take one of a list of values (`lists`: the numeric codes of its values,
 * see factors.ts): the grid takes each listed value once (so its size is the product of the
 * factors' level counts); random and lhs map the factor's unit draw u to the value at index
 * ⌊u·k⌋ of its k values (lhs: each value in about n/k points). In a sobol or morris design a
 * listed factor is categorical, mapped onto the unit interval by the same index: the sampler
 * draws its unit coordinate u like any other (so the design stays a unit-cube design, row for
 * row in the sampler's layout), takes the level index i = ⌊u·k⌋ clipped to k − 1
 * (`Problem.categories` of the analysis library), and the design holds the code of the i-th
 * value. The analyses read the level index back from the code (its position in the list): Sobol'
 * indices need only the outputs; Morris' elementary effects compare level indices to find the
 * moved factor (every Morris step moves a categorical factor by at least one level) and divide
 * by the index's change (an effect per level step).
 *
 * random, lhs and weighted file designs draw from the counter RNG (`CounterStream` on `Stream.analysis`, with the
 * study seed and a design sub-stream of their own), so a design is a pure function of the
 * study file.
 */
import { closeSync, openSync, readFileSync, readSync, fstatSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { sampleMorris, sampleSobol, type Problem } from '../analysis/index.js';
import { CounterStream, Stream } from '../random/rng.js';
import { InputError, oneLine, safeText } from '../errors.js';

export type DesignMethod = 'grid' | 'random' | 'lhs' | 'sobol' | 'morris';
export const DESIGN_METHODS: readonly DesignMethod[] = ['grid', 'random', 'lhs', 'sobol', 'morris'];

/** Sub-streams (the counter key's agent word) of the design samplers, apart from the analysis library's. */
export const DesignSubstream = { random: 101, lhs: 102, file: 103, posterior: 104 } as const;

export interface DesignOptions {
  method: DesignMethod;
  /** grid: levels per parameter; random/lhs: points; sobol: base points N; morris: trajectories r */
  samples: number;
  /** morris: grid levels p (even, default 4) */
  levels?: number;
  /** sobol: lay out the rows for second-order indices (default true, as SALib) */
  secondOrder?: boolean;
  seed: number;
  /** per factor, the codes of its listed values (null or absent: the factor's range); in sobol and morris a listed factor is categorical by index */
  lists?: ReadonlyArray<readonly number[] | null>;
}

export interface Design {
  method: DesignMethod | 'file';
  names: string[];
  bounds: [number, number][];
  /** one row per design point, one value per parameter (in `names` order) */
  points: number[][];
}

/** Number of rows a design will have, without building it. */
export function designSize(o: DesignOptions, d: number): number {
  switch (o.method) {
    case 'grid': return o.lists ? Array.from({ length: d }, (_, j) => o.lists![j]?.length ?? o.samples).reduce((a, b) => a * b, 1) : o.samples ** d;
    case 'random':
    case 'lhs': return o.samples;
    case 'sobol': return o.samples * ((o.secondOrder ?? true) ? 2 * d + 2 : d + 2);
    case 'morris': return o.samples * (d + 1);
  }
}

export function buildDesign(problem: Problem, o: DesignOptions): Design {
  const d = problem.names.length;
  const scale = (unit: number[]) => unit.map((u, j) => {
    const list = o.lists?.[j];
    if (list) return list[Math.min(list.length - 1, Math.floor(u * list.length))]!;
    const [lo, hi] = problem.bounds[j]!;
    return lo + u * (hi - lo);
  });
  let points: number[][];
  switch (o.method) {
    case 'grid': {
      const levels = o.samples;
      const step = (k: number) => (levels === 1 ? 0.5 : k / (levels - 1));
      const count = (j: number) => o.lists?.[j]?.length ?? levels;
      // a listed factor's k-th level is its k-th value (the unit point inside its k-th stratum)
      const unit = (k: number, j: number) => (o.lists?.[j] ? (k + 0.5) / count(j) : step(k));
      points = [];
      const idx = new Array<number>(d).fill(0);
      const total = designSize(o, d);
      for (let i = 0; i < total; i++) {
        points.push(scale(idx.map(unit)));
        for (let j = d - 1; j >= 0; j--) { // last parameter varies fastest
          if (++idx[j]! < count(j)) break;
          idx[j] = 0;
        }
      }
      break;
    }
    case 'random': {
      const rng = new CounterStream(o.seed, Stream.analysis, DesignSubstream.random);
      points = Array.from({ length: o.samples }, () => scale(Array.from({ length: d }, () => rng.next())));
      break;
    }
    case 'lhs': {
      const n = o.samples;
      const rng = new CounterStream(o.seed, Stream.analysis, DesignSubstream.lhs);
      const cols = Array.from({ length: d }, () => {
        const perm = Array.from({ length: n }, (_, i) => i);
        for (let i = n - 1; i > 0; i--) { // Fisher–Yates
          const j = rng.int(i + 1);
          [perm[i], perm[j]] = [perm[j]!, perm[i]!];
        }
        return perm.map((stratum) => (stratum + rng.next()) / n);
      });
      points = Array.from({ length: n }, (_, i) => scale(cols.map((c) => c[i]!)));
      break;
    }
    case 'sobol':
    case 'morris': {
      // a listed factor of m values is categorical: the sampler lays out its level index
      // i = ⌊u·m⌋ (clipped to m − 1) of the unit coordinate u; the design holds its i-th value's code
      const categories = o.lists?.some((l) => l) ? o.lists.map((l) => (l ? l.length : null)) : undefined;
      const p: Problem = categories ? { ...problem, categories } : problem;
      points = o.method === 'sobol'
        ? sampleSobol(p, o.samples, { secondOrder: o.secondOrder ?? true, seed: o.seed })
        : sampleMorris(p, o.samples, { levels: o.levels ?? 4, seed: o.seed });
      if (categories) points = points.map((row) => row.map((v, j) => (o.lists![j] ? o.lists![j]![v]! : v)));
      break;
    }
  }
  return { method: o.method, names: [...problem.names], bounds: problem.bounds.map(([a, b]) => [a, b] as [number, number]), points };
}

/**
 * m indices drawn with replacement from 0..n-1 with probability w_i / Σ w (multinomial
 * sampling by inverse CDF): draw k takes the first i whose cumulative weight exceeds u_k,
 * u_k the k-th uniform of `CounterStream(seed, Stream.analysis, substream)`. A pure function
 * of (weights, m, seed, substream).
 */
export function sampleByWeight(weights: ArrayLike<number>, m: number, seed: number, substream: number = DesignSubstream.file): number[] {
  const n = weights.length;
  if (n === 0) throw new RangeError('weights: expected at least one weight, found none');
  const cum = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights[${i}]: expected a finite number >= 0, found ${w}`);
    total += w;
    cum[i] = total;
  }
  if (!(total > 0)) throw new RangeError('weights: expected a positive sum, found 0');
  const rng = new CounterStream(seed, Stream.analysis, substream);
  const out: number[] = [];
  for (let k = 0; k < m; k++) {
    const u = rng.next() * total;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid]! > u) hi = mid; else lo = mid + 1;
    }
    out.push(lo);
  }
  return out;
}

/** A design file read: its parameter names (header order, without `weight`), rows and weights (null without a weight column). */
export interface DesignFile { names: string[]; rows: number[][]; weights: number[] | null }

/** Reads a CSV design file: a header of names, then one row of numbers per point. Errors name the file, line and column. */
export function readDesignFile(file: string, label = file): DesignFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InputError(`${label}: expected a readable CSV design file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}`, label);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new InputError(`${label}: expected a header and at least one row, found ${lines.length} line(s)`, label);
  const header = lines[0]!.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
  const wi = header.indexOf('weight');
  const names = header.filter((_, j) => j !== wi);
  if (names.length === 0) throw new InputError(`${label}: line 1: expected at least one parameter column, found ${header.join(',')}`, label);
  const rows: number[][] = [];
  const weights: number[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new InputError(`${label}: line ${i + 2}: expected ${header.length} values, found ${cells.length}`, label);
    const vals = cells.map((c, j) => {
      const v = Number(c.trim());
      if (c.trim() === '' || !Number.isFinite(v)) throw new InputError(`${label}: line ${i + 2}, column ${header[j]}: expected a number, found ${JSON.stringify(c)}`, label);
      return v;
    });
    if (wi >= 0) {
      if (!(vals[wi]! >= 0)) throw new InputError(`${label}: line ${i + 2}, column weight: expected a weight >= 0, found ${vals[wi]}`, label);
      weights.push(vals[wi]!);
    }
    rows.push(vals.filter((_, j) => j !== wi));
  });
  if (wi >= 0 && !(weights.reduce((a, b) => a + b, 0) > 0)) throw new InputError(`${label}: column weight: expected a positive sum, found 0`, label);
  return { names, rows, weights: wi >= 0 ? weights : null };
}

/** A design file that is Parquet: its name ends in `.parquet` (or `.pq`); any other is read as CSV. */
export const isParquetFile = (file: string): boolean => /\.(parquet|pq)$/i.test(file);

/** The Parquet magic number, at the start and the end of every Parquet file. */
const PARQUET_MAGIC = 'PAR1';

/** DuckDB's numeric column types (a DECIMAL has its precision and scale in parentheses). */
const NUMERIC_TYPE = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/;

const sqlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Reads a Parquet design file through DuckDB: one numeric column per parameter (any integer,
 * float or decimal type, read as DOUBLE), optionally a `weight` column, in the file's row order.
 * Every problem is one InputError naming the file (`label`), the column (and row) and what was
 * expected and found: a missing or unreadable file, a file that is not Parquet (no PAR1 magic
 * at its start and end) or that DuckDB cannot read, no parameter column, a repeated column
 * name, a column that is not numeric, no rows, a value that is NULL, NaN or infinite, a
 * negative weight or weights that sum to 0.
 */
export async function readParquetDesignFile(file: string, label = file): Promise<DesignFile> {
  // the file first: missing, unreadable, or not Parquet at all (checked by its magic bytes, before DuckDB)
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    throw new InputError(`${label}: expected a readable Parquet design file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}`, label);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new InputError(`${label}: expected a readable Parquet design file, found a directory`, label);
    const head = Buffer.alloc(4), tail = Buffer.alloc(4);
    const n = st.size >= 8 ? readSync(fd, head, 0, 4, 0) + readSync(fd, tail, 0, 4, st.size - 4) : 0;
    if (n !== 8 || head.toString('latin1') !== PARQUET_MAGIC || tail.toString('latin1') !== PARQUET_MAGIC) {
      throw new InputError(`${label}: expected a Parquet file (PAR1 at its start and end), found ${st.size === 0 ? 'an empty file' : 'a file that is not Parquet'}`, label);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${label}: expected a readable Parquet design file, found ${(e as NodeJS.ErrnoException).code ?? 'an error'}`, label);
  } finally {
    closeSync(fd);
  }
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const source = `read_parquet(${sqlString(file)}, file_row_number = true)`;
    let columns: { name: string; type: string }[];
    try {
      columns = (await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS()
        .map((r) => ({ name: String(r.column_name), type: String(r.column_type) }))
        .filter((c) => c.name !== 'file_row_number');
    } catch (e) {
      throw new InputError(`${label}: expected a Parquet file DuckDB can read, found a damaged one (${safeText(oneLine((e as Error).message))})`, label);
    }
    const names = columns.map((c) => c.name).filter((n) => n !== 'weight');
    if (names.length === 0) throw new InputError(`${label}: expected at least one parameter column, found ${columns.length ? `columns ${columns.map((c) => safeText(c.name)).join(', ')}` : 'no columns'}`, label);
    const dup = columns.findIndex((c, j) => columns.findIndex((x) => x.name === c.name) !== j);
    if (dup >= 0) throw new InputError(`${label}: column ${safeText(columns[dup]!.name)}: expected distinct column names, found it twice`, label);
    for (const c of columns) {
      if (!NUMERIC_TYPE.test(c.type)) throw new InputError(`${label}: column ${safeText(c.name)}: expected a numeric column (an integer, float or decimal type), found ${safeText(c.type)}`, label);
    }
    const quoted = (n: string) => `"${n.replace(/"/g, '""')}"`;
    let data: unknown[][];
    try {
      data = (await conn.runAndReadAll(`SELECT ${columns.map((c) => `CAST(${quoted(c.name)} AS DOUBLE)`).join(', ')} FROM ${source} ORDER BY file_row_number`)).getColumnsJS() as unknown[][];
    } catch (e) {
      throw new InputError(`${label}: expected a Parquet file DuckDB can read, found a damaged one (${safeText(oneLine((e as Error).message))})`, label);
    }
    const rowsN = data[0]?.length ?? 0;
    if (rowsN === 0) throw new InputError(`${label}: expected at least one row, found 0`, label);
    const cols = columns.map((c, j) => {
      const col = data[j]!;
      const out = new Array<number>(rowsN);
      for (let i = 0; i < rowsN; i++) {
        const v = col[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${label}: row ${i + 1}, column ${safeText(c.name)}: expected a finite number, found ${v === null || v === undefined ? 'NULL' : String(v)}`, label);
        if (c.name === 'weight' && !(v >= 0)) throw new InputError(`${label}: row ${i + 1}, column weight: expected a weight >= 0, found ${v}`, label);
        out[i] = v;
      }
      return out;
    });
    const wi = columns.findIndex((c) => c.name === 'weight');
    const weights = wi >= 0 ? cols[wi]! : null;
    if (weights && !(weights.reduce((a, b) => a + b, 0) > 0)) throw new InputError(`${label}: column weight: expected a positive sum, found 0`, label);
    const keep = columns.map((_, j) => j).filter((j) => j !== wi);
    const rows = Array.from({ length: rowsN }, (_, i) => keep.map((j) => cols[j]![i]!));
    return { names, rows, weights };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
