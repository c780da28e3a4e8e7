import type { FormProblem } from '../http/form-action.js';
import type { Translator } from '../i18n/i18n.js';

/**
 * Why a form was refused, said above it, when its fields do not say it themselves: a service's refusal
 * (a stale version, a rule), or field errors of a form that has no fields on the page (a button's hidden version).
 */
export function ProblemNote(props: { t: Translator; problem?: FormProblem | undefined; onFields?: boolean }) {
  const problem = props.problem;
  if (!problem || props.onFields) return null;
  return (
    <div class="flash flash-error" role="alert">
      <p>{problem.refusal ? problem.refusal.message : props.t('errors.validation')}</p>
    </div>
  );
}

/** The problem of one of a page's forms, when it is that form's (a page may hold several). */
export function problemOf(problem: FormProblem | undefined, form: string): FormProblem | undefined {
  return problem?.form === form ? problem : undefined;
}

/**
 * The props a field of a form takes, by name: its label, what the person typed (or `fallback` when nothing was),
 * and its error. `errors` defaults to the problem's field errors.
 */
export function fieldsOf(t: Translator, { labels, problem, errors = problem?.errors }: { labels: Record<string, string>; problem: FormProblem | undefined; errors?: FormProblem['errors'] }) {
  return (name: string, fallback = '') => ({ t, name, label: labels[name] ?? name, value: String(problem?.raw[name] ?? '') || fallback, error: errors?.[name] });
}
