/**
 * Replaying one run of a stored study: the run is rebuilt from the store alone (the study spec
 * in the `study` table records every scenario fully resolved, and each policy of its levers; the
 * run's row in `runs` gives its scenario, policy, design point, design values and seed) and can be run again, to check that its
 * digest equals the stored one or to look at it (`fractable replay STORE RUN_ID`).
 */
import { InputError } from '../errors.js';
import { applyDesign, factorOf } from './factors.js';
import { getModel } from '../models/index.js';
import { version } from '../paths.js';
import type { ResolvedScenario } from '../scenarios/schema.js';
import { ident } from './columns.js';
import { descriptorOf, policiesOf } from './spec.js';
import { hasPolicyColumn, openDuckDB, readStudyRow, tableNames } from './store.js';

export interface StoredRun {
  runId: number;
  study: string;
  scenario: string;
  /** the run's policy (a study with levers), else null */
  policy: string | null;
  /** the values its policy sets, by parameter (empty without levers) */
  levers: Record<string, number | string | boolean>;
  designPoint: number;
  replicate: number;
  seed: number;
  status: string;
  error: string | null;
  /** the stored digest (null for a failed run) */
  digest: string | null;
  outcome: string | null;
  /** the design's values at the run's design point, by parameter */
  values: Record<string, number | string | boolean>;
  /** the run's scenario, ready to run: the study's scenario at its design point, with its seed */
  resolved: ResolvedScenario;
  /** why a digest may differ: the store was written by another fractable or model version */
  versionNote: string | null;
}

interface SpecScenario { name: string; agents: number; ticks: number; start?: string; params: unknown; populations: ResolvedScenario['populations']; test?: ResolvedScenario['test'] }

/** Reads one run of a store and rebuilds its scenario. Unknown run id: an InputError (exit 2). */
export async function loadStoredRun(dbPath: string, runId: number): Promise<StoredRun> {
  const { instance, conn } = await openDuckDB(dbPath, true);
  try {
    const row = await readStudyRow(conn, dbPath);
    if (!(await tableNames(conn)).includes('runs')) throw new InputError(`${dbPath}: expected a store with a runs table, found none`, dbPath);
    const spec = row.spec;
    const desc = descriptorOf(spec, dbPath);
    const model = getModel(desc.name, `${dbPath}: model`);
    const design = spec.design as { parameters: { name: string }[] } | null | undefined;
    const names = design ? design.parameters.map((p) => p.name) : [];
    const policies = policiesOf(spec);
    const withPolicy = policies !== null && await hasPolicyColumn(conn);
    const r = (await conn.runAndReadAll(
      `SELECT run_id, scenario, ${withPolicy ? 'policy' : 'NULL AS policy'}, design_point, replicate, seed::VARCHAR AS seed, status, error, digest, outcome${names.map((n) => `, ${ident(n)}`).join('')} FROM runs WHERE run_id = ${runId}`,
    )).getRowObjectsJS()[0] as Record<string, unknown> | undefined;
    if (!r) {
      const range = (await conn.runAndReadAll('SELECT min(run_id)::INTEGER AS lo, max(run_id)::INTEGER AS hi, count(*)::INTEGER AS n FROM runs')).getRowObjectsJS()[0]!;
      throw new InputError(`${dbPath}: RUN_ID: expected the id of a stored run (${Number(range.n)} stored${Number(range.n) ? `, ids ${range.lo} to ${range.hi}` : ''}; the study plans ${row.runs_total}), found ${runId}`, dbPath);
    }
    const scenario = String(r.scenario);
    const sc = (spec.scenarios as SpecScenario[]).find((s) => s.name === scenario);
    if (!sc) throw new InputError(`${dbPath}: expected the spec to record scenario ${JSON.stringify(scenario)} of run ${runId}, found none`, dbPath);
    const claims = (spec.claims as Record<string, { description?: string; claim?: string }> | undefined)?.[scenario];
    // the run's policy: the values it sets, by their codes as the study applied them
    const policy = r.policy == null ? null : String(r.policy);
    const pol = policy === null ? null : policies?.find((x) => x.name === policy);
    if (policies && !pol) throw new InputError(`${dbPath}: expected the spec to record policy ${JSON.stringify(policy)} of run ${runId} among its levers (${policies.map((x) => x.name).join(', ')}), found none`, dbPath);
    const leverNames = pol ? Object.keys(pol.codes).sort() : [];
    for (const n of [...leverNames, ...names]) {
      const f = factorOf(model, sc, n);
      if ('found' in f) throw new InputError(`${dbPath}: expected design parameter ${JSON.stringify(n)} to be a parameter or population setting of model ${model.name} ${model.version}, found none (${f.found})`, dbPath);
    }
    // the same decoding and application as the study's runs (plan.ts): the policy's levers with the design's factors
    const applied = applyDesign(model, { params: sc.params, populations: sc.populations }, [...leverNames, ...names], [...leverNames.map((n) => pol!.codes[n]!), ...names.map((n) => Number(r[n]))]);
    const { run: { params, populations } } = applied;
    const values = Object.fromEntries(names.map((n) => [n, applied.values[n]!]));
    const levers = Object.fromEntries(leverNames.map((n) => [n, applied.values[n]!]));
    const seed = Number(r.seed);
    const resolved: ResolvedScenario = {
      model: model.name, name: sc.name, seed, ticks: sc.ticks, agents: sc.agents, params, populations,
      ...(sc.start ? { start: sc.start } : {}), ...(sc.test ? { test: sc.test } : {}),
      description: claims?.description ?? '', claim: claims?.claim ?? '', sources: [`${dbPath} (run ${runId})`],
    };
    const notes: string[] = [];
    if (row.version !== version()) notes.push(`the store was written by fractable ${row.version}, this is ${version()}`);
    if (desc.version !== model.version) notes.push(`the store's model ${desc.name} is version ${desc.version}, this one ${model.version}`);
    return {
      runId, study: row.name, scenario, policy, levers, designPoint: Number(r.design_point), replicate: Number(r.replicate), seed, status: String(r.status),
      error: r.error == null ? null : String(r.error), digest: r.digest == null ? null : String(r.digest), outcome: r.outcome == null ? null : String(r.outcome),
      values, resolved, versionNote: notes.length ? notes.join('; ') : null,
    };
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
