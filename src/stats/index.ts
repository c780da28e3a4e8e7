import type { Feature } from '../platform/features/feature.js';
import { importCtdcCommand } from './stats.cli.js';
import { statsPages } from './stats.pages.js';

/** Statistics on the CTDC reference data set and its import. */
export const statsFeature: Feature = {
  name: 'stats',
  routes: [statsPages],
  cli: [importCtdcCommand],
  nav: [{ href: '/staff/stats/reference', labelKey: 'stats.nav', order: 100, permission: 'stats.view' }],
};
