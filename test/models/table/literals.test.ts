/**
 * Every coefficient of a model is a parameter: outside its parameter table (each model's
 * params.ts) a model's source may contain no numeric literal but 0, 1 and ½.
 * The check parses each file with the TypeScript compiler (comments and strings are not code)
 * and lists every other literal with its file and line; a fixture shows that it finds one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { root } from '../../helpers.js';

const ALLOWED = new Set([0, 1, 0.5]);

/** The numeric literals of a source text that are not 0, 1 or ½, as "line: text". */
export function strayLiterals(file: string, text: string): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isNumericLiteral(node) || ts.isBigIntLiteral(node)) {
      const value = ts.isNumericLiteral(node) ? Number(node.text) : Number.NaN;
      if (!ALLOWED.has(value)) out.push(`${src.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.getText()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return out;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('no model has a coefficient outside its parameter table', () => {
  const dir = join(root, 'src/models');
  it('finds a stray literal in code, and none in comments or strings (the check can fail)', () => {
    expect(strayLiterals('x.ts', 'const k = 0.3 * x; // 0.7 in a comment\nconst s = "2.5";\nconst h = 0.5 * y + 1 - 0;')).toEqual(['1: 0.3']);
    expect(strayLiterals('x.ts', 'const big = 2n; const idx = a[2];')).toEqual(['1: 2n', '1: 2']);
  });
  it('src/models/ outside the models\' params.ts files has only 0, 1 and ½', () => {
    const found = files(dir)
      .filter((f) => !f.endsWith('/params.ts'))
      .flatMap((f) => strayLiterals(f, readFileSync(f, 'utf8')).map((l) => `${relative(root, f)}:${l}`));
    expect(found).toEqual([]);
  });
});
