import type { Feature } from '../platform/features/feature.js';
import { CASES_TABS } from './case-tabs.js';
import { casesPlugin } from './cases.plugin.js';

/** Victim case management: record, consent, screening, children's safeguards, assessments, notes, files, history. */
export const casesFeature: Feature = {
  name: 'cases',
  routes: [casesPlugin],
  caseTabs: CASES_TABS,
  nav: [{ href: '/staff/cases', labelKey: 'cases.nav', order: 20, permission: 'cases.work' }],
};
