/**
 * No switches (issue 10): in the default study (`npm start`, studies/seed-claims.yaml) no scenario
 * puts more than 95 % or less than 1 % of its runs in a deal (in force at the end: `deal` or
 * `deal-censored`), in stalemate or in a kinetic episode — unless docs/ODD.md, section 8.3,
 * lists that scenario and label with its reason. Runs the study through the CLI, as `npm start`
 * does, so the shares are the ones the README quotes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cli, root } from '../helpers.js';
import { query } from '../report/helpers.js';

const FAMILIES: Record<string, string[]> = { deal: ['deal', 'deal-censored'], stalemate: ['stalemate'], kinetic: ['kinetic'] };
const LOW = 0.01, HIGH = 0.95;

/** The ODD's justified exceptions: rows `| scenario | family | share | reason |` between the switch markers. */
export function exemptions(odd: string): Set<string> {
  const a = odd.indexOf('<!-- BEGIN SWITCH EXEMPTIONS -->'), b = odd.indexOf('<!-- END SWITCH EXEMPTIONS -->');
  if (a < 0 || b < 0) return new Set();
  return new Set(odd.slice(a, b).split('\n').filter((l) => /^\| `[^`]+` \| `[^`]+` \|/.test(l)).map((l) => {
    const m = /^\| `([^`]+)` \| `([^`]+)` \|/.exec(l)!;
    return `${m[1]}:${m[2]}`;
  }));
}

describe('no switches in the default study', () => {
  it('the exemptions parser reads the ODD table format (the check can fail)', () => {
    expect([...exemptions('x\n<!-- BEGIN SWITCH EXEMPTIONS -->\n| scenario | label | share | why |\n|---|---|---|---|\n| `a` | `kinetic` | 0 % | r |\n<!-- END SWITCH EXEMPTIONS -->')]).toEqual(['a:kinetic']);
  });
  it('every scenario puts between 1 % and 95 % of its runs in each of deal, stalemate and kinetic, or the ODD says why not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fractable-switch-'));
    const db = join(dir, 'seed-claims.duckdb');
    const r = spawnSync(process.execPath, [cli, 'study', join(root, 'studies/seed-claims.yaml'), '--out', db, '--workers', '2', '--quiet', '--no-summary'], { encoding: 'utf8', timeout: 3_000_000 });
    expect(r.status, r.stderr).toBe(0);
    const rows = await query(db, 'SELECT scenario, outcome, count(*) AS n FROM runs GROUP BY ALL');
    const scenarios = [...new Set(rows.map((x) => String(x.scenario)))];
    const allowed = exemptions(readFileSync(join(root, 'docs/ODD.md'), 'utf8'));
    const outside: string[] = [];
    for (const s of scenarios) {
      const total = rows.filter((x) => x.scenario === s).reduce((a, x) => a + Number(x.n), 0);
      for (const [family, labels] of Object.entries(FAMILIES)) {
        const share = rows.filter((x) => x.scenario === s && labels.includes(String(x.outcome))).reduce((a, x) => a + Number(x.n), 0) / total;
        console.log(`${s} ${family}: ${(100 * share).toFixed(1)} %`);
        if ((share < LOW || share > HIGH) && !allowed.has(`${s}:${family}`)) outside.push(`${s} ${family} ${(100 * share).toFixed(1)} %`);
      }
    }
    expect(outside).toEqual([]);
  }, 3_600_000);
});
