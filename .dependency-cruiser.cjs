/**
 * The dependency rule of DESIGN.md §4, enforced by `npm run deps:check` (part of `npm test`):
 * libs import only the libs below them, apps never import each other (the CLI, which is the
 * process entry point, may start the public and admin apps through their bootstrap files only),
 * domain libs never import Express, and there are no cycles.
 */
const LIB_RULES = {
  kernel: [],
  config: ['kernel'],
  database: ['kernel', 'config'],
  clients: ['kernel', 'config', 'database'],
  jwks: ['kernel', 'config', 'database'],
  oauth2: ['kernel', 'config', 'database', 'clients', 'jwks'],
  consent: ['kernel', 'config', 'database', 'clients', 'jwks', 'oauth2'],
  http: ['kernel', 'config'],
  health: ['kernel', 'database'],
};
const DOMAIN_LIBS = [
  'kernel',
  'config',
  'database',
  'clients',
  'jwks',
  'oauth2',
  'consent',
  'health',
];

const libRules = Object.entries(LIB_RULES).map(([lib, allowed]) => ({
  name: `lib-${lib}-imports-only-${allowed.join('-') || 'nothing'}`,
  comment: `libs/${lib} may import only: ${allowed.join(', ') || 'no other lib'} (DESIGN.md §4)`,
  severity: 'error',
  from: { path: `^libs/${lib}/` },
  to: { path: '^libs/([^/]+)/', pathNot: [`^libs/(${[lib, ...allowed].join('|')})/`] },
}));

module.exports = {
  forbidden: [
    ...libRules,
    {
      name: 'libs-never-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'only-tests-import-testing',
      comment: 'libs/testing is for tests only',
      severity: 'error',
      from: { path: '^(apps|libs/(?!testing/)|migrations)', pathNot: '\\.(spec|e2e-spec)\\.ts$' },
      to: { path: '^libs/testing/' },
    },
    {
      name: 'apps-never-import-each-other',
      comment:
        'An app imports only libs; only the CLI may start the public and admin apps, through their bootstrap files',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: {
        path: '^apps/([^/]+)/',
        pathNot: ['^apps/$1/', '^apps/(public|admin)/src/[a-z-]+\\.bootstrap\\.ts$'],
      },
    },
    {
      name: 'only-the-cli-starts-apps',
      severity: 'error',
      from: { path: '^apps/(?!cli/)' },
      to: { path: '^apps/(public|admin)/src/[a-z-]+\\.bootstrap\\.ts$', pathNot: '^apps/$1/' },
    },
    {
      name: 'domain-libs-never-import-express',
      severity: 'error',
      from: { path: `^libs/(${DOMAIN_LIBS.join('|')})/` },
      to: { path: 'node_modules/(express|body-parser|@nestjs/platform-express)/' },
    },
    {
      name: 'lib-internals-through-index-only',
      comment: 'Another lib is imported through its src/index.ts only',
      severity: 'error',
      from: { path: '^(libs|apps)/([^/]+)/' },
      to: { path: '^libs/([^/]+)/src/(?!index\\.ts$)', pathNot: '^libs/$2/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.spec\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
