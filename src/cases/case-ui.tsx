import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translator } from '../platform/i18n/i18n.js';
import { AppError, ValidationError } from '../platform/http/errors.js';
import { requireAuth } from '../platform/http/plumbing.js';
import type { FieldErrors, Option } from '../platform/views/components.js';

export const CASE_ACCESS = { access: { permission: 'cases.work' } } as const;

export function csrfOf(request: FastifyRequest): string {
  return requireAuth(request).session?.csrf_secret ?? '';
}

export function options(t: Translator, prefix: string, values: readonly string[]): Option[] {
  return values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

/** A refusal by a rule, a stale version or a permission, shown on the form's page instead of an error page. */
export interface Refusal {
  status: number;
  message: string;
}

/**
 * Runs a page's POST: success → flash and 303 to `next`; a validation error re-renders with field errors; a rule,
 * stale-version or conflict refusal re-renders with its message and status. Anything else goes to the error handler.
 */
export async function runPost(
  request: FastifyRequest,
  _reply: FastifyReply,
  work: () => Promise<unknown>,
  rerender: (errors: FieldErrors | undefined, refusal: Refusal | undefined, status: number) => Promise<FastifyReply>,
): Promise<FastifyReply | undefined> {
  try {
    await work();
    return undefined;
  } catch (e) {
    if (e instanceof ValidationError) return rerender(e.fields, undefined, 400);
    if (e instanceof AppError && (e.status === 409 || e.status === 422)) {
      return rerender(undefined, { status: e.status, message: request.t(e.messageKey, e.values) }, e.status);
    }
    throw e;
  }
}

export function RefusalBox(props: { refusal?: Refusal | undefined }) {
  if (!props.refusal) return null;
  return (
    <div class="flash flash-error" role="alert">
      <p>{props.refusal.message}</p>
    </div>
  );
}

export function yesNo(t: Translator, v: number | null | undefined): string {
  return v === null || v === undefined ? t('forms.unknown') : v ? t('forms.yes') : t('forms.no');
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date for lists: the same output as `t.date`, with the formatter built once per language and time zone,
 * because building one per cell dominated the time of a 50-row work list.
 */
export function listDate(t: Translator, iso: string | null | undefined, timeZone = 'UTC'): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const key = `${t.locale}|${timeZone}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(t.locale, { dateStyle: 'medium', timeZone });
    dateFormats.set(key, f);
  }
  return f.format(d);
}
