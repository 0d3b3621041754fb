import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withGenerated } from '../src/models/table/docs.js';
import { paramList } from '../src/models/table/params.js';
import { MECHANISMS } from '../src/models/table/mechanisms/index.js';
import { root } from './helpers.js';

const read = (f: string) => readFileSync(join(root, f), 'utf8');

describe('docs/ODD.md', () => {
  const odd = read('docs/ODD.md');
  it('is up to date with the code (run `npm run docs` after changing a parameter or an equation)', () => {
    expect(withGenerated(odd, read)).toBe(odd);
  });
  it('documents every parameter and every mechanism', () => {
    for (const [path] of paramList()) expect(odd).toContain(`\`${path}\``);
    for (const m of MECHANISMS) expect(odd).toContain(`mechanisms/${m.name}.ts`);
    expect(MECHANISMS).toHaveLength(11);
  });
});
