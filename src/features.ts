import { accountFeature } from './account/index.js';
import { adminFeature } from './admin/index.js';
import { casesFeature } from './cases/index.js';
import { channelsFeature } from './channels/index.js';
import { commentsFeature } from './comments/index.js';
import { contentFeature } from './content/index.js';
import { directoryFeature } from './directory/index.js';
import { homeFeature } from './home/index.js';
import { htcdsImportFeature } from './htcds-import/index.js';
import { justiceFeature } from './justice/index.js';
import { notificationsFeature } from './notifications/index.js';
import { odkFeature } from './odk/index.js';
import { officesFeature } from './offices/index.js';
import { partnersFeature } from './partners/index.js';
import { plansFeature } from './plans/index.js';
import type { Feature } from './platform/features/feature.js';
import { referralsFeature } from './referrals/index.js';
import { reportsFeature } from './reports/index.js';
import { selfCheckFeature } from './selfcheck/index.js';
import { solutionsFeature } from './solutions/index.js';
import { statsFeature } from './stats/index.js';
import { trainingFeature } from './training/index.js';
import { translationsFeature } from './translations/index.js';
import { webhooksFeature } from './webhooks/index.js';

/**
 * Every feature of Abri, in the order its routes are registered. The server, the CLI and the tests assemble Abri
 * from this one list, so they always see the same routes, jobs, case tabs, navigation and commands.
 */
export const FEATURES: readonly Feature[] = [
  homeFeature,
  officesFeature,
  accountFeature,
  adminFeature,
  partnersFeature,
  trainingFeature,
  contentFeature,
  translationsFeature,
  selfCheckFeature,
  directoryFeature,
  commentsFeature,
  reportsFeature,
  channelsFeature,
  casesFeature,
  plansFeature,
  referralsFeature,
  solutionsFeature,
  justiceFeature,
  statsFeature,
  notificationsFeature,
  webhooksFeature,
  odkFeature,
  htcdsImportFeature,
];
