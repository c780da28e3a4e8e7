import type { Kysely } from 'kysely';
import type { AbriMigration } from '../migration.js';
import * as m20261127T230000 from './20261127T230000-platform.js';
import * as m20261128T000000 from './20261128T000000-cases-core.js';
import * as m20261128T010000 from './20261128T010000-content.js';
import * as m20261128T010100 from './20261128T010100-comments.js';
import * as m20261128T010200 from './20261128T010200-directory.js';
import * as m20261128T020000 from './20261128T020000-reports.js';
import * as m20261128T030000 from './20261128T030000-ctdc-reference.js';
import * as m20261128T040000 from './20261128T040000-partners-training.js';
import * as m20261128T050000 from './20261128T050000-cases-work.js';
import * as m20261128T051000 from './20261128T051000-cases-worklist-indexes.js';
import * as m20261128T060000 from './20261128T060000-plans-referrals.js';
import * as m20261128T070000 from './20261128T070000-solutions.js';
import * as m20261128T070100 from './20261128T070100-solution-steps.js';
import * as m20261128T080000 from './20261128T080000-dashboards.js';
import * as m20261128T090000 from './20261128T090000-report-submissions.js';
import * as m20261128T100000 from './20261128T100000-dashboard-rollup.js';
import * as m20261128T113000 from './20261128T113000-report-inbox.js';
import * as m20261203T090000 from './20261203T090000-security-hardening.js';
import * as m20261203T100000 from './20261203T100000-drop-solution-actions.js';
import * as m20261204T010000 from './20261204T010000-justice.js';
import * as m20261204T020000 from './20261204T020000-notifications.js';
import * as m20261204T020100 from './20261204T020100-due-notices.js';
import * as m20261204T030000 from './20261204T030000-report-channels.js';
import * as m20261204T040000 from './20261204T040000-odk.js';
import * as m20261204T050000 from './20261204T050000-api-token-scopes.js';
import * as m20261204T051000 from './20261204T051000-webhooks.js';
import * as m20261204T070000 from './20261204T070000-case-list.js';
import * as m20261204T080000 from './20261204T080000-case-reports.js';
import * as m20261204T090000 from './20261204T090000-return-risk-thresholds.js';
import * as m20261204T110000 from './20261204T110000-corrections.js';
import * as m20261205T010000 from './20261205T010000-shared-limits.js';
import * as m20261205T020000 from './20261205T020000-channel-deliveries.js';
import * as m20261205T020100 from './20261205T020100-channel-numbers.js';
import * as m20261205T030000 from './20261205T030000-catalog-reviews.js';
import * as m20261205T040000 from './20261205T040000-referral-people.js';
import * as m20261205T050000 from './20261205T050000-case-assignment-rule.js';
import * as m20261205T060000 from './20261205T060000-import-jobs.js';
import * as m20261205T061000 from './20261205T061000-odk-parts.js';

/** @deprecated import these from src/platform/db/migration.ts: a migration importing this list makes a cycle. */
export type { AbriMigration, MigrationDialect } from '../migration.js';

/**
 * Every migration, by timestamped name, in time order (test/architecture/migrations.test.ts checks it). A new
 * migration gets a timestamp after the last one and one line at the end of each list here.
 */
export const MIGRATIONS: Record<string, AbriMigration> = {
  '20261127T230000-platform': m20261127T230000,
  '20261128T000000-cases-core': m20261128T000000,
  '20261128T010000-content': m20261128T010000,
  '20261128T010100-comments': m20261128T010100,
  '20261128T010200-directory': m20261128T010200,
  '20261128T020000-reports': m20261128T020000,
  '20261128T030000-ctdc-reference': m20261128T030000,
  '20261128T040000-partners-training': m20261128T040000,
  '20261128T050000-cases-work': m20261128T050000,
  '20261128T051000-cases-worklist-indexes': m20261128T051000,
  '20261128T060000-plans-referrals': m20261128T060000,
  '20261128T070000-solutions': m20261128T070000,
  '20261128T070100-solution-steps': m20261128T070100,
  '20261128T080000-dashboards': m20261128T080000,
  '20261128T090000-report-submissions': m20261128T090000,
  '20261128T100000-dashboard-rollup': m20261128T100000,
  '20261128T113000-report-inbox': m20261128T113000,
  '20261203T090000-security-hardening': m20261203T090000,
  '20261203T100000-drop-solution-actions': m20261203T100000,
  '20261204T010000-justice': m20261204T010000,
  '20261204T020000-notifications': m20261204T020000,
  '20261204T020100-due-notices': m20261204T020100,
  '20261204T030000-report-channels': m20261204T030000,
  '20261204T040000-odk': m20261204T040000,
  '20261204T050000-api-token-scopes': m20261204T050000,
  '20261204T051000-webhooks': m20261204T051000,
  '20261204T070000-case-list': m20261204T070000,
  '20261204T080000-case-reports': m20261204T080000,
  '20261204T090000-return-risk-thresholds': m20261204T090000,
  '20261204T110000-corrections': m20261204T110000,
  '20261205T010000-shared-limits': m20261205T010000,
  '20261205T020000-channel-deliveries': m20261205T020000,
  '20261205T020100-channel-numbers': m20261205T020100,
  '20261205T030000-catalog-reviews': m20261205T030000,
  '20261205T040000-referral-people': m20261205T040000,
  '20261205T050000-case-assignment-rule': m20261205T050000,
  '20261205T060000-import-jobs': m20261205T060000,
  '20261205T061000-odk-parts': m20261205T061000,
};
