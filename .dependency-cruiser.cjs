/** Module boundaries of DESIGN.md §1: dependencies point one way, no cycles. */
const pure = ['flow', 'templating', 'mapping', 'config'];
const mod = (name) => `^src/${name}/`;

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...pure.map((name) => ({
      name: `${name}-is-pure`,
      comment: `src/${name} depends on nothing internal`,
      severity: 'error',
      from: { path: mod(name) },
      to: { path: '^src/', pathNot: mod(name) },
    })),
    {
      name: 'http-client-deps',
      severity: 'error',
      from: { path: mod('http-client') },
      to: { path: '^src/', pathNot: ['^src/http-client/', '^src/templating/'] },
    },
    {
      name: 'engine-deps',
      severity: 'error',
      from: { path: mod('engine') },
      to: { path: '^src/', pathNot: ['^src/engine/', '^src/flow/', '^src/storage/ports'] },
    },
    {
      name: 'widgets-deps',
      severity: 'error',
      from: { path: mod('widgets') },
      to: { path: '^src/(cli|server|app|storage/(memory|sqlite|postgres))/' },
    },
    {
      name: 'only-cli-server-app-use-cli',
      severity: 'error',
      from: { pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'not-to-test-from-src',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '(^test/|\\.test\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
