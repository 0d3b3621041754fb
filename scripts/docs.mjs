// Rewrites the generated blocks of docs/ODD.md: the submodels' equations (quoted from the doc
// comments of their source files) and the parameter tables (from the compiled PARAMS table).
import { readFileSync, writeFileSync } from 'node:fs';
import { withGenerated } from '../dist/src/models/table/docs.js';
const root = new URL('../', import.meta.url);
const read = (f) => readFileSync(new URL(f, root), 'utf8');
const file = new URL('docs/ODD.md', root);
writeFileSync(file, withGenerated(readFileSync(file, 'utf8'), read));
console.log('docs/ODD.md: submodels and parameter tables regenerated');
