/** The case record's services, kept at this path for the features that import them; the code is in record.service.ts. */
export * from './record.service.js';
