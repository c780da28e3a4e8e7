import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../platform/http/errors.js';
import { deviceForToken } from './devices.service.js';
import { formsForDevice } from './forms.service.js';
import type { OdkAppUser } from './odk.table.js';
import { formListXml, manifestXml, openRosa, responseXml } from './openrosa.js';
import { MAX_XML_BYTES, receiveSubmission } from './submission.service.js';

const PUBLIC = { access: 'public' } as const;

/*
 * Throttles (the shared rate limiter's public interface, awaited so a database-backed limiter fits as is): per
 * enrolled device (app user) and per client address, each a fixed window. A phone syncing a day's work sends a HEAD
 * and a POST per record plus the form list, so the device limit leaves room for a few hundred records a minute; the
 * address limit covers several phones behind one hotspot, and a tighter one counts unknown tokens (guessing).
 */
export const ODK_WINDOW_MS = 60_000;
export const ODK_DEVICE_LIMIT = 240;
export const ODK_ADDRESS_LIMIT = 600;
export const ODK_BAD_TOKEN_LIMIT = 20;
/** At most this many files per submission: the XML part and ten attachments (encrypted records: one more). */
const MAX_FILES = 12;

/**
 * The OpenRosa server ODK Collect, KoboCollect and Enketo speak, under /key/<device token>/ (ODK Central's app-user
 * URLs: the phone is configured with https://<host>/key/<token> and never holds a staff password). The token is
 * looked up on every request, so a revoked device is refused at once. Every answer, refusals included, is an
 * OpenRosa XML response with the X-OpenRosa-Version header; bad input is a 4xx with a message, never a 5xx.
 */
export async function odkRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const maxFileBytes = ctx.config.maxUploadMb * 1024 * 1024;

  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    const code = (err as FastifyError).code ?? '';
    const tooLarge = /TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT/.test(code);
    const status =
      err instanceof AppError
        ? err.status
        : tooLarge
          ? 413
          : (err as FastifyError).statusCode && ((err as FastifyError).statusCode as number) < 500
            ? ((err as FastifyError).statusCode as number)
            : 0;
    if (status >= 400 && status < 500) {
      const key = tooLarge
        ? 'odk.errors.tooLarge'
        : status === 415
          ? 'odk.errors.notMultipart'
          : err instanceof AppError
            ? err.messageKey
            : 'odk.errors.badRequest';
      return openRosa(reply, status, responseXml(request.t(key), 'error'));
    }
    request.log.error({ err }, 'OpenRosa request failed');
    return openRosa(reply, 500, responseXml(request.t('odk.errors.server'), 'error'));
  });

  const limited = (request: FastifyRequest, reply: FastifyReply, wait: number) => {
    reply.header('Retry-After', String(wait));
    return openRosa(reply, 429, responseXml(request.t('odk.errors.rateLimited', { seconds: wait }), 'error'));
  };

  // Before the token is even looked up: the address's window, and its unknown tokens so far.
  app.addHook('onRequest', async (request, reply) => {
    const client = ctx.limiter.clientKey(request.ip);
    const bad = await ctx.limiter.waiting('odk-token', client, { limit: ODK_BAD_TOKEN_LIMIT });
    if (bad > 0) return limited(request, reply, bad);
    const w = await ctx.limiter.take('odk-address', client, { limit: ODK_ADDRESS_LIMIT, windowMs: ODK_WINDOW_MS });
    if (w.wait > 0) return limited(request, reply, w.wait);
  });

  const device = async (request: FastifyRequest, reply: FastifyReply): Promise<OdkAppUser | undefined> => {
    const found = await deviceForToken(ctx, (request.params as { token: string }).token);
    if (!found) {
      await ctx.limiter.hit('odk-token', ctx.limiter.clientKey(request.ip), { limit: ODK_BAD_TOKEN_LIMIT, windowMs: ODK_WINDOW_MS * 10 });
      openRosa(reply, 401, responseXml(request.t('odk.errors.device'), 'error'));
      return undefined;
    }
    const w = await ctx.limiter.take('odk-device', found.id, { limit: ODK_DEVICE_LIMIT, windowMs: ODK_WINDOW_MS });
    if (w.wait > 0) {
      limited(request, reply, w.wait);
      return undefined;
    }
    return found;
  };
  const base = (request: FastifyRequest) => `${ctx.config.publicUrl}/key/${(request.params as { token: string }).token}`;

  app.get('/key/:token/formList', { config: PUBLIC }, async (request, reply) => {
    const d = await device(request, reply);
    if (!d) return reply;
    const wanted = (request.query as { formID?: unknown }).formID;
    const forms = (await formsForDevice(ctx, d, request.locale)).filter((f) => typeof wanted !== 'string' || f.id === wanted);
    return openRosa(reply, 200, formListXml(forms, base(request)));
  });

  app.get('/key/:token/forms/:formId/form.xml', { config: PUBLIC }, async (request, reply) => {
    const d = await device(request, reply);
    if (!d) return reply;
    const form = (await formsForDevice(ctx, d, request.locale)).find((f) => f.id === (request.params as { formId: string }).formId);
    if (!form) return openRosa(reply, 404, responseXml(request.t('odk.errors.unknownForm'), 'error'));
    return reply.code(200).header('X-OpenRosa-Version', '1.0').header('Cache-Control', 'no-store').type('text/xml; charset=utf-8').send(form.xml);
  });

  app.get('/key/:token/forms/:formId/manifest', { config: PUBLIC }, async (request, reply) => {
    const d = await device(request, reply);
    if (!d) return reply;
    const known = (await formsForDevice(ctx, d, request.locale)).some((f) => f.id === (request.params as { formId: string }).formId);
    if (!known) return openRosa(reply, 404, responseXml(request.t('odk.errors.unknownForm'), 'error'));
    return openRosa(reply, 200, manifestXml());
  });

  // Collect asks with HEAD first: 204 and the largest body it may send in one POST.
  app.head('/key/:token/submission', { config: PUBLIC }, async (request, reply) => {
    const d = await device(request, reply);
    if (!d) return reply;
    return reply.code(204).header('X-OpenRosa-Version', '1.0').header('X-OpenRosa-Accept-Content-Length', String(maxFileBytes)).send();
  });

  app.post(
    '/key/:token/submission',
    {
      config: {
        ...PUBLIC,
        multipartOptions: { limits: { files: MAX_FILES, fileSize: maxFileBytes, fields: 20, fieldSize: MAX_XML_BYTES, parts: MAX_FILES + 20 } },
      },
    },
    async (request, reply) => {
      const d = await device(request, reply);
      if (!d) return reply;
      if (!request.isMultipart()) return openRosa(reply, 400, responseXml(request.t('odk.errors.notMultipart'), 'error'));
      const body = (request.body ?? {}) as Record<string, unknown>;
      const files = new Map<string, Buffer>();
      let xml: Buffer | undefined;
      // Collect marks every part of a split submission but the last (OpenRosa Form Submission API).
      const incomplete = body['*isIncomplete*'] === 'yes';
      for (const [name, value] of Object.entries(body)) {
        if (name.startsWith('*')) continue;
        const v = Array.isArray(value) ? value[0] : value;
        const bytes = Buffer.isBuffer(v) ? v : typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined;
        if (!bytes) continue;
        if (name === 'xml_submission_file') xml = bytes;
        else files.set(name, bytes);
      }
      const outcome = await receiveSubmission(ctx, { device: d, xmlPart: xml, files, locale: request.locale, options: { incomplete } });
      reply.header('X-OpenRosa-Accept-Content-Length', String(maxFileBytes));
      switch (outcome.kind) {
        case 'created':
          return openRosa(reply, 201, responseXml(request.t('odk.received.created'), 'submit_success'));
        case 'partial':
          return openRosa(reply, 201, responseXml(request.t('odk.received.partial'), 'submit_success'));
        case 'already':
          return openRosa(reply, 201, responseXml(request.t('odk.received.already'), 'submit_success'));
        case 'conflict':
          return openRosa(reply, 202, responseXml(request.t(`odk.received.conflict.${outcome.reason}`), 'submit_success'));
        case 'refused':
          return openRosa(reply, outcome.status, responseXml(request.t(outcome.messageKey), 'error'));
      }
    },
  );
}
