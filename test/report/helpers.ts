/** Helpers of the report tests: small real studies (100 agents) with hostile names, run through the CLI. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { fractable, tempDir } from '../helpers.js';

/** A scenario name and a description with every character HTML cares about. */
export const EVIL_SCENARIO = `<script>console.error("xss")</script> & "q" 's'`;
export const EVIL_DESCRIPTION = `A <script>console.error(1)</script> & "quoted" 'study' <b>description</b>`;

const yamlString = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar

/**
 * A temp directory with a scenario named EVIL_SCENARIO (the 2013 table, which reaches an
 * agreement within 104 ticks unless concessions are slow) and a study file `study.yaml` over two
 * parameters: the President's appeal of reversing (no part before a deal) and the pace of concessions.
 */
export function reportStudyDir(design: 'sobol' | 'morris' | 'lhs', o: { series?: boolean; name?: string } = {}): string {
  const dir = tempDir('fractable-report-');
  writeFileSync(join(dir, 'evil.yaml'), `name: ${yamlString(EVIL_SCENARIO)}\nextends: history-2013\n`);
  const d = design === 'sobol'
    ? 'method: sobol\n  samples: 8' // 8 × (2·2 + 2) = 48 design points
    : design === 'morris'
      ? 'method: morris\n  samples: 6\n  levels: 4' // 6 × 3 = 18 design points
      : 'method: lhs\n  samples: 8';
  writeFileSync(join(dir, 'study.yaml'), `name: ${o.name ?? `report-${design}`}
description: ${yamlString(EVIL_DESCRIPTION)}
seed: 3
agents: 100
ticks: 104
replicates: 2
scenarios: [evil.yaml]
design:
  ${d}
  parameters:
    credibility.reversalAppeal: [0.05, 0.6]
    table.concession: [0.005, 0.1]
${o.series === false ? 'record: [outcome, metrics]' : 'record: [outcome, metrics, series]\nseries: { every: 4, variables: [tension, enrichment, commitBelief] }'}
`);
  return dir;
}

/** Runs the CLI and fails with its output when the exit code is not the expected one. */
export function cli(args: string[], expected = 0) {
  const r = fractable(args);
  if (r.code !== expected) throw new Error(`fractable ${args.join(' ')}: exit ${r.code} (expected ${expected})\n${r.stdout}\n${r.stderr}`);
  return r;
}

export async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}
