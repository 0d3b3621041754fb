import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUBMODELS, withGenerated } from '../src/models/table/docs.js';
import { DECISIONS } from '../src/models/table/decisions.js';
import { DRAWS, EVENTS } from '../src/models/table/events.js';
import { paramList } from '../src/models/table/params.js';
import { PIPELINE, SEED_MECHANISMS } from '../src/models/table/mechanisms/index.js';
import { POPULATIONS } from '../src/models/table/populations.js';
import { root } from './helpers.js';

const read = (f: string) => readFileSync(join(root, f), 'utf8');

describe('docs/ODD.md', () => {
  const odd = read('docs/ODD.md');
  it('is up to date with the code (run `npm run docs` after changing a parameter, an equation or the code of a submodel)', () => {
    expect(withGenerated(odd, read)).toBe(odd);
  });
  it('documents every parameter, population, decision, draw, event and submodel, and the code of every mechanism', () => {
    for (const [path] of paramList()) expect(odd).toContain(`\`${path}\``);
    for (const p of POPULATIONS) expect(odd).toContain(`\`${p.name}\``);
    for (const d of DECISIONS) for (const by of d.by) expect(POPULATIONS.map((p) => p.name as string)).toContain(by);
    for (const d of DRAWS) expect(odd).toContain(`\`${d.name}\``);
    for (const e of EVENTS) expect(odd).toContain(`\`${e.kind}\``);
    for (const m of PIPELINE) expect(odd).toContain(`src/models/table/mechanisms/${m.name}.ts`);
    expect(SUBMODELS.filter((s) => s.seed > 0)).toHaveLength(11);
    expect(SEED_MECHANISMS).toHaveLength(11);
    // the code listed is the code that runs: a line of each mechanism's update appears verbatim
    for (const m of PIPELINE) {
      const src = read(`src/models/table/mechanisms/${m.name}.ts`);
      const line = src.split('\n').find((l) => l.includes('update(m)') || l.includes('rewards(m, out)'));
      expect(line, m.name).toBeDefined();
      expect(odd).toContain(line!);
    }
  });
  it('a changed equation makes the document stale (the check can fail)', () => {
    const changed = (f: string) => (f.endsWith('mechanisms/credibility.ts') ? read(f).replace('reversalAppeal * otherParty', 'reversalAppeal * 2 * otherParty') : read(f));
    expect(withGenerated(odd, changed)).not.toBe(odd);
  });
});
