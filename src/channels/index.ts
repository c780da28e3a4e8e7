import type { Feature } from '../platform/features/feature.js';
import { DELIVER_JOB, PURGE_CONVERSATIONS_JOB } from './channels.jobs.js';
import { gatewayRoutes } from './channels.routes.js';
import { INGEST_EMAIL_COMMAND } from './email.cli.js';
import { SMTP_LISTEN_COMMAND, SMTP_LISTENER } from './smtp.cli.js';
import { emailRoutes } from './email.routes.js';
import { channelNumberRoutes } from './numbers.routes.js';
import { staffIntakeRoutes } from './staff-intake.routes.js';

/**
 * Every way a report arrives besides the web form: calls and visits entered by triage operators, SMS and WhatsApp
 * conversations through gateways, and the reports mailbox. Each becomes an ordinary report (src/reports) with its
 * channel.
 */
export const channelsFeature: Feature = {
  name: 'channels',
  routes: [staffIntakeRoutes, gatewayRoutes, emailRoutes, channelNumberRoutes],
  jobs: [DELIVER_JOB, PURGE_CONVERSATIONS_JOB],
  cli: [INGEST_EMAIL_COMMAND, SMTP_LISTEN_COMMAND],
  listeners: [SMTP_LISTENER],
  nav: [{ href: '/staff/admin/channels', labelKey: 'channels.numbers.nav', order: 95, permission: 'admin.manage' }],
};
