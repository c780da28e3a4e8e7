import type { Feature } from '../platform/features/feature.js';
import { clocksJob, deliverJob, digestJob } from './notifications.jobs.js';
import { notificationsRoutes } from './notifications.routes.js';
import { unreadCount } from './notify.service.js';

/**
 * Notifications that give nothing away (issue 17, points 5 and 6): the in-app list with its unread count, each
 * person's events and delivery, content-free mail through an outbox, and the offices' clocks. Other features tell
 * people through `notify` (notify.service.ts), inside their own transaction.
 */
export const notificationsFeature: Feature = {
  name: 'notifications',
  routes: [notificationsRoutes],
  jobs: [deliverJob, clocksJob, digestJob],
  nav: [
    {
      href: '/staff/notifications',
      labelKey: 'notifications.nav',
      order: 5,
      badge: (ctx, user) => unreadCount(ctx, user.id),
      badgeKey: 'notifications.unreadBadge',
    },
    { href: '/staff/clocks', labelKey: 'notifications.clocks.nav', order: 95, permission: 'notifications.clocks' },
  ],
};
