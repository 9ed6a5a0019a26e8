/** Module boundaries of DESIGN.md §1 (and docs/architecture.md): dependencies point one way, no cycles. */
const pure = ['flow', 'templating', 'mapping', 'config', 'secrets', 'per-turn'];
const mod = (name) => `^src/${name}/`;
const only = (name, allowed) => ({
  name: `${name}-deps`,
  comment: `src/${name} may use only: ${allowed.join(', ')}`,
  severity: 'error',
  from: { path: mod(name) },
  to: { path: '^src/', pathNot: [mod(name), ...allowed.map((target) => `^src/${target}`)] },
});

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    ...pure.map((name) => only(name, [])),
    only('http-client', []),
    only('engine', ['flow/', 'storage/ports']),
    only('widgets', ['engine/', 'flow/', 'templating/', 'mapping/', 'http-client/']),
    only('storage', ['flow/', 'per-turn/']),
    only('delivery', ['http-client/', 'storage/ports']),
    only('accounts', ['storage/ports']),
    only('errors', []),
    only('webhooks', [
      'errors/',
      'storage/ports',
      'http-client/',
      'secrets/',
      'delivery/',
      'accounts/',
      'widgets/',
    ]),
    only('executions', [
      'engine/',
      'flow/',
      'storage/ports',
      'widgets/',
      'http-client/',
      'errors/',
    ]),
    {
      name: 'storage-adapters-only-through-ports',
      comment: 'only the composition root (app/) and the CLI pick a storage adapter',
      severity: 'error',
      from: { pathNot: ['^src/(app|cli|storage)/', '\\.test\\.ts$'] },
      to: { path: '^src/storage/(memory|sqlite|postgres)/' },
    },
    {
      name: 'server-not-to-app-or-cli',
      severity: 'error',
      from: { path: mod('server') },
      to: { path: ['^src/app/', '^src/cli/'] },
    },
    {
      name: 'nothing-imports-cli',
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
