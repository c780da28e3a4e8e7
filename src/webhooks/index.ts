import type { Feature } from '../platform/features/feature.js';
import { WEBHOOK_DELIVERY_JOB } from './webhooks.jobs.js';
import { webhooksApiRoutes } from './webhooks-api.routes.js';
import { webhookRoutes } from './webhooks.routes.js';

/** Webhooks out: subscriptions, the outbox and its delivery job, the delivery log. */
export const webhooksFeature: Feature = {
  name: 'webhooks',
  routes: [webhookRoutes, webhooksApiRoutes],
  jobs: [WEBHOOK_DELIVERY_JOB],
  nav: [
    { href: '/staff/admin/webhooks', labelKey: 'webhooks.nav', order: 95, permission: 'admin.manage' },
    { href: '/partner/webhooks', labelKey: 'webhooks.nav', order: 96, permission: 'referrals.respond' },
  ],
};

export { webhookEvent } from './webhooks.service.js';
