import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import type { Option } from '../platform/views/components.js';

/* Small pieces the justice views share. */

export type Section<M> = { t: Translator; csrf: string; base: string; model: M; problem?: FormProblem | undefined };

export function options(t: Translator, prefix: string, values: readonly string[]): Option[] {
  return values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
}

/** A kind of status by name: an office's own label, else the default's translated name. */
export function kindName(t: Translator, code: string, label: string | null | undefined): string {
  return label ?? (t.has(`justice.kinds.${code}`) ? t(`justice.kinds.${code}`) : code);
}

export function day(t: Translator, iso: string | null | undefined): string {
  return iso ? t.date(iso) : '—';
}

/** The countdown of a period or permit: days left, ending soon, or ended. */
export function Countdown(props: { t: Translator; daysLeft: number | null; ending: boolean }) {
  const { t, daysLeft } = props;
  if (daysLeft === null) return <>—</>;
  if (daysLeft < 0) return <span class="badge badge-high">{t('justice.countdown.ended', { n: -daysLeft })}</span>;
  return <span class={props.ending ? 'badge badge-high' : 'badge'}>{t('justice.countdown.left', { n: daysLeft })}</span>;
}

export function money(t: Translator, amount: number | null, currency: string): string {
  if (amount === null) return '—';
  try {
    return new Intl.NumberFormat(t.locale, { style: 'currency', currency }).format(amount);
  } catch {
    return `${t.number(amount)} ${currency}`;
  }
}
