import type { Translator } from '../platform/i18n/i18n.js';
import type { PlanView } from './plan-view.service.js';

/** A plan action's correction, folded under its row: what will be done, who is responsible, when it is due. */
export function CorrectAction(props: {
  t: Translator;
  csrf: string;
  action: string;
  a: PlanView['actions'][number];
  staff: Array<{ id: string; name: string }>;
}) {
  const { t, a } = props;
  const id = (k: string) => `correct-${a.id}-${k}`;
  return (
    <details class="correct-action">
      <summary>{t('caseStory.correct.action')}</summary>
      <form method="post" action={props.action} class="stack">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="version" value={String(a.version)} />
        <label for={id('description')}>{t('plans.action.description')}</label>
        <textarea id={id('description')} name="description" rows={2} class="input" dir="auto">
          {a.description}
        </textarea>
        <label for={id('owner')}>{t('plans.action.owner')}</label>
        <select id={id('owner')} name="ownerId" class="input">
          {props.staff.map((s) => (
            <option value={s.id} selected={s.id === a.ownerId}>
              {s.name}
            </option>
          ))}
        </select>
        <label for={id('due')}>{t('plans.action.due')}</label>
        <input id={id('due')} type="date" name="dueDate" value={a.dueDate ?? ''} class="input input-medium" />
        <button type="submit" class="button button-secondary button-small">
          {t('caseStory.correct.save')}
        </button>
      </form>
    </details>
  );
}
