import swagger from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { API_AREAS, scopeAllows } from '../auth/api-scopes.js';
import { ForbiddenError, RateLimitedError } from './errors.js';

/** Requests per client per minute on /api/v1: a token, a signed-in user, or an address (keyed, never kept). */
export const API_RATE_LIMIT = 600;
const API_WINDOW_MS = 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api/v1 route and the schema it declares (a test checks each one is described). */
    apiRoutes: Array<{ method: string; url: string; schema: FastifySchema | undefined }>;
  }
}

/**
 * The API's description, built from the TypeBox schemas each /api route declares. Schemas here document;
 * validation happens in the handlers with the same schemas (parseBody), so that HTML forms and the API give the
 * same localised field errors. That is why Fastify's own validator and response serializer are switched off (a
 * response schema never drops a field the handler returns).
 *
 * Also here, for every /api/v1 request: the rate limit and its RateLimit-* headers, and the token's scopes.
 */
export const openapi = fp(async (app: FastifyInstance) => {
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorate('apiRoutes', []);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1')) return;
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method !== 'HEAD') app.apiRoutes.push({ method, url: route.url, schema: route.schema });
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/v1')) return;
    const auth = request.auth;
    const key = auth?.token ? `t:${auth.token.id}` : auth ? `u:${auth.user.id}` : `a:${request.server.ctx.limiter.clientKey(request.ip)}`;
    const w = await request.server.ctx.limiter.take('api', key, { limit: API_RATE_LIMIT, windowMs: API_WINDOW_MS });
    reply.header('RateLimit-Limit', String(API_RATE_LIMIT));
    reply.header('RateLimit-Remaining', String(w.remaining));
    reply.header('RateLimit-Reset', String(w.resetSeconds));
    reply.header('RateLimit-Policy', `${API_RATE_LIMIT};w=${API_WINDOW_MS / 1000}`);
    if (w.wait > 0) throw new RateLimitedError(w.wait);
  });

  // After plumbing's access check (hooks run in registration order): a token reaches only what its scopes allow.
  app.addHook('preHandler', async (request) => {
    const token = request.auth?.token;
    if (!token || !request.url.startsWith('/api/v1')) return;
    if (!scopeAllows(token.scopes, request.method, request.routeOptions.url ?? request.url)) throw new ForbiddenError('api.errors.scope');
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Abri API',
        version: '1',
        description: [
          'JSON API of Abri. Authenticate with a personal access token (My account → API tokens): `Authorization: Bearer abri_...`.',
          "The token acts with its user's roles and office scope (the same policies as the staff app) narrowed by its scopes:",
          `per area (${API_AREAS.join(', ')}), \`<area>:read\` (GET only) or \`<area>:write\`.`,
          "Errors are Problem Details (RFC 9457, `application/problem+json`), messages in the user's language.",
          `Lists are paged with cursors (\`cursor\`, \`limit\` → \`nextCursor\`). Every answer carries RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset (${API_RATE_LIMIT} requests a minute per token).`,
        ].join(' '),
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    hideUntagged: false,
    transform: ({ schema, url }) => ({ schema: url.startsWith('/api/v1') ? schema : { ...schema, hide: true }, url }),
  });
  app.get('/api/docs', { config: { access: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    return reply.type('application/json; charset=utf-8').send(app.swagger());
  });
});
