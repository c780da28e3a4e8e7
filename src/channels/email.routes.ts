import type { FastifyInstance } from 'fastify';
import { constantTimeEqual } from '../platform/crypto/keys.js';
import { ValidationError } from '../platform/http/errors.js';
import { keepRawBodies, rawBody, refuse } from './channels.routes.js';
import { ingestEmail, MAX_EMAIL_BYTES } from './email.service.js';

const PUBLIC = { access: 'public' } as const;

/**
 * The mail server's pipe over HTTP: POST the raw message (message/rfc822) with `Authorization: Bearer
 * EMAIL_INGEST_TOKEN`. 202 when accepted; 400 with the reason when it is not a usable e-mail (the MTA bounces it);
 * 403 without the token; 404 while no token is configured. The same work as `abri ingest-email`.
 */
export async function emailRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  keepRawBodies(app, MAX_EMAIL_BYTES);
  app.post('/channels/email/inbound', { config: PUBLIC }, async (request, reply) => {
    const token = ctx.config.channels.emailIngestToken;
    if (!token) return refuse(request, reply, { gateway: 'email', reason: 'not_configured' });
    const given = request.headers.authorization;
    if (typeof given !== 'string' || !given.startsWith('Bearer ') || !constantTimeEqual(given.slice(7).trim(), token))
      return refuse(request, reply, { gateway: 'email', reason: given ? 'bad_signature' : 'no_signature' });
    const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.from(rawBody(request), 'utf8');
    try {
      const result = await ingestEmail(ctx, raw);
      return reply.code(202).type('application/json').send({ accepted: true, outcome: result.outcome, files: result.files, filesRefused: result.filesRefused });
    } catch (e) {
      if (e instanceof ValidationError) {
        const key = Object.values(e.fields)[0] ?? 'channels.errors.email';
        return reply
          .code(400)
          .type('application/json')
          .send({ accepted: false, error: key, message: request.t(key) });
      }
      throw e;
    }
  });
}
