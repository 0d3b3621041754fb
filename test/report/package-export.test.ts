/**
 * The analysis library as a package export: `import { analyzeSobol } from 'fractable/analysis'`
 * works inside the clone (package self-reference) and from a project that depends on
 * fractable (node_modules/fractable linked to this checkout), in JavaScript and, with its
 * types, in strict TypeScript. Needs the compiled dist/ (npm test builds it first).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, tempDir } from '../helpers.js';

// Ishigami-free smoke test: y = x0 + 2·x1 on [0, 1]², whose S1 are 0.2 and 0.8.
const source = (ts: boolean) => `
import { sampleSobol, analyzeSobol, sampleMorris, analyzeMorris, prim, wilson${ts ? ', type Problem' : ''} } from 'fractable/analysis';
const problem${ts ? ': Problem' : ''} = { names: ['a', 'b'], bounds: [[0, 1], [0, 1]] };
const x = sampleSobol(problem, 1024, { secondOrder: false, seed: 1 });
const s = analyzeSobol(problem, x.map(([a, b]) => a + 2 * b), { secondOrder: false, resamples: 100, seed: 1 });
const mx = sampleMorris(problem, 10, { levels: 4, seed: 1 });
const m = analyzeMorris(problem, mx, mx.map(([a, b]) => a + 2 * b), { levels: 4, resamples: 100, seed: 1 });
const p = prim(x, x.map(([a, b]) => (a > 0.8 ? 1 : 0)), { names: problem.names });
console.log(JSON.stringify({ rows: x.length, S1: s.S1.map((v) => Math.round(v * 100) / 100), mu_star: m.mu_star.map((v) => Math.round(v * 1e9) / 1e9), box: p.box.restricted, w: wilson(5, 10).p }));
`;
const program = source(false);

const expected = { rows: 4096, S1: [0.2, 0.8], mu_star: [1, 2], box: ['a'], w: 0.5 };

describe("the package export 'fractable/analysis'", () => {
  it('imports inside the clone (self-reference) and from a dependent project, with types', () => {
    // inside the clone
    const inside = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: root, encoding: 'utf8' });
    expect(inside.stderr).toBe('');
    expect(JSON.parse(inside.stdout)).toEqual(expected);

    // a dependent project: node_modules/fractable → this checkout
    const dir = tempDir('fractable-consumer-');
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'fractable'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
    writeFileSync(join(dir, 'main.mjs'), program);
    const outside = spawnSync(process.execPath, ['main.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(outside.stderr).toBe('');
    expect(JSON.parse(outside.stdout)).toEqual(expected);

    // the same program in strict TypeScript, type-checked against the exported declarations
    writeFileSync(join(dir, 'main.ts'), `${source(true)}\nconst typed: number[] = s.ST;\nvoid typed;\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
      files: ['main.ts'],
    }));
    const tsc = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  });
});
