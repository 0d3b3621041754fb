// Rewrites the generated parameter block of docs/ODD.md from the compiled PARAMS table.
import { readFileSync, writeFileSync } from 'node:fs';
import { withGenerated } from '../dist/src/model/docs.js';
const file = new URL('../docs/ODD.md', import.meta.url);
writeFileSync(file, withGenerated(readFileSync(file, 'utf8')));
console.log('docs/ODD.md: parameter tables regenerated');
