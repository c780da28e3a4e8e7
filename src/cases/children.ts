/** Children's safeguards: kept at this path for the features that import it; the code is in children.service.ts. */
export * from './children.service.js';
