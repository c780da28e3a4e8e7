import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Layout } from '../views/layout.js';
import { AppError, RateLimitedError, ValidationError } from './errors.js';
import { publicLayout, staffLayout } from './plumbing.js';

/** Fastify's own 4xx errors (body too large, bad JSON, bad multipart...) as message keys. */
function keyForFastifyError(err: FastifyError): { status: number; key: string; code: string } {
  const code = err.code ?? '';
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
    return { status: 413, key: 'errors.tooLarge', code: 'TOO_LARGE' };
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return { status: 415, key: 'errors.unsupportedMediaType', code: 'UNSUPPORTED_MEDIA_TYPE' };
  if (err.validation) return { status: 400, key: 'errors.validation', code: 'VALIDATION' };
  return { status: err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400, key: 'errors.badRequest', code: 'BAD_REQUEST' };
}

function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') || request.url === '/readyz' || request.url === '/healthz';
}

async function renderError(request: FastifyRequest, reply: FastifyReply, status: number, code: string, key: string, values?: Record<string, unknown>, fields?: Record<string, string>) {
  const t = request.t ?? request.server.ctx.i18n.translator('en');
  const message = t(key, values as Record<string, string>);
  if (wantsJson(request)) {
    const fieldMessages = fields ? Object.fromEntries(Object.entries(fields).map(([f, k]) => [f, t(k)])) : undefined;
    if (request.url.startsWith('/api/v1'))
      return reply
        .code(status)
        .type('application/problem+json; charset=utf-8')
        .send(problem(request, { status, code, message, fields: fieldMessages }));
    return reply
      .code(status)
      .type('application/json; charset=utf-8')
      .send({ error: { code, message, ...(fieldMessages ? { fields: fieldMessages } : {}) } });
  }
  const home = request.url.startsWith('/staff') || request.url.startsWith('/partner') ? '/staff' : `/${t.locale}/`;
  // A signed-in person keeps their navigation and sign-out on a staff error page (not when the database itself failed).
  const props =
    home === '/staff' && request.auth && status < 500 ? await staffLayout(request, t('errors.pageTitle')) : publicLayout(request, t('errors.pageTitle'));
  return reply.page(
    <Layout {...props} area={home === '/staff' ? 'staff' : 'public'}>
      <h1>{status === 404 ? t('errors.notFoundTitle') : t('errors.pageTitle')}</h1>
      <p class="lead">{message}</p>
      <p>
        <a href={home}>{t('errors.backHome')}</a>
      </p>
    </Layout>,
    status,
  );
}

/**
 * An /api/v1 error as Problem Details (RFC 9457): `type` names the kind of problem (`urn:abri:problem:<code>`),
 * `title` is its status text, `detail` the localised message; extension members `code` and `fields` (field →
 * localised message), and `error`, the shape the API answered before Problem Details (kept for older clients).
 */
export function problem(request: FastifyRequest, { status, code, message, fields }: { status: number; code: string; message: string; fields?: Record<string, string> }) {
  return {
    type: `urn:abri:problem:${code.toLowerCase().replaceAll('_', '-')}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: message,
    instance: request.url.split('?')[0],
    code,
    ...(fields ? { fields } : {}),
    error: { code, message, ...(fields ? { fields } : {}) },
  };
}

const MULTIPART_PARSE_ERROR = /multipart|boundary|part header|unexpected end of (form|file)/i;

/** One place maps every error: typed errors by their status; Fastify's 4xx by kind; anything else is a 500 that is logged and never shown. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    if (err instanceof RateLimitedError) reply.header('Retry-After', String(err.retryAfterSeconds));
    if (err instanceof AppError) {
      if (err.status >= 500) request.log.error({ err }, 'application error');
      return renderError(request, reply, err.status, err.code, err.messageKey, err.values, err instanceof ValidationError ? err.fields : undefined);
    }
    const fe = err as FastifyError;
    // Busboy rejects a broken multipart body (truncated, no boundary) with a plain Error: the sender's fault, not ours.
    if (!fe.statusCode && request.isMultipart() && MULTIPART_PARSE_ERROR.test(fe.message)) {
      request.log.info({ statusCode: 400 }, 'malformed multipart body');
      return renderError(request, reply, 400, 'BAD_REQUEST', 'errors.badRequest');
    }
    if (fe.statusCode && fe.statusCode < 500) {
      const mapped = keyForFastifyError(fe);
      request.log.info({ code: fe.code, statusCode: mapped.status }, 'client error');
      return renderError(request, reply, mapped.status, mapped.code, mapped.key);
    }
    request.log.error({ err }, 'unhandled error');
    return renderError(request, reply, 500, 'INTERNAL', 'errors.internal');
  });
  app.setNotFoundHandler({ preHandler: undefined }, (request, reply) => renderError(request, reply, 404, 'NOT_FOUND', 'errors.notFound'));
}
