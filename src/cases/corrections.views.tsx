import type { ComponentChildren } from 'preact';
import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { TextArea } from '../platform/views/components.js';

/** Whether a page's problem is this row's correction or withdrawal (the forms carry the row's id as `target`). */
export function rowProblem(problem: FormProblem | undefined, form: string, id: string): FormProblem | undefined {
  return problem?.form === form && problem.raw.target === id ? problem : undefined;
}

/**
 * A row's "Correct" and "Withdraw" forms, folded under it (issue 21): the correction's fields are the caller's,
 * both ask for a reason. Works without JavaScript.
 */
export function CorrectWithdraw(props: {
  t: Translator;
  csrf: string;
  id: string;
  version: number;
  correctAction: string;
  withdrawAction: string;
  correctProblem?: FormProblem | undefined;
  withdrawProblem?: FormProblem | undefined;
  children: ComponentChildren;
}) {
  const { t } = props;
  const hidden = (
    <>
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="version" value={String(props.version)} />
      <input type="hidden" name="target" value={props.id} />
    </>
  );
  const reason = (prefix: string, problem: FormProblem | undefined) => (
    <TextArea
      t={t}
      name="reason"
      idPrefix={`${prefix}-${props.id}`}
      label={t('corrections.reason')}
      hint={t('corrections.reasonHint')}
      value={String(problem?.raw.reason ?? '')}
      rows={2}
      maxLength={1000}
      required
      error={problem?.errors?.reason}
    />
  );
  return (
    <>
      <details class="correct-record" open={props.correctProblem !== undefined}>
        <summary>{t('corrections.correct')}</summary>
        <form method="post" action={props.correctAction} class="stack">
          {hidden}
          {props.children}
          {reason('correct', props.correctProblem)}
          <button type="submit" class="button button-secondary button-small">
            {t('corrections.save')}
          </button>
        </form>
      </details>
      <details class="withdraw-record" open={props.withdrawProblem !== undefined}>
        <summary>{t('corrections.withdraw')}</summary>
        <form method="post" action={props.withdrawAction} class="stack">
          {hidden}
          {reason('withdraw', props.withdrawProblem)}
          <button type="submit" class="button button-secondary button-small">
            {t('corrections.withdrawConfirm')}
          </button>
        </form>
      </details>
    </>
  );
}

/** A withdrawn row's text, struck through, with the reason it was withdrawn; or a corrected row's mark. */
export function CorrectionMark(props: { t: Translator; withdrawnAt: string | null; withdrawalReason: string | null; correctionReason: string | null }) {
  const { t } = props;
  if (props.withdrawnAt)
    return (
      <p class="hint">
        {t('corrections.withdrawnOn', { date: t.date(props.withdrawnAt, undefined, true) })} <span dir="auto">{props.withdrawalReason ?? ''}</span>
      </p>
    );
  if (props.correctionReason)
    return (
      <p class="hint">
        {t('corrections.corrected')} <span dir="auto">{props.correctionReason}</span>
      </p>
    );
  return null;
}
