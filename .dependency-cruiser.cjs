/**
 * Abri's import rules (docs/ARCHITECTURE.md explains the layers). Checked in `npm test` by
 * test/architecture/dependencies.test.ts, which cruises a JavaScript mirror of src/ (TypeScript 7 has no JavaScript
 * API for dependency-cruiser to parse with), keeping type-only imports: they count here like any other.
 * Run it alone with `npm run depcruise`.
 *
 * Vocabulary. A *feature* is a folder `src/<name>/` other than `src/platform/` and `src/data/` (the domain data
 * Abri owns, which any module may read). The root files (`src/app.ts`,
 * `src/features.ts`, `src/schema.ts`, `src/cli.ts`, `src/server.ts`, `src/config.ts`) assemble features and belong
 * to none. Paths are matched without their extension (`.ts`, `.tsx`, or `.js` in the mirror).
 */

/** A module of a feature, capturing the feature's name as $1. */
const FEATURE = '^src/(?!platform/|data/)([^/]+)/';

/** What a feature shows other features (see the rule feature-through-its-surface). */
const SURFACE = [
  '^src/[^/]+/index\\.[jt]sx?$',
  '^src/[^/]+/[^/]+\\.service\\.[jt]sx?$',
  '^src/[^/]+/[^/]+\\.table\\.[jt]sx?$',
  '^src/[^/]+/[^/]+\\.schema\\.[jt]sx?$',
  '^src/offices/offices\\.repository\\.[jt]sx?$',
];

/** A view module (pure JSX from a view model). */
const VIEWS = '\\.views\\.[jt]sx?$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment:
        'An import cycle makes load order matter and hides which module owns what. Move the shared type or ' +
        'function to the module both sides already depend on (often a *.table.ts, *.schema.ts or a platform module).',
      from: {},
      to: { circular: true },
    },
    {
      name: 'feature-through-its-surface',
      severity: 'error',
      comment:
        "A feature reaches another feature only through that feature's public surface: its index.ts (the " +
        'manifest), its *.service.ts (rules, and view models already scoped by policy), its *.table.ts (row ' +
        'types: table files hold types only, which the test checks, so such an import is always type-only) or its ' +
        '*.schema.ts (TypeBox input contracts: pure data, no I/O, e.g. the comment form under an article). Never ' +
        'its repository, routes, pages, policies or other internals: those may change shape without notice, and a ' +
        'rule reached around its service is a rule applied twice. One exception: offices/offices.repository.ts, ' +
        "the reference data (offices, organisations) every feature reads, is the offices feature's surface by design.",
      from: { path: FEATURE, pathNot: ['^src/demo/', VIEWS] },
      to: { path: FEATURE, pathNot: ['^src/$1/', ...SURFACE] },
    },
    {
      name: 'views-through-surfaces-and-views',
      severity: 'error',
      comment:
        "A view may also compose another feature's views (pure components, such as the comment thread under an " +
        'article); otherwise the same surface as feature-through-its-surface (and views-are-pure still applies).',
      from: { path: `${FEATURE}.+${VIEWS}` },
      to: { path: FEATURE, pathNot: ['^src/$1/', VIEWS, ...SURFACE] },
    },
    {
      name: 'demo-through-surfaces-and-seeders',
      severity: 'error',
      comment:
        'src/demo/ composes every feature\'s demo seeder (*.demo.ts) into one invented world, the way ' +
        'src/features.ts composes manifests: beyond the public surface, it may import those seeders and nothing else.',
      from: { path: '^src/demo/' },
      to: { path: FEATURE, pathNot: ['^src/demo/', '^src/[^/]+/[^/]+\\.demo\\.[jt]sx?$', ...SURFACE] },
    },
    {
      name: 'platform-imports-no-feature',
      severity: 'error',
      comment:
        'src/platform/ is the framework features are built on: it must work with any set of features. What it ' +
        'needs from them comes in through the Feature manifests (src/features.ts) at start-up, never by import. ' +
        'The one root module it may use is src/schema.ts, the DB type assembled from the features\' table files.',
      from: { path: '^src/platform/' },
      to: { path: [FEATURE, '^src/(app|features|cli|server)\\.[jt]sx?$'] },
    },
    {
      name: 'views-are-pure',
      severity: 'error',
      comment:
        'A *.views.tsx file is a pure function from a view model to JSX: it imports views, components, types and ' +
        'translations, never a repository, a service or the database (the route calls the service and hands the ' +
        'result to the view).',
      from: { path: '\\.views\\.[jt]sx?$' },
      to: { path: ['\\.repository\\.[jt]sx?$', '\\.service\\.[jt]sx?$', '^src/platform/db/'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing: a typo or a file that moved.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.[jt]sx?$' },
    moduleSystems: ['es6'],
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.json'],
      extensionAlias: { '.js': ['.ts', '.tsx', '.js'] },
    },
  },
};
