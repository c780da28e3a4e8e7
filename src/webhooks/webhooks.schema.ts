import { Type } from '@sinclair/typebox';
import { WEBHOOK_EVENTS } from './webhooks.service.js';

export const SubscriptionBody = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 2000 }),
  events: Type.Array(
    Type.Union(
      WEBHOOK_EVENTS.map((e) => Type.Literal(e)),
      { 'x-error': 'webhooks.errors.events' },
    ),
    { minItems: 1, maxItems: WEBHOOK_EVENTS.length, 'x-error': 'webhooks.errors.events' },
  ),
});
export const VersionBody = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_000_000_000 }) });
export const EmptyBody = Type.Object({});
