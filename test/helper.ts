/**
 * @deprecated Import from test/support/index.ts, the one support module for route tests. This file remains while
 * the feature folders being restructured still import it (issue 13); delete it once nothing does.
 */
export * from './support/index.js';
