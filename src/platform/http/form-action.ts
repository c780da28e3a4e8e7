import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageValues } from '../i18n/i18n.js';
import type { FieldErrors } from '../views/components.js';
import { AppError, ValidationError } from './errors.js';
import { parseForm } from './forms.js';
import { setFlash } from './plumbing.js';

/** A rule, a stale version or a conflict that refused the action, shown on the form's page. */
export interface FormRefusal {
  status: number;
  code: string;
  messageKey: string;
  values?: MessageValues;
  /** The message, already translated for this request. */
  message: string;
}

/** Why a form is shown again: its field errors or a refusal, and always what the person typed. */
export interface FormProblem {
  /** Which form of the page failed, when a page holds several. */
  form?: string;
  errors?: FieldErrors;
  refusal?: FormRefusal;
  raw: Record<string, unknown>;
}

export interface FormActionOptions<S extends TObject, R> {
  /** The body schema, the same TypeBox schema the API uses where there is one. */
  schema: S;
  /** Which form of the page this is (passed back in the problem). */
  form?: string;
  /** The change, through a service; throws ValidationError, RuleError, StaleVersionError or ConflictError to refuse. */
  run: (value: Static<S>) => Promise<R>;
  /** Renders the page again with the problem; its status is the reply's. */
  rerender: (problem: FormProblem) => Promise<unknown>;
  /**
   * Errors the form shows as refusals besides the default ones (a 403 that concerns one of its fields, say);
   * without it, forbidden and not-found always go to the error handler.
   */
  refuses?: (e: AppError) => boolean;
  /** Where to go after success, and the flash message key to show there. */
  done: (result: R) => { to: string; flash?: string; flashValues?: Record<string, string | number> };
}

/**
 * Every HTML form's POST: the CSRF token was checked by the plumbing before the handler ran; the body is parsed
 * against its schema (localised field errors); the service's refusals re-render the form with their message and
 * status, keeping what the person typed (a stale version too: nothing typed is lost); success redirects (303,
 * POST-redirect-GET) with a flash. Forbidden and not-found go to the error handler, as anything unexpected does.
 */
export async function formAction<S extends TObject, R>(request: FastifyRequest, reply: FastifyReply, opts: FormActionOptions<S, R>): Promise<FastifyReply> {
  const raw = bodyOf(request);
  const parsed = parseForm(opts.schema, request.body);
  if (!parsed.ok) return again(reply, opts, { errors: parsed.errors, raw: parsed.raw }, 400);
  let result: R;
  try {
    result = await opts.run(parsed.value);
  } catch (e) {
    if (e instanceof ValidationError) return again(reply, opts, { errors: e.fields, raw }, 400);
    if (e instanceof AppError && ((e.status < 500 && e.status !== 401 && e.status !== 403 && e.status !== 404) || opts.refuses?.(e))) {
      const refusal: FormRefusal = { status: e.status, code: e.code, messageKey: e.messageKey, message: request.t(e.messageKey, e.values) };
      if (e.values) refusal.values = e.values;
      return again(reply, opts, { refusal, raw }, e.status);
    }
    throw e;
  }
  const done = opts.done(result);
  if (done.flash) await setFlash(request, { kind: 'success', key: done.flash, values: done.flashValues });
  return reply.redirect(done.to, 303);
}

async function again<S extends TObject, R>(reply: FastifyReply, opts: FormActionOptions<S, R>, problem: FormProblem, status: number): Promise<FastifyReply> {
  if (opts.form) problem.form = opts.form;
  return reply.page((await opts.rerender(problem)) as never, status);
}

/** The submitted fields as typed, without the CSRF token, to put back into the form. */
function bodyOf(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (!body || typeof body !== 'object') return {};
  const { _csrf: _ignored, ...rest } = body as Record<string, unknown>;
  return rest;
}
