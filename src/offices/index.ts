import type { Feature } from '../platform/features/feature.js';

/**
 * Offices and organisations: the only queries on their tables (offices.repository.ts). Their pages are in the admin
 * and partners features; this feature has no routes of its own yet.
 */
export const officesFeature: Feature = { name: 'offices' };
