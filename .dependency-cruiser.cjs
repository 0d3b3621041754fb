/**
 * The layers of src/, bottom to top (../shared/architecture.md, README "Architecture"): each
 * folder imports only from the folders below it. `random` is a leaf; `analysis` holds the pure
 * estimators and imports only `random`; the base modules (errors, paths, files) import no layer.
 * `npm test` runs this check (test/architecture.test.ts).
 */
const LAYERS = ['random', 'analysis', 'learning', 'engine', 'models', 'scenarios', 'study', 'report', 'cli'];

const upward = LAYERS.map((layer, i) => ({
  name: `${layer}-imports-upward`,
  comment: `src/${layer}/ may import only from the layers below it (${LAYERS.slice(0, i).join(', ') || 'none: a leaf'})`,
  severity: 'error',
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${LAYERS.slice(i + 1).join('|') || 'NONE'})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'random-is-a-leaf',
      comment: 'the counter RNG imports nothing of the project',
      severity: 'error',
      from: { path: '^src/random/' },
      to: { path: '^src/', pathNot: '^src/random/' },
    },
    {
      name: 'analysis-imports-only-random',
      comment: 'the pure estimators import only the counter RNG (not even the base modules)',
      severity: 'error',
      from: { path: '^src/analysis/' },
      to: { path: '^src/', pathNot: '^src/(analysis|random)/' },
    },
    {
      name: 'base-modules-import-no-layer',
      comment: 'errors.ts, paths.ts and files.ts are usable by every layer, so they import none',
      severity: 'error',
      from: { path: '^src/(errors|paths|files)\\.ts$' },
      to: { path: `^src/(${LAYERS.join('|')})/` },
    },
    {
      name: 'no-circular',
      comment: 'no import cycles between modules',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
  },
};
