/** Module boundaries of CONVENTIONS.md, checked in CI. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No cycles (type-only imports excepted).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'domain/ imports only contracts/ and its own domain/ folder: no database, no Fastify, no node:*.',
      from: { path: '(^server/(?:modules/[^/]+|platform/[^/]+))/domain/', pathNot: '\\.test\\.ts$' },
      to: { pathNot: ['^contracts/', '$1/domain/'] },
    },
    {
      name: 'modules-through-index',
      severity: 'error',
      comment: 'A module imports another module only through its index.ts.',
      from: { path: '^server/modules/([^/]+)/' },
      to: {
        path: '^server/modules/([^/]+)/',
        pathNot: ['^server/modules/$1/', '^server/modules/[^/]+/index\\.ts$', '^server/modules/[^/]+/testing\\.ts$'],
      },
    },
    {
      name: 'query-builder-in-repositories',
      severity: 'error',
      comment: 'Only *.repository.ts, platform/db/** and test helpers import the query builder or drivers.',
      from: {
        path: '^server/',
        pathNot: [
          '\\.repository\\.ts$',
          '^server/platform/db/',
          '^server/platform/testing/',
          '\\.test\\.ts$',
          '^server/seeds/',
          '^server/platform/http/health\\.routes\\.ts$',
        ],
      },
      to: { path: 'node_modules/(kysely|pg|@electric-sql/pglite)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'fastify-in-routes',
      severity: 'error',
      comment: 'Only *.routes.ts, app.ts and platform/http/** import Fastify.',
      from: {
        path: '^server/',
        pathNot: [
          '\\.routes\\.ts$',
          '^server/app\\.ts$',
          '^server/platform/http/',
          '\\.test\\.ts$',
          '^server/platform/testing/',
        ],
      },
      to: { path: 'node_modules/(fastify|@fastify/)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'web-features-independent',
      severity: 'error',
      comment: 'web/features/A never imports web/features/B.',
      from: { path: '^web/features/([^/]+)/' },
      to: { path: '^web/features/([^/]+)/', pathNot: '^web/features/$1/' },
    },
    {
      name: 'contracts-import-nothing',
      severity: 'error',
      comment: 'contracts/ is isomorphic: it imports only zod and itself.',
      from: { path: '^contracts/' },
      to: { pathNot: ['^contracts/', 'node_modules/zod/'] },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^server/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    exclude: { path: ['web/dist'] },
  },
};
