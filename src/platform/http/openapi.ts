import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/**
 * The API's description, built from the TypeBox schemas each /api route declares. Schemas here document;
 * validation happens in the handlers with the same schemas (parseBody), so that HTML forms and the API give the
 * same localised field errors. That is why Fastify's own validator is switched off.
 */
export const openapi = fp(async (app: FastifyInstance) => {
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Abri API',
        version: '1',
        description:
          'JSON API of Abri. Authenticate with a personal access token (My account → API tokens): `Authorization: Bearer abri_...`. The token acts with its user\'s roles and office scope; the same policies as the staff app apply. Errors: `{ "error": { "code", "message", "fields"? } }`, messages in the user\'s language.',
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
