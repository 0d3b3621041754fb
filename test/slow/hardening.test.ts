/**
 * Bad input, end to end through the CLI (issue 13, "Bad input, measured"): hostile and broken
 * YAML, size limits, deep `extends` chains, every problem in one pass with "did you mean",
 * numbers out of range, `validate` and `run` agreeing, and control characters in names. Each
 * case: exit 2, stderr holds only `fractable: …` lines of the expected shape (no stack trace, no
 * YAML warning), stdout is empty.
 */
import { mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_REPORTED_ERRORS } from '../../src/errors.js';
import { MAX_EXTENDS_DEPTH, MAX_INPUT_BYTES, MAX_YAML_ALIASES, MAX_YAML_DEPTH } from '../../src/scenarios/load.js';
import { fractable, root, tempDir } from '../helpers.js';

const dir = tempDir('fractable-bad-input-');
const file = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

/** Runs the CLI and checks the shape every refusal shares; returns stderr's lines. */
function refused(args: string[], lines = 1): string[] {
  const r = fractable(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const out = r.stderr.replace(/\n$/, '').split('\n');
  expect(out, r.stderr).toHaveLength(lines);
  for (const l of out) expect(l).toMatch(/^fractable: /);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|YAMLWarning|\x1b/);
  return out;
}

describe('YAML attacks and mistakes', () => {
  it('a "billion laughs" alias bomb is refused quickly', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i), cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const f = file('laughs.yaml', `${levels.join('\n')}\n`);
    const t0 = performance.now();
    const [l] = refused(['validate', f]);
    expect(l).toBe(`fractable: ${f}: expected YAML whose aliases expand at most ${MAX_YAML_ALIASES} times, found more (an alias bomb)`);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });

  it('an undefined alias names its line, column and key', () => {
    const f = file('undef-alias.yaml', 'name: x\nagents: *nope\n');
    expect(refused(['validate', f])).toEqual([`fractable: ${f}:2:9: agents: expected an anchor &nope set before the alias, found *nope without one`]);
  });

  it('an unresolved tag is an error, and no YAML warning leaks onto stderr', () => {
    const f = file('tag.yaml', 'name: x\nagents: !mytag 100\n');
    expect(refused(['validate', f])).toEqual([`fractable: ${f}:2:9: expected well-formed YAML without custom tags, found Unresolved tag: !mytag`]);
  });

  it('a duplicate key and a list as a key are refused, both in one pass', () => {
    const f = file('dup.yaml', 'name: x\nname: y\n? [a]\n: 1\n');
    expect(refused(['validate', f], 2)).toEqual([
      `fractable: ${f}:2:1: name: expected each key once in a mapping, found "name" again`,
      `fractable: ${f}:3:3: expected plain keys (names, not lists, mappings or aliases), found another kind of key`,
    ]);
  });

  it('nesting deeper than the limit is refused before the parser recurses (flow and block)', () => {
    const flow = file('deep-flow.yaml', `a: ${'['.repeat(200_000)}`);
    const block = file('deep-block.yaml', `${'- '.repeat(300_000)}1\n`);
    const t0 = performance.now();
    expect(refused(['validate', flow])[0]).toBe(`fractable: ${flow}:1:${4 + MAX_YAML_DEPTH}: expected YAML nested at most ${MAX_YAML_DEPTH} levels deep, found deeper nesting`);
    expect(refused(['validate', block])[0]).toMatch(new RegExp(`^fractable: ${block}:1:\\d+: expected YAML nested at most ${MAX_YAML_DEPTH} levels deep`));
    expect(performance.now() - t0).toBeLessThan(60_000);
  });
});

describe('size: limits and linear error reporting', () => {
  it('a 50 MiB file is refused before it is read, naming the limit and its size', () => {
    const f = join(dir, 'big.yaml');
    writeFileSync(f, '');
    truncateSync(f, 50 * 1024 * 1024);
    expect(MAX_INPUT_BYTES).toBe(1024 * 1024);
    expect(refused(['validate', f])).toEqual([`fractable: ${f}: expected a file of at most 1.00 MiB (the input size limit), found 50 MiB`]);
  });

  it('100,000 unknown keys: the first 20 reported, the rest counted, in well under 30 s', () => {
    const f = file('many.yaml', `name: x\n${Array.from({ length: 100_000 }, (_, i) => `k${i}: 1\n`).join('')}`);
    const t0 = performance.now();
    const lines = refused(['validate', f], MAX_REPORTED_ERRORS + 1);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(lines[0]).toBe(`fractable: ${f}: k0: expected only known keys, found unknown key "k0"`);
    expect(lines[MAX_REPORTED_ERRORS - 1]).toBe(`fractable: ${f}: k19: expected only known keys, found unknown key "k19"`);
    expect(lines[MAX_REPORTED_ERRORS]).toBe(`fractable: ${f}: and 99980 more problems (the first 20 are shown)`);
  });
});

describe('every problem in one pass, with "did you mean"', () => {
  it('misspelt keys name the nearest known key; a bad value beside them is reported too', () => {
    const f = file('multi.yaml', 'name: x\nagnets: 100\ntikcs: 5\nparams:\n  proxies:\n    militiaAutonomy: 7\n    autonomie: 1\n');
    expect(refused(['validate', f], 4)).toEqual([
      `fractable: ${f}: params.proxies.militiaAutonomy: expected a value <= 1, found 7`,
      `fractable: ${f}: params.proxies.autonomie: expected only known keys, found unknown key "autonomie"`,
      `fractable: ${f}: agnets: expected only known keys, found unknown key "agnets" (did you mean "agents"?)`,
      `fractable: ${f}: tikcs: expected only known keys, found unknown key "tikcs" (did you mean "ticks"?)`,
    ]);
  });

  it('a misspelt key of a learning rule is matched against that rule\'s keys', () => {
    const f = file('rule-key.yaml', 'name: x\npopulations:\n  us.senate:\n    rule: { kind: ewa, lamda: 2 }\n');
    expect(refused(['validate', f])).toEqual([`fractable: ${f}: populations.us.senate.rule.lamda: expected only known keys, found unknown key "lamda" (did you mean "lambda"?)`]);
  });

  it('an unknown built-in scenario name names the nearest one', () => {
    expect(refused(['validate', 'basline'])[0]).toMatch(/^fractable: basline: expected a built-in scenario \(baseline, .*\) or an existing YAML file, found no such file \(did you mean "baseline"\?\)$/);
  });

  it('a study file: the same loader, the same one-pass messages, and the scenario entry named', () => {
    const s = file('study.yaml', 'name: s\nscenarios: [baseline]\nrepliactes: 3\nsede: 2\n');
    expect(refused(['validate', s], 2)).toEqual([
      `fractable: ${s}: repliactes: expected only known keys, found unknown key "repliactes" (did you mean "replicates"?)`,
      `fractable: ${s}: sede: expected only known keys, found unknown key "sede" (did you mean "seed"?)`,
    ]);
    const s2 = file('study2.yaml', 'name: s\nscenarios: [baseline, basline]\n');
    expect(refused(['validate', s2])[0]).toMatch(new RegExp(`^fractable: ${s2}: scenarios\\.1: basline: expected a built-in scenario .* \\(did you mean "baseline"\\?\\)$`));
    const laughs = file('study-bomb.yaml', 'a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\nname: s\nscenarios: [baseline]\n');
    expect(refused(['study', laughs, '--dry-run'])).toEqual([`fractable: ${laughs}: expected YAML whose aliases expand at most ${MAX_YAML_ALIASES} times, found more (an alias bomb)`]);
  });

  it('an unknown model names the nearest', () => {
    const m = file('model.yaml', 'name: x\nmodel: tabel\n');
    expect(refused(['validate', m])).toEqual([`fractable: ${m}: model: expected a registered model (table, games, cascades, conventions, reference), found "tabel" (did you mean "table"?)`]);
  });

  it('a valid study file validates', () => {
    const r = fractable(['validate', 'studies/example-games.yaml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^studies\/example-games\.yaml: ok \(study .* runs\)\n$/);
  });
});

describe('extends', () => {
  it(`a 10,000-deep chain stops at ${MAX_EXTENDS_DEPTH} with the chain named, not an exhausted stack`, () => {
    const d = join(dir, 'chain');
    mkdirSync(d);
    for (let i = 0; i < 10_000; i++) writeFileSync(join(d, `c${i}.yaml`), `extends: ./c${i + 1}.yaml\n`);
    writeFileSync(join(d, 'c10000.yaml'), 'name: end\n');
    expect(refused(['validate', join(d, 'c0.yaml')])).toEqual([
      `fractable: ${join(d, 'c0.yaml')}: extends: expected a chain of at most ${MAX_EXTENDS_DEPTH} scenarios below this one, found a longer one: c0.yaml -> c1.yaml -> c2.yaml -> c3.yaml -> … (60 more) -> c64.yaml -> c65.yaml -> …`,
    ]);
  });

  it('an unknown built-in, a missing file and a directory name the file that extends and the key', () => {
    const unknown = file('ext-unknown.yaml', 'name: x\nextends: basline\n');
    expect(refused(['validate', unknown])[0]).toMatch(new RegExp(`^fractable: ${unknown}: extends: basline: expected a built-in scenario \\(.*\\) or an existing YAML file, found no such file \\(did you mean "baseline"\\?\\)$`));
    const missing = file('ext-missing.yaml', 'name: x\nextends: ./nofile.yaml\n');
    expect(refused(['validate', missing])[0]).toMatch(new RegExp(`^fractable: ${missing}: extends: \\./nofile\\.yaml: expected a built-in scenario .* found no such file$`));
    mkdirSync(join(dir, 'adir.yaml'));
    const directory = file('ext-dir.yaml', 'name: x\nextends: ./adir.yaml\n');
    expect(refused(['validate', directory])).toEqual([`fractable: ${directory}: extends: ./adir.yaml: expected a built-in scenario or a YAML file, found a directory`]);
  });
});

describe('numbers', () => {
  it('hex, -0, huge-but-finite values, infinities and seeds past 2^53 - 1 are refused, each with its path', () => {
    const hex = file('hex.yaml', 'name: x\nagents: 0x10\nticks: 0o17\n');
    expect(refused(['validate', hex], 2)).toEqual([
      `fractable: ${hex}:2:9: agents: expected a decimal number, found 0x10`,
      `fractable: ${hex}:3:8: ticks: expected a decimal number, found 0o17`,
    ]);
    const zero = file('negzero.yaml', 'name: x\nseed: -0\n');
    expect(refused(['validate', zero])).toEqual([`fractable: ${zero}:2:7: seed: expected a number other than -0 (write 0), found -0`]);
    const huge = file('huge.yaml', [
      'name: x', 'agents: 1e400', 'seed: 9007199254740992', 'populations:',
      '  iran.public: { weight: 1e308, noise: .inf }',
      '  proxy.houthis: { weight: 1e308 }',
      '  us.senate: { rule: { kind: ewa, lambda: 1e308 } }',
      '  iran.leader: { rule: { kind: bush-mosteller, scale: 1e308 } }', '',
    ].join('\n'));
    expect(refused(['validate', huge], 7)).toEqual([
      `fractable: ${huge}: agents: expected a finite number, found Infinity`,
      `fractable: ${huge}: seed: expected a value <= 9007199254740991, found 9007199254740992`,
      `fractable: ${huge}: populations.us.senate.rule.lambda: expected a value <= 1000000, found 1e+308`,
      `fractable: ${huge}: populations.iran.leader.rule.scale: expected a value <= 1000000, found 1e+308`,
      `fractable: ${huge}: populations.iran.public.weight: expected a value <= 1000000, found 1e+308`,
      `fractable: ${huge}: populations.iran.public.noise: expected a finite number, found Infinity`,
      `fractable: ${huge}: populations.proxy.houthis.weight: expected a value <= 1000000, found 1e+308`,
    ]);
  });
});

describe('validate and run agree: what run would refuse, validate refuses (same message, exit 2)', () => {
  const cases: Array<[string, string, string]> = [
    ['initial-count.yaml', 'us.senate:\n    rule: { kind: roth-erev, initial: [1, 2, 3, 4, 5, 6, 7] }',
      'populations.us.senate.rule.initial: expected 3 values (one per action), found 7 ([1,2,3,4,5,6,7])'],
    ['fixed-count.yaml', 'us.senate:\n    rule: { kind: fixed, probabilities: [1, 2] }',
      'populations.us.senate.rule.probabilities: expected 3 values (one per action), found 2 ([1,2])'],
    ['initial-zeros.yaml', 'us.senate:\n    rule: { kind: bush-mosteller, initial: [0, 0, 0] }',
      'populations.us.senate.rule.initial: expected weights with a positive sum, found [0,0,0]'],
    ['threshold-index.yaml', 'us.senate:\n    rule: { kind: threshold, active: 7 }',
      "populations.us.senate.rule.active: expected an action index below 3 (the population's number of actions), found 7"],
    ['network-kind.yaml', 'iran.public:\n    network: { kind: bipartite, degree: 3 }',
      'populations.iran.public.network.kind: expected a network within the population (complete, erdos-renyi, watts-strogatz, barabasi-albert, sbm), found "bipartite"'],
    ['shares.yaml', 'us.senate:\n    traits:\n      party: { kind: categorical, shares: [1, 1, 1, 1, 1] }',
      'populations.us.senate.traits.party.shares: expected 3 shares (one per category: democrat, republican, independent), found 5'],
    ['tiny-weight.yaml', 'iran.public:\n    weight: 1e-300',
      'populations.iran.public.network.n: expected a number of agents from 3 to 2^31 - 1, found 1 (iran.public has 1 agent with 2000 agents in all)'],
  ];
  it.each(cases)('%s', (name, population, message) => {
    const f = file(name, `name: x\npopulations:\n  ${population}\n`);
    expect(refused(['validate', f])).toEqual([`fractable: ${f}: ${message}`]);
    expect(refused(['run', f, '--ticks', '1', '--quiet'])).toEqual([`fractable: ${f}: ${message}`]);
  });

  it('--agents too few for a network: run refuses before it starts', () => {
    expect(refused(['run', 'baseline', '--agents', '20', '--ticks', '1', '--quiet'])[0]).toMatch(
      /^fractable: \S+baseline\.yaml: populations\.iran\.public\.network\.k: expected an even integer from 2 to n - 1 = 5, found 8 \(iran\.public has 6 agents with 20 agents in all\)$/);
  });
});

describe('control characters are escaped in every message', () => {
  it('a file name with a newline and an escape sequence stays one line', () => {
    const name = 'evil\nname\x1b[31m.yaml';
    const f = file(name, 'name: x\nagnets: 1\n');
    const safe = join(dir, 'evil\\x0aname\\x1b[31m.yaml');
    expect(refused(['validate', f])).toEqual([`fractable: ${safe}: agnets: expected only known keys, found unknown key "agnets" (did you mean "agents"?)`]);
    expect(refused(['validate', join(dir, 'no\nsuch\x1b.yaml')])[0]).toMatch(/^fractable: \S+no\\x0asuch\\x1b\.yaml: expected a built-in scenario/);
  });

  it('a scenario name with an escape sequence is printed escaped by validate and run', () => {
    const f = file('evil-name.yaml', 'name: "red\\e[31m"\n');
    const v = fractable(['validate', f]);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toBe(`${f}: ok (scenario red\\x1b[31m, 2000 agents, 520 ticks)\n`);
    const r = fractable(['run', f, '--agents', '200', '--ticks', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('scenario red\\x1b[31m, seed 1');
    expect(r.stdout).not.toContain('\x1b');
  });

  it('a key with control characters is escaped in the path and in what was found', () => {
    const f = file('evil-key.yaml', 'name: x\n"red\\e[31m\\nkey": 1\n');
    expect(refused(['validate', f])).toEqual([`fractable: ${f}: red\\x1b[31m\\x0akey: expected only known keys, found unknown key "red\\u001b[31m\\nkey"`]);
  });
});

describe('the README states the limits the code enforces', () => {
  it('names each limit with its value', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(readme).toContain(`at most ${MAX_REPORTED_ERRORS} are printed (\`MAX_REPORTED_ERRORS\`)`);
    expect(readme).toContain(`a file is at most ${MAX_INPUT_BYTES / 1024 / 1024} MiB (\`MAX_INPUT_BYTES\`)`);
    expect(readme).toContain(`YAML nests at most ${MAX_YAML_DEPTH} levels (\`MAX_YAML_DEPTH\`)`);
    expect(readme).toContain(`aliases expand at most ${MAX_YAML_ALIASES} times (\`MAX_YAML_ALIASES\``);
    expect(readme).toContain(`at most ${MAX_EXTENDS_DEPTH} scenarios below the one loaded (\`MAX_EXTENDS_DEPTH\`)`);
    expect(readme).toContain('seeds are integers from 0 to 2^53 - 1');
  });
});
