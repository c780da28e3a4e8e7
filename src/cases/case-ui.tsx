import type { FormProblem } from '../platform/http/form-action.js';
import { dateFormatOptions, type Translator } from '../platform/i18n/i18n.js';
import type { FieldErrors, Option } from '../platform/views/components.js';

/* Small pure helpers shared by the case views. */

export function options(t: Translator, prefix: string, values: readonly string[]): Option[] {
  return values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

/** A refusal by a rule, a stale version or a permission, shown on the form's page instead of an error page. */
export interface Refusal {
  status: number;
  message: string;
}

export function RefusalBox(props: { refusal?: Refusal | undefined }) {
  if (!props.refusal) return null;
  return (
    <div class="flash flash-error" role="alert">
      <p>{props.refusal.message}</p>
    </div>
  );
}

/**
 * The refusal a page shows for a failed form: the service's, or, for a form of buttons only (nothing to mark),
 * the general "check what you entered" when its body did not parse.
 */
export function refusalOf(t: Translator, problem: FormProblem | undefined, buttonForms: readonly string[] = []): Refusal | undefined {
  if (!problem) return undefined;
  if (problem.refusal) return problem.refusal;
  if (problem.errors && problem.form && buttonForms.includes(problem.form)) return { status: 400, message: t('errors.validation') };
  return undefined;
}

/** What a form shows again: the typed values (as text, or as a list for groups of checkboxes) and the field errors. */
export interface Typed {
  v: (k: string, fallback?: string) => string;
  list: (k: string) => string[];
  errors: FieldErrors | undefined;
}

export function typed(raw: Record<string, unknown> | undefined, errors?: FieldErrors): Typed {
  const src = raw ?? {};
  return {
    v: (k, fallback = '') => (src[k] === undefined || src[k] === null ? fallback : String(src[k])),
    list: (k) => {
      const x = src[k];
      if (Array.isArray(x)) return x.map(String);
      return typeof x === 'string' && x !== '' ? [x] : [];
    },
    errors,
  };
}

/** The typed values of one form of a page: the problem's when it is that form's, else nothing typed yet. */
export function typedFor(problem: FormProblem | undefined, form?: string): Typed {
  if (!problem || (form !== undefined && problem.form !== undefined && problem.form !== form)) return typed(undefined);
  return typed(problem.raw, problem.errors);
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
    f = new Intl.DateTimeFormat(t.locale, { ...dateFormatOptions(t.locale), timeZone });
    dateFormats.set(key, f);
  }
  return f.format(d);
}
