/**
 * Damaged and foreign stores through the CLI, each command once (the kinds in turn): every
 * command that opens a store exits 2 with one line naming the file and what is wrong, never a
 * stack trace, a JSON parser's or the catalog's error. Every command × every kind:
 * test/slow/damaged-stores.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, failingCases, KINDS, makeStores } from './damaged-stores.js';

describe('damaged and foreign stores: one line naming the file, exit 2', () => {
  beforeAll(makeStores);
  const kinds = Object.keys(KINDS);
  const cases = COMMANDS.map(([name, args], i) => ({ kind: kinds[i % kinds.length]!, name, args }));
  it(cases.map((c) => `${c.name} × ${c.kind}`).join(', '), async () => {
    expect(await failingCases(cases)).toEqual([]);
  });
});
