/**
 * The machinery shared by the two kinds of user SQL over a study's runs: the patterns of the
 * validation (patterns.ts: one score per run over a store's runs, events and series) and a
 * study's own outputs (outputs.ts: one value per run over its series and events). Both are
 * checked before anything runs against empty tables of the study's schema (the same DDL as a
 * real store), and a problem is one message "FILE: PATH: expected X, found Y" (exit 2).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { InputError } from '../errors.js';
import { literal } from './columns.js';

/** A query without a trailing semicolon. */
export const queryBody = (q: string): string => q.trim().replace(/;\s*$/, '');

/** The first line of a DuckDB error message. */
export const firstLine = (e: unknown): string => ((e as Error).message ?? String(e)).split('\n')[0]!.trim();

/** `file: path: expected X, found Y` with Y as text (not quoted). */
export const badQuery = (file: string | undefined, path: string, expected: string, found: string): InputError =>
  new InputError(`${file ? `${file}: ` : ''}${path}: expected ${expected}, found ${found}`, file, path);

/** The columns a query returns (name and DuckDB type), as DuckDB binds it against the connection's tables. */
export async function describeQuery(conn: DuckDBConnection, query: string): Promise<Array<{ name: string; type: string }>> {
  const r = await conn.runAndReadAll(`DESCRIBE SELECT * FROM (${queryBody(query)})`);
  return r.getRowObjectsJS().map((o) => ({ name: String(o.column_name), type: String(o.column_type) }));
}

/** DuckDB's numeric types and BOOLEAN (a flag's mean is a share): what a per-run value may be. */
export const isNumericType = (type: string): boolean => /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*|BOOLEAN)$/.test(type);

/**
 * A database for checking and evaluating user queries: in memory, one thread (a scan's row order,
 * and so a float sum, is the same every time), and no access to files (read_csv, COPY, ATTACH and
 * the like fail).
 */
export async function scratchDatabase(): Promise<{ instance: DuckDBInstance; conn: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1', enable_external_access: 'false' });
  return { instance, conn: await instance.connect() };
}

/** Functions whose value is not a pure function of their arguments (random(), now(), …), from DuckDB's own catalogue. */
async function unstableFunctions(conn: DuckDBConnection): Promise<Set<string>> {
  const r = await conn.runAndReadAll("SELECT DISTINCT function_name FROM duckdb_functions() WHERE stability <> 'CONSISTENT'");
  return new Set(r.getRowObjectsJS().map((o) => String(o.function_name).toLowerCase()));
}

/**
 * Why a query cannot be a study's output, from DuckDB's own parse tree (json_serialize_sql), or
 * null when it can: it must be one read-only SELECT (no INSERT, COPY, SET, PRAGMA, ATTACH, …, and
 * one statement), read only tables (no table functions such as read_csv or range), and be a pure
 * function of the rows (no random(), now(), uuid() or TABLESAMPLE), so that a run's value is the
 * same however often and wherever it is computed.
 */
export async function selectProblem(conn: DuckDBConnection, query: string): Promise<string | null> {
  const r = await conn.runAndReadAll(`SELECT json_serialize_sql(${literal(queryBody(query))}) AS j`);
  const tree = JSON.parse(String(r.getRowObjectsJS()[0]!.j)) as { error: boolean; error_message?: string; statements?: unknown[] };
  const word = queryBody(query).split(/\s+/)[0]?.toUpperCase() ?? '';
  if (tree.error) {
    if (!/Only SELECT/i.test(tree.error_message ?? '')) return tree.error_message ?? 'a query DuckDB cannot parse';
    return ['SELECT', 'WITH', 'FROM', '(', 'VALUES'].some((w) => word.startsWith(w))
      ? 'a statement other than a SELECT after the first (one read-only SELECT only)'
      : `the statement ${word} (one read-only SELECT only)`;
  }
  if ((tree.statements?.length ?? 0) !== 1) return `${tree.statements?.length ?? 0} statements (one SELECT only)`;
  const unstable = await unstableFunctions(conn);
  let problem: string | null = null;
  const walk = (x: unknown): void => {
    if (problem !== null || x === null || typeof x !== 'object') return;
    if (Array.isArray(x)) { for (const y of x) walk(y); return; }
    const o = x as Record<string, unknown>;
    if (o.type === 'TABLE_FUNCTION') {
      const fn = (o.function as { function_name?: string } | undefined)?.function_name ?? 'a table function';
      problem = `the table function ${fn}(): only the tables series and events may be read`;
      return;
    }
    if (o.class === 'FUNCTION' && typeof o.function_name === 'string' && unstable.has(o.function_name.toLowerCase())) {
      problem = `the function ${o.function_name}(), whose value changes from one call to the next: a run's value must be reproducible`;
      return;
    }
    if (o.sample !== undefined && o.sample !== null) {
      problem = 'a SAMPLE clause (a random subset of rows): a run\'s value must be reproducible';
      return;
    }
    for (const v of Object.values(o)) walk(v);
  };
  walk(tree.statements);
  return problem;
}
