import type { ComponentChildren } from 'preact';
import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import type { FieldErrors } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';

/** What every solutions view gets besides its view model: the translator, the CSRF token, the time zone, a problem. */
export interface PageEnv {
  t: Translator;
  csrf: string;
  timeZone: string;
  /** The form to show again after a refused POST, with what was typed. */
  problem?: FormProblem | undefined;
}

/** The refusal of a rule, at the top of the form it refused. */
export function Alert(props: { env: PageEnv; form: string }) {
  const { problem, t } = props.env;
  if (!problem?.refusal || problem.form !== props.form) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{t('forms.errorSummaryTitle')}</h2>
      <p>{problem.refusal.message}</p>
    </div>
  );
}

export function errs(env: PageEnv, form: string): FieldErrors | undefined {
  return env.problem?.form === form ? env.problem.errors : undefined;
}

export function rawOf(env: PageEnv, form: string): Record<string, unknown> {
  return env.problem?.form === form ? env.problem.raw : {};
}

/** A typed value as the field shows it again. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return String(v[v.length - 1] ?? '');
  return v === undefined || v === null ? undefined : String(v);
}

export function LevelBadge(props: { t: Translator; level: string }) {
  return <span class={`badge badge-${props.level}`}>{props.t(`solutions.risk.level.${props.level}`)}</span>;
}

/** A solution page seen through a share: a plain page, no case tabs, saying that it is shared. */
export function SharedCasePage(props: { layout: Omit<LayoutProps, 'children'>; caseNumber: string; title: string; children: ComponentChildren }) {
  const t = props.layout.t;
  return (
    <Layout {...props.layout}>
      <p class="case-number">
        <span dir="ltr">{props.caseNumber}</span> <span class="badge">{t('solutions.shared.badge')}</span>
      </p>
      <h1>{props.title}</h1>
      <p class="hint">{t('solutions.shared.explain')}</p>
      {props.children}
    </Layout>
  );
}
