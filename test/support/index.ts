/**
 * The one support module for route tests (tests through app.inject on SQLite and PostgreSQL). Browser specs have
 * theirs in e2e/support.ts. Fixture builders that only one feature needs stay beside that feature's tests.
 */
export * from './app.js';
export * from './http.js';
export * from './people.js';
export * from './cases.js';
