/** Every study shipped in studies/ loads against the current models (a renamed parameter or state variable breaks it). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadStudy } from '../src/study/spec.js';
import { root } from './helpers.js';

describe('the built-in studies', () => {
  const dir = join(root, 'studies');
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  it('there are some', () => expect(files.length).toBeGreaterThan(2));
  for (const f of files) {
    it(`${f} loads and resolves`, () => {
      expect(() => loadStudy(join(dir, f))).not.toThrow();
    });
  }
});
