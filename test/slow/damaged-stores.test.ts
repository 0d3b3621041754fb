/**
 * Damaged and foreign stores, every command × every kind (test/cli/damaged-stores.ts): each exits
 * 2 with one line naming the file and what is wrong. 40 CLI processes: 1.5 to 4 minutes on 2 busy cores.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, failingCases, KINDS, makeStores } from '../cli/damaged-stores.js';

describe('damaged and foreign stores × every command', () => {
  beforeAll(makeStores);
  const cases = COMMANDS.flatMap(([name, args]) => Object.keys(KINDS).map((kind) => ({ kind, name, args })));
  it(`${cases.length} cases`, async () => {
    expect(await failingCases(cases)).toEqual([]);
  }, 600_000);
});
