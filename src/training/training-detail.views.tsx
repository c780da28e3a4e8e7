import type { FormProblem } from '../platform/http/form-action.js';
import { countryName } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { Choices, Form, Select, Submit, SummaryList, Table, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { GENDERS, INSTITUTION_CODES } from './training.schema.js';
import type { TrainingPageModel } from './training.service.js';
import { day, type PageLayout, Refusal } from './training.views.js';

/** The training page: its summary, then one form per section (sessions, participants, attendance, scores). */

export type TrainingSection = 'session' | 'participant' | 'attendance' | 'scores';

/** A section's form sent back: which one, and the problem formAction found. */
export interface SectionProblem {
  section: TrainingSection;
  problem: FormProblem;
}

type Participant = TrainingPageModel['participants'][number];

interface SectionProps {
  t: Translator;
  model: TrainingPageModel;
  csrf: string | undefined;
  problem: FormProblem | undefined;
  label: (p: Participant, i: number) => string;
}

function raw(problem: FormProblem | undefined, k: string): string {
  return problem ? String(problem.raw?.[k] ?? '') : '';
}

function SessionsSection(props: SectionProps) {
  const { t, model, problem } = props;
  const { training, sessions } = model;
  const errors = problem?.errors;
  const labels = { heldOn: t('training.sessions.heldOn'), subject: t('training.sessions.subject'), required: t('training.sessions.required') };
  return (
    <>
      <h2 id="sessions">{t('training.sessions.title')}</h2>
      <Table
        caption={t('training.sessions.title')}
        head={[t('training.sessions.heldOn'), t('training.sessions.subject'), t('training.sessions.required')]}
        rows={sessions.map((s) => [day(t, s.held_on), s.subject ?? '—', model.requiredSessions.has(s.id) ? t('forms.yes') : t('forms.no')])}
        empty={t('training.sessions.none')}
      />
      <details class="disclosure" open={problem !== undefined || sessions.length === 0}>
        <summary>{t('training.sessions.add')}</summary>
        <Refusal problem={problem} />
        <Form t={t} id="session-form" action={`/staff/training/${training.id}/sessions`} csrf={props.csrf} errors={errors} hasRequired labels={labels}>
          <TextField t={t} name="heldOn" type="date" label={labels.heldOn} value={raw(problem, 'heldOn')} required width="medium" error={errors?.heldOn} />
          <TextField t={t} name="subject" label={labels.subject} value={raw(problem, 'subject')} error={errors?.subject} />
          <Choices t={t} name="required" inline label={labels.required} hint={t('training.sessions.requiredHint')} options={[{ value: '1', label: t('forms.yes') }, { value: '0', label: t('forms.no') }]} value={raw(problem, 'required') || '1'} />
          <Submit label={t('training.sessions.add')} />
        </Form>
      </details>
    </>
  );
}

function ParticipantsSection(props: SectionProps) {
  const { t, model, problem } = props;
  const errors = problem?.errors;
  const labels = {
    name: t('training.participants.name'),
    organisationId: t('training.participants.organisation'),
    organisationName: t('training.participants.organisationName'),
    institutionType: t('training.participants.institutionType'),
    role: t('training.participants.role'),
    gender: t('training.participants.gender'),
  };
  return (
    <>
      <h2 id="participants">{t('training.participants.title')}</h2>
      <p class="hint">{t('training.participants.minimal')}</p>
      <details class="disclosure" open={problem !== undefined || model.participants.length === 0}>
        <summary>{t('training.participants.add')}</summary>
        <Refusal problem={problem} />
        <Form t={t} id="participant-form" action={`/staff/training/${model.training.id}/participants`} csrf={props.csrf} errors={errors} hasRequired labels={labels}>
          <TextField t={t} name="name" label={labels.name} hint={t('training.participants.nameHint')} value={raw(problem, 'name')} error={errors?.name} />
          <Select t={t} name="organisationId" label={labels.organisationId} options={model.organisations.map((o) => ({ value: o.id, label: o.org_name }))} value={raw(problem, 'organisationId')} emptyLabel={t('training.participants.notListed')} error={errors?.organisationId} />
          <TextField t={t} name="organisationName" label={labels.organisationName} hint={t('training.participants.organisationNameHint')} value={raw(problem, 'organisationName')} error={errors?.organisationName} />
          <Select t={t} name="institutionType" label={labels.institutionType} options={INSTITUTION_CODES.map((x) => ({ value: x, label: t(`training.institutions.${x}`) }))} value={raw(problem, 'institutionType')} emptyLabel={t('forms.choose')} required error={errors?.institutionType} />
          <TextField t={t} name="role" label={labels.role} value={raw(problem, 'role')} width="medium" error={errors?.role} />
          <Choices t={t} name="gender" inline label={labels.gender} options={GENDERS.map((g) => ({ value: g, label: t(`training.genders.${g}`) }))} value={raw(problem, 'gender')} required error={errors?.gender} />
          <Submit label={t('training.participants.add')} />
        </Form>
      </details>
    </>
  );
}

function AttendanceSection(props: SectionProps) {
  const { t, model, problem, label } = props;
  const { training, sessions, participants } = model;
  return (
    <>
      <h2 id="attendance">{t('training.attendance.title')}</h2>
      <Refusal problem={problem} />
      <Form t={t} id="attendance-form" action={`/staff/training/${training.id}/attendance`} csrf={props.csrf} errors={problem?.errors} labels={{ present: t('training.attendance.title') }}>
        <input type="hidden" name="version" value={String(training.version)} />
        <div class="table-wrap">
          <table class="attendance-grid">
            <caption>{t('training.attendance.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('training.participants.participant')}</th>
                {sessions.map((s) => (
                  <th scope="col">
                    {day(t, s.held_on)}
                    {model.requiredSessions.has(s.id) ? '' : ` (${t('training.sessions.optional')})`}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {participants.map((p, i) => (
                <tr>
                  <th scope="row">{label(p, i)}</th>
                  {sessions.map((s) => {
                    const fid = `present-${s.id}-${p.id}`;
                    return (
                      <td>
                        <input type="checkbox" id={fid} name="present" value={`${s.id}:${p.id}`} checked={p.attended.has(s.id)} />
                        <label for={fid} class="visually-hidden">
                          {t('training.attendance.present', { name: label(p, i), date: day(t, s.held_on) })}
                        </label>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Submit label={t('training.attendance.save')} />
      </Form>
    </>
  );
}

function ScoreInput(props: { t: Translator; field: string; label: string; max: number; value: string; invalid: boolean }) {
  return (
    <td>
      <label for={`f-${props.field}`} class="visually-hidden">
        {props.label}
      </label>
      <input id={`f-${props.field}`} class="input input-short" name={props.field} type="number" min="0" max={props.max} inputMode="numeric" value={props.value} aria-invalid={props.invalid ? 'true' : undefined} />
    </td>
  );
}

function ScoresSection(props: SectionProps) {
  const { t, model, problem, label } = props;
  const { training, participants } = model;
  const e = problem?.errors;
  const fieldLabels = Object.fromEntries(
    participants.flatMap((p, i) => [
      [`pre_${p.id}`, `${label(p, i)} · ${t('training.scores.pre')}`],
      [`post_${p.id}`, `${label(p, i)} · ${t('training.scores.post')}`],
    ]),
  );
  return (
    <>
      <h2 id="scores">{t('training.scores.title')}</h2>
      <p class="hint">{t('training.scores.explain', { max: training.test_max_score })}</p>
      <Refusal problem={problem} />
      <Form t={t} id="scores-form" action={`/staff/training/${training.id}/scores`} csrf={props.csrf} errors={e} labels={fieldLabels}>
        <input type="hidden" name="version" value={String(training.version)} />
        <div class="table-wrap">
          <table class="scores-grid">
            <caption>{t('training.scores.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('training.participants.participant')}</th>
                <th scope="col">{t('training.participants.institutionType')}</th>
                <th scope="col">{t('training.scores.pre')}</th>
                <th scope="col">{t('training.scores.post')}</th>
                <th scope="col">{t('training.scores.completed')}</th>
                <th scope="col">{t('training.certificate.title')}</th>
              </tr>
            </thead>
            <tbody>
              {participants.map((p, i) => {
                const pre = problem ? raw(problem, `pre_${p.id}`) : String(p.pre_score ?? '');
                const post = problem ? raw(problem, `post_${p.id}`) : String(p.post_score ?? '');
                return (
                  <tr>
                    <th scope="row">{label(p, i)}</th>
                    <td>{t(`training.institutions.${p.institution_type}`)}</td>
                    <ScoreInput t={t} field={`pre_${p.id}`} label={fieldLabels[`pre_${p.id}`] as string} max={training.test_max_score} value={pre} invalid={Boolean(e?.[`pre_${p.id}`])} />
                    <ScoreInput t={t} field={`post_${p.id}`} label={fieldLabels[`post_${p.id}`] as string} max={training.test_max_score} value={post} invalid={Boolean(e?.[`post_${p.id}`])} />
                    <td>{p.completed ? <span class="badge badge-low">{t('training.scores.yes')}</span> : <span class="badge">{t('training.scores.no')}</span>}</td>
                    <td>{p.completed ? <a href={`/staff/training/${training.id}/participants/${p.id}/certificate`}>{t('training.certificate.open', { name: label(p, i) })}</a> : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <Submit label={t('training.scores.save')} />
      </Form>
      <p class="hint">{t('training.scores.completedRule')}</p>
    </>
  );
}

export function TrainingPage(props: {
  layout: PageLayout;
  model: TrainingPageModel;
  lists: { curriculum: string[]; trainers: string[] };
  csrf: string | undefined;
  sent?: SectionProblem | undefined;
}) {
  const { t } = props.layout;
  const { model, sent } = props;
  const { training, sessions, participants } = model;
  const label = (p: Participant, i: number) => model.names.get(p.id) ?? t('training.participants.numbered', { n: i + 1 });
  const section = (name: TrainingSection): SectionProps => ({ t, model, csrf: props.csrf, problem: sent?.section === name ? sent.problem : undefined, label });
  return (
    <Layout {...props.layout}>
      <p>
        <a href="/staff/training">{t('training.back')}</a>
      </p>
      <h1>{training.title}</h1>
      <SummaryList
        items={[
          [t('training.fields.topic'), t(`training.topics.${training.topic}`)],
          [t('training.fields.audience'), t(`training.audiences.${training.audience}`)],
          [t('training.fields.where'), [training.online ? t('training.fields.onlineYes') : training.place, countryName(training.country, t.locale)].filter(Boolean).join(' · ')],
          [t('training.fields.trainers'), props.lists.trainers.join(', ')],
          [
            t('training.fields.curriculum'),
            <ul>
              {props.lists.curriculum.map((c) => (
                <li>{c}</li>
              ))}
            </ul>,
          ],
          [t('training.fields.testMaxScore'), t.number(training.test_max_score)],
        ]}
      />
      <p>
        <a href={`/staff/training/${training.id}/edit`}>{t('training.edit')}</a>
      </p>
      <SessionsSection {...section('session')} />
      <ParticipantsSection {...section('participant')} />
      {participants.length > 0 && sessions.length > 0 ? <AttendanceSection {...section('attendance')} /> : null}
      {participants.length > 0 ? <ScoresSection {...section('scores')} /> : null}
    </Layout>
  );
}
