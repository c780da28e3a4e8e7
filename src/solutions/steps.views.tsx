import { ActionButton, Choices, Form, Select, Submit, Table, TextField } from '../platform/views/components.js';
import type { SolutionView } from './solution-view.service.js';
import { ACTION_TRACKS, tracksFor } from './solutions.model.js';
import { Alert, errs, type PageEnv } from './view-parts.js';

/** The steps of the chosen solution (return, local integration, resettlement, follow-up), as plan actions. */
export function StepsSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view, base } = props;
  const t = env.t;
  const steps = view.personal?.steps ?? [];
  const tracks = tracksFor(view.summary.decision);
  return (
    <section aria-labelledby="sol-actions">
      <h2 id="sol-actions">{t('solutions.actions.title')}</h2>
      <Table
        caption={t('solutions.actions.caption')}
        head={[
          t('solutions.actions.step'),
          t('solutions.actions.due'),
          t('solutions.actions.status'),
          t('solutions.actions.description'),
          t('solutions.actions.column'),
        ]}
        empty={t('solutions.actions.empty')}
        rows={steps.map((a) => [
          `${t(`solutions.tracks.${a.track}`)}: ${t(`solutions.steps.${a.step}`)}`,
          a.due_date ? t.date(a.due_date) : '—',
          a.status === 'done' && a.completed_at
            ? `${t('solutions.actions.statuses.done')} (${t.date(a.completed_at)})`
            : t(`solutions.actions.statuses.${a.status}`),
          a.description,
          view.can.edit && a.status === 'open' ? (
            <ActionButton
              action={`${base}/actions/${a.id}`}
              csrf={env.csrf}
              label={t('solutions.actions.markDone')}
              fields={{ status: 'done', version: String(a.version) }}
            />
          ) : (
            ''
          ),
        ])}
      />
      {view.can.edit && tracks.length > 0 ? (
        <Form t={t} action={`${base}/actions`} csrf={env.csrf} id="actions" errors={errs(env, 'actions')} hasRequired>
          <Alert env={env} form="actions" />
          <input type="hidden" name="track" value={tracks[0]} />
          <Select
            t={t}
            name="step"
            required
            label={t('solutions.actions.step')}
            error={errs(env, 'actions')?.step}
            options={tracks.flatMap((tr) =>
              (ACTION_TRACKS[tr] as readonly string[]).map((s) => ({
                value: `${tr}:${s}`,
                label: `${t(`solutions.tracks.${tr}`)}: ${t(`solutions.steps.${s}`)}`,
              })),
            )}
          />
          <TextField t={t} name="dueOn" type="date" label={t('solutions.actions.due')} width="medium" error={errs(env, 'actions')?.dueOn} />
          <TextField t={t} name="note" label={t('solutions.actions.note')} hint={t('solutions.actions.noteHint')} maxLength={1500} />
          <Submit label={t('solutions.actions.add')} secondary />
        </Form>
      ) : null}
    </section>
  );
}

/** The hand-overs of the case, and the request form while the solution allows one. */
export function HandoverSection(props: { env: PageEnv; view: SolutionView; base: string }) {
  const { env, view, base } = props;
  const t = env.t;
  const { decision, returnStatus, targetOfficeId } = view.summary;
  const pending = view.handovers.some((h) => h.status === 'pending');
  const possible = view.can.edit && !pending && (decision === 'return' || decision === 'resettlement') && targetOfficeId !== view.officeId;
  const offer = possible && returnStatus !== 'blocked' && view.handoverBlockers.length === 0;
  return (
    <section aria-labelledby="sol-handover">
      <h2 id="sol-handover">{t('solutions.handover.title')}</h2>
      <Table
        caption={t('solutions.handover.history')}
        head={[t('solutions.handover.to'), t('solutions.handover.requestedAt'), t('solutions.handover.status')]}
        empty={t('solutions.handover.none')}
        rows={view.handovers.map((h) => [
          h.toOffice,
          t.date(h.requestedAt, env.timeZone, true),
          h.status === 'pending' && view.can.edit && h.fromOffice && h.toOfficeId !== view.officeId ? (
            <>
              {t('solutions.handover.statuses.pending')}{' '}
              <ActionButton action={`${base}/handover/${h.id}/cancel`} csrf={env.csrf} label={t('solutions.handover.cancel')} />
            </>
          ) : (
            t(`solutions.handover.statuses.${h.status}`)
          ),
        ])}
      />
      {possible && !offer && view.handoverBlockers.length > 0 ? (
        <div class="notice" id="handover-blockers">
          <p>{t('solutions.handover.notYet')}</p>
          <ul>
            {view.handoverBlockers.map((key) => (
              <li>{t(key)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {offer ? (
        <Form
          t={t}
          action={`${base}/handover`}
          csrf={env.csrf}
          id="handover"
          errors={errs(env, 'handover')}
          hasRequired
          labels={{ toOfficeId: t('solutions.handover.to') }}
        >
          <Alert env={env} form="handover" />
          <p class="hint">{t('solutions.handover.explain')}</p>
          <Select
            t={t}
            name="toOfficeId"
            required
            label={t('solutions.handover.to')}
            value={targetOfficeId ?? ''}
            error={errs(env, 'handover')?.toOfficeId}
            options={(view.personal?.offices ?? []).filter((o) => o.id !== view.officeId).map((o) => ({ value: o.id, label: o.name }))}
          />
          <Choices
            t={t}
            name="keep"
            multiple
            label={t('solutions.handover.keep')}
            value={['outcome']}
            options={[{ value: 'outcome', label: t('solutions.handover.keepOutcome') }]}
          />
          <Submit label={t('solutions.handover.request')} />
        </Form>
      ) : null}
    </section>
  );
}
