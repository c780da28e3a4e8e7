import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { recordAccess } from '../platform/audit/audit.js';
import { hasPermission } from '../platform/auth/auth-user.js';
import { countryName, countryOptions } from '../platform/countries.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { isId } from '../platform/ids.js';
import { Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { figuresPages } from './figures.pages.js';
import { libraryPages } from './library.pages.js';
import { trainingScope } from './training.policy.js';
import * as repo from './training.repository.js';
import { AttendanceBody, AUDIENCES, MAX_VERSION, GENDERS, INSTITUTION_CODES, ParticipantBody, SessionBody, TRAINING_TOPICS, TrainingBody } from './training.schema.js';
import { parseScores, requiredSessionIds } from './training.scores.js';
import * as service from './training.service.js';
import type { Training } from './training.table.js';

const MANAGE = { access: { permission: 'training.manage' } } as const;
const LIBRARY = { access: { permission: 'training.library' } } as const;

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

const validVersion = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_VERSION;

/** Joins place and country with the separators of the reader's language. */
const joined = (t: Translator, parts: Array<string | null | undefined>) => parts.filter(Boolean).join(t.dir === 'rtl' ? '، ' : ', ');

const day = (t: Translator, d: string | null | undefined) => (d ? t.date(`${d}T12:00:00Z`, 'UTC') : '—');

type SectionErrors = { section: 'session' | 'participant' | 'attendance' | 'scores'; errors: FieldErrors; raw?: Record<string, unknown> };

export async function trainingPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  await app.register(libraryPages);
  await app.register(figuresPages);

  app.get('/staff/training', { config: LIBRARY }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    // People who may only read the library land there directly.
    if (!hasPermission(auth.user, 'training.manage')) return reply.redirect('/staff/training/library', 303);
    const trainings = await repo.listTrainings(ctx.db, trainingScope(auth.user));
    return reply.page(
      <Layout {...(await staffLayout(request, t('training.title')))}>
        <h1>{t('training.title')}</h1>
        <p>
          <a class="button" href="/staff/training/new">
            {t('training.new')}
          </a>{' '}
          <a class="button button-secondary" href="/staff/training/library">
            {t('training.library.title')}
          </a>{' '}
          <a class="button button-secondary" href="/staff/training/figures">
            {t('training.figures.title')}
          </a>
        </p>
        <Table
          caption={t('training.list')}
          head={[t('training.fields.title'), t('training.fields.topic'), t('training.fields.audience'), t('training.fields.country'), t('training.fields.firstDay'), t('training.participants.title')]}
          rows={trainings.map((x) => [
            <a href={`/staff/training/${x.id}`}>{x.title}</a>,
            t(`training.topics.${x.topic}`),
            t(`training.audiences.${x.audience}`),
            countryName(x.country, t.locale),
            day(t, x.first_day as string | null),
            t.number(Number(x.participants)),
          ])}
          empty={t('training.none')}
        />
      </Layout>,
    );
  });

  const trainingForm = async (request: FastifyRequest, existing: Training | undefined, errors?: FieldErrors, raw?: Record<string, unknown>) => {
    const t = request.t;
    const auth = requireAuth(request);
    const v = (k: string, fallback?: unknown) => String(raw?.[k] ?? fallback ?? '');
    const scope = trainingScope(auth.user);
    const offices = await repo.officesByIds(ctx.db, scope);
    const title = existing ? t('training.edit') : t('training.new');
    const labels = {
      officeId: t('training.fields.office'),
      title: t('training.fields.title'),
      topic: t('training.fields.topic'),
      audience: t('training.fields.audience'),
      country: t('training.fields.country'),
      place: t('training.fields.place'),
      online: t('training.fields.online'),
      curriculum: t('training.fields.curriculum'),
      trainers: t('training.fields.trainers'),
      testMaxScore: t('training.fields.testMaxScore'),
    };
    return (
      <Layout {...(await staffLayout(request, title))}>
        <h1>{title}</h1>
        <Form t={t} action={existing ? `/staff/training/${existing.id}` : '/staff/training'} csrf={auth.session?.csrf_secret} errors={errors} hasRequired labels={labels}>
          {existing ? <input type="hidden" name="version" value={String(existing.version)} /> : null}
          {!existing && offices.length > 1 ? (
            <Select t={t} name="officeId" label={labels.officeId} options={offices.map((o) => ({ value: o.id, label: `${o.code} · ${o.name}` }))} value={v('officeId')} emptyLabel={t('forms.choose')} required error={errors?.officeId} />
          ) : null}
          <TextField t={t} name="title" label={labels.title} value={v('title', existing?.title)} required error={errors?.title} />
          <Select t={t} name="topic" label={labels.topic} options={TRAINING_TOPICS.map((x) => ({ value: x, label: t(`training.topics.${x}`) }))} value={v('topic', existing?.topic)} emptyLabel={t('forms.choose')} required error={errors?.topic} />
          <Choices t={t} name="audience" label={labels.audience} options={AUDIENCES.map((x) => ({ value: x, label: t(`training.audiences.${x}`) }))} value={v('audience', existing?.audience)} required error={errors?.audience} />
          <Select t={t} name="country" label={labels.country} options={countryOptions(t.locale)} value={v('country', existing?.country)} emptyLabel={t('forms.choose')} required error={errors?.country} />
          <TextField t={t} name="place" label={labels.place} value={v('place', existing?.place)} error={errors?.place} />
          <Choices t={t} name="online" inline label={labels.online} options={[{ value: '0', label: t('training.fields.inPerson') }, { value: '1', label: t('training.fields.onlineYes') }]} value={v('online', existing ? String(existing.online) : '0')} error={errors?.online} />
          <TextArea t={t} name="curriculum" label={labels.curriculum} hint={t('training.fields.curriculumHint')} value={v('curriculum', existing ? service.parseList(existing.curriculum).join('\n') : '')} rows={5} error={errors?.curriculum} />
          <TextArea t={t} name="trainers" label={labels.trainers} hint={t('training.fields.trainersHint')} value={v('trainers', existing ? service.parseList(existing.trainers).join('\n') : '')} rows={3} required error={errors?.trainers} />
          <TextField t={t} name="testMaxScore" type="number" inputMode="numeric" label={labels.testMaxScore} hint={t('training.fields.testMaxScoreHint')} value={v('testMaxScore', existing?.test_max_score ?? 20)} required width="short" error={errors?.testMaxScore} />
          <Submit label={t('forms.save')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/training/new', { config: MANAGE }, async (request, reply) => reply.page(await trainingForm(request, undefined)));

  app.post('/staff/training', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(TrainingBody, request.body);
    if (!form.ok) return reply.page(await trainingForm(request, undefined, form.errors, form.raw), 400);
    try {
      const id = await service.createTraining(ctx, auth.user, form.value);
      await setFlash(request, 'success', 'training.created');
      return reply.redirect(`/staff/training/${id}`, 303);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await trainingForm(request, undefined, e.fields, form.value), 400);
      throw e;
    }
  });

  const detail = async (request: FastifyRequest, reply: FastifyReply, id: string, problem?: SectionErrors) => {
    const t = request.t;
    const auth = requireAuth(request);
    const view = await service.trainingView(ctx, auth.user, id);
    const { training, sessions, participants } = view;
    const csrf = auth.session?.csrf_secret;
    const names = new Map<string, string>();
    for (const p of participants) if (p.name_enc) names.set(p.id, await ctx.keys.decrypt<string>(p.name_enc, `training_participants.name:${p.id}`));
    if (names.size > 0) await recordAccess(ctx.db, { officeId: training.office_id, actorId: auth.user.id, action: 'training.participants', subjectType: 'training', subjectId: training.id });
    const label = (p: (typeof participants)[number], i: number) => names.get(p.id) ?? t('training.participants.numbered', { n: i + 1 });
    const required = new Set(requiredSessionIds(sessions));
    const organisations = await repo.organisationsForChoice(ctx.db);
    const err = (section: SectionErrors['section']) => (problem?.section === section ? problem.errors : undefined);
    const raw = (section: SectionErrors['section'], k: string) => (problem?.section === section ? String(problem.raw?.[k] ?? '') : '');
    const sessionLabels = { heldOn: t('training.sessions.heldOn'), subject: t('training.sessions.subject'), required: t('training.sessions.required') };
    const participantLabels = {
      name: t('training.participants.name'),
      organisationId: t('training.participants.organisation'),
      organisationName: t('training.participants.organisationName'),
      institutionType: t('training.participants.institutionType'),
      role: t('training.participants.role'),
      gender: t('training.participants.gender'),
    };
    const page = (
      <Layout {...(await staffLayout(request, training.title))}>
        <p>
          <a href="/staff/training">{t('training.back')}</a>
        </p>
        <h1>{training.title}</h1>
        <SummaryList
          items={[
            [t('training.fields.topic'), t(`training.topics.${training.topic}`)],
            [t('training.fields.audience'), t(`training.audiences.${training.audience}`)],
            [t('training.fields.where'), [training.online ? t('training.fields.onlineYes') : training.place, countryName(training.country, t.locale)].filter(Boolean).join(' · ')],
            [t('training.fields.trainers'), service.parseList(training.trainers).join(', ')],
            [
              t('training.fields.curriculum'),
              <ul>
                {service.parseList(training.curriculum).map((c) => (
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

        <h2 id="sessions">{t('training.sessions.title')}</h2>
        <Table
          caption={t('training.sessions.title')}
          head={[t('training.sessions.heldOn'), t('training.sessions.subject'), t('training.sessions.required')]}
          rows={sessions.map((s) => [day(t, s.held_on), s.subject ?? '—', required.has(s.id) ? t('forms.yes') : t('forms.no')])}
          empty={t('training.sessions.none')}
        />
        <details class="disclosure" open={problem?.section === 'session' || sessions.length === 0}>
          <summary>{t('training.sessions.add')}</summary>
          <Form t={t} id="session-form" action={`/staff/training/${training.id}/sessions`} csrf={csrf} errors={err('session')} hasRequired labels={sessionLabels}>
            <TextField t={t} name="heldOn" type="date" label={sessionLabels.heldOn} value={raw('session', 'heldOn')} required width="medium" error={err('session')?.heldOn} />
            <TextField t={t} name="subject" label={sessionLabels.subject} value={raw('session', 'subject')} error={err('session')?.subject} />
            <Choices t={t} name="required" inline label={sessionLabels.required} hint={t('training.sessions.requiredHint')} options={[{ value: '1', label: t('forms.yes') }, { value: '0', label: t('forms.no') }]} value={raw('session', 'required') || '1'} />
            <Submit label={t('training.sessions.add')} />
          </Form>
        </details>

        <h2 id="participants">{t('training.participants.title')}</h2>
        <p class="hint">{t('training.participants.minimal')}</p>
        <details class="disclosure" open={problem?.section === 'participant' || participants.length === 0}>
          <summary>{t('training.participants.add')}</summary>
          <Form t={t} id="participant-form" action={`/staff/training/${training.id}/participants`} csrf={csrf} errors={err('participant')} hasRequired labels={participantLabels}>
            <TextField t={t} name="name" label={participantLabels.name} hint={t('training.participants.nameHint')} value={raw('participant', 'name')} error={err('participant')?.name} />
            <Select t={t} name="organisationId" label={participantLabels.organisationId} options={organisations.map((o) => ({ value: o.id, label: o.org_name }))} value={raw('participant', 'organisationId')} emptyLabel={t('training.participants.notListed')} error={err('participant')?.organisationId} />
            <TextField t={t} name="organisationName" label={participantLabels.organisationName} hint={t('training.participants.organisationNameHint')} value={raw('participant', 'organisationName')} error={err('participant')?.organisationName} />
            <Select t={t} name="institutionType" label={participantLabels.institutionType} options={INSTITUTION_CODES.map((x) => ({ value: x, label: t(`training.institutions.${x}`) }))} value={raw('participant', 'institutionType')} emptyLabel={t('forms.choose')} required error={err('participant')?.institutionType} />
            <TextField t={t} name="role" label={participantLabels.role} value={raw('participant', 'role')} width="medium" error={err('participant')?.role} />
            <Choices t={t} name="gender" inline label={participantLabels.gender} options={GENDERS.map((g) => ({ value: g, label: t(`training.genders.${g}`) }))} value={raw('participant', 'gender')} required error={err('participant')?.gender} />
            <Submit label={t('training.participants.add')} />
          </Form>
        </details>

        {participants.length > 0 && sessions.length > 0 ? (
          <>
            <h2 id="attendance">{t('training.attendance.title')}</h2>
            <Form t={t} id="attendance-form" action={`/staff/training/${training.id}/attendance`} csrf={csrf} errors={err('attendance')} labels={{ present: t('training.attendance.title') }}>
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
                          {required.has(s.id) ? '' : ` (${t('training.sessions.optional')})`}
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
        ) : null}

        {participants.length > 0 ? (
          <>
            <h2 id="scores">{t('training.scores.title')}</h2>
            <p class="hint">{t('training.scores.explain', { max: training.test_max_score })}</p>
            <Form t={t} id="scores-form" action={`/staff/training/${training.id}/scores`} csrf={csrf} errors={err('scores')} labels={Object.fromEntries(participants.flatMap((p, i) => [[`pre_${p.id}`, `${label(p, i)} · ${t('training.scores.pre')}`], [`post_${p.id}`, `${label(p, i)} · ${t('training.scores.post')}`]]))}>
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
                      const e = err('scores');
                      const pre = problem?.section === 'scores' ? raw('scores', `pre_${p.id}`) : (p.pre_score ?? '');
                      const post = problem?.section === 'scores' ? raw('scores', `post_${p.id}`) : (p.post_score ?? '');
                      return (
                        <tr>
                          <th scope="row">{label(p, i)}</th>
                          <td>{t(`training.institutions.${p.institution_type}`)}</td>
                          <td>
                            <label for={`f-pre_${p.id}`} class="visually-hidden">
                              {`${label(p, i)} · ${t('training.scores.pre')}`}
                            </label>
                            <input id={`f-pre_${p.id}`} class="input input-short" name={`pre_${p.id}`} type="number" min="0" max={training.test_max_score} inputMode="numeric" value={String(pre)} aria-invalid={e?.[`pre_${p.id}`] ? 'true' : undefined} />
                          </td>
                          <td>
                            <label for={`f-post_${p.id}`} class="visually-hidden">
                              {`${label(p, i)} · ${t('training.scores.post')}`}
                            </label>
                            <input id={`f-post_${p.id}`} class="input input-short" name={`post_${p.id}`} type="number" min="0" max={training.test_max_score} inputMode="numeric" value={String(post)} aria-invalid={e?.[`post_${p.id}`] ? 'true' : undefined} />
                          </td>
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
        ) : null}
      </Layout>
    );
    return reply.page(page, problem ? 400 : 200);
  };

  app.get('/staff/training/:id', { config: MANAGE }, async (request, reply) => detail(request, reply, param(request, 'id')));

  app.get('/staff/training/:id/edit', { config: MANAGE }, async (request, reply) => {
    const training = await service.managedTraining(ctx, requireAuth(request).user, param(request, 'id'));
    return reply.page(await trainingForm(request, training));
  });

  app.post('/staff/training/:id', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const training = await service.managedTraining(ctx, auth.user, param(request, 'id'));
    const form = parseForm(TrainingBody, request.body);
    if (!form.ok) return reply.page(await trainingForm(request, training, form.errors, form.raw), 400);
    try {
      await service.updateTraining(ctx, auth.user, training.id, form.value);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await trainingForm(request, training, e.fields, form.value), 400);
      throw e;
    }
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/training/${training.id}`, 303);
  });

  /** The sections of the training page post here; a problem re-renders the page with that section's errors. */
  const section = (path: string, name: SectionErrors['section'], run: (request: FastifyRequest, id: string) => Promise<{ ok: true; flash: string } | { ok: false; errors: FieldErrors; raw?: Record<string, unknown> }>) => {
    app.post(`/staff/training/:id/${path}`, { config: MANAGE }, async (request, reply) => {
      const id = param(request, 'id');
      try {
        const r = await run(request, id);
        if (!r.ok) return detail(request, reply, id, { section: name, errors: r.errors, raw: r.raw });
        await setFlash(request, 'success', r.flash);
        return reply.redirect(`/staff/training/${id}#${name === 'session' ? 'sessions' : name === 'participant' ? 'participants' : name}`, 303);
      } catch (e) {
        if (e instanceof ValidationError) return detail(request, reply, id, { section: name, errors: e.fields, raw: request.body as Record<string, unknown> });
        throw e;
      }
    });
  };

  section('sessions', 'session', async (request, id) => {
    const form = parseForm(SessionBody, request.body);
    if (!form.ok) return { ok: false, errors: form.errors, raw: form.raw };
    await service.addSession(ctx, requireAuth(request).user, id, form.value);
    return { ok: true, flash: 'training.sessions.added' };
  });

  section('participants', 'participant', async (request, id) => {
    const form = parseForm(ParticipantBody, request.body);
    if (!form.ok) return { ok: false, errors: form.errors, raw: form.raw };
    await service.addParticipant(ctx, requireAuth(request).user, id, form.value);
    return { ok: true, flash: 'training.participants.added' };
  });

  section('attendance', 'attendance', async (request, id) => {
    const form = parseForm(AttendanceBody, request.body);
    const version = Number((request.body as Record<string, unknown> | undefined)?.version);
    if (!form.ok || !validVersion(version)) return { ok: false, errors: form.ok ? { present: 'errors.invalid' } : form.errors };
    await service.recordAttendance(ctx, requireAuth(request).user, id, version, form.value.present);
    return { ok: true, flash: 'training.attendance.saved' };
  });

  section('scores', 'scores', async (request, id) => {
    const auth = requireAuth(request);
    const training = await service.managedTraining(ctx, auth.user, id);
    const participants = await repo.participantsOf(ctx.db, id);
    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>;
    const version = Number(Array.isArray(body.version) ? body.version[0] : body.version);
    const scores = parseScores(body, participants.map((p) => p.id), training.test_max_score);
    if (!scores.ok) return { ok: false, errors: scores.errors, raw: body };
    if (!validVersion(version)) return { ok: false, errors: { scores: 'errors.invalid' }, raw: body };
    await service.recordScores(ctx, auth.user, id, version, scores.value);
    return { ok: true, flash: 'training.scores.saved' };
  });

  app.get('/staff/training/:id/participants/:participantId/certificate', { config: MANAGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const c = await service.certificate(ctx, auth.user, param(request, 'id'), param(request, 'participantId'));
    const office = await ctx.db.selectFrom('offices').select(['name']).where('id', '=', c.training.office_id).executeTakeFirst();
    const organisation = c.participant.org_name ?? c.participant.organisation_name;
    const where = joined(t, [c.training.online ? t('training.fields.onlineYes') : c.training.place, countryName(c.training.country, t.locale)]);
    return reply.page(
      <Layout {...(await staffLayout(request, t('training.certificate.title')))}>
        <p class="no-print">
          <a href={`/staff/training/${c.training.id}#scores`}>{c.training.title}</a>
        </p>
        <p class="no-print hint">{t('training.certificate.printHint')}</p>
        <p class="no-print">
          <button type="button" class="button" data-print hidden>
            {t('training.certificate.print')}
          </button>
        </p>
        <article class="certificate" aria-labelledby="certificate-title">
          <p class="certificate-issuer">{office?.name ?? ''}</p>
          <h1 id="certificate-title">{t('training.certificate.title')}</h1>
          <p class="certificate-lead">{t('training.certificate.certifies')}</p>
          <p class="certificate-name">{c.name ?? '______________________________'}</p>
          {c.participant.role || organisation ? <p class="certificate-org">{joined(t, [c.participant.role, organisation])}</p> : null}
          <p>{t('training.certificate.attended', { title: c.training.title })}</p>
          <p class="certificate-topic">{t(`training.topics.${c.training.topic}`)}</p>
          <p>{c.firstDay === c.lastDay ? t('training.certificate.on', { date: day(t, c.firstDay), where }) : t('training.certificate.fromTo', { from: day(t, c.firstDay), to: day(t, c.lastDay), where })}</p>
          <p>{t('training.certificate.sessions', { attended: c.attended, total: c.sessions })}</p>
          {service.parseList(c.training.curriculum).length > 0 ? (
            <>
              <h2>{t('training.fields.curriculum')}</h2>
              <ul class="certificate-curriculum">
                {service.parseList(c.training.curriculum).map((x) => (
                  <li>{x}</li>
                ))}
              </ul>
            </>
          ) : null}
          <div class="certificate-signatures">
            {service.parseList(c.training.trainers).map((name) => (
              <p class="certificate-signature">
                <span class="certificate-line" aria-hidden="true" />
                {name}
                <br />
                <span class="hint">{t('training.certificate.trainer')}</span>
              </p>
            ))}
          </div>
          <p class="certificate-ref">{t('training.certificate.reference', { ref: c.participant.id.slice(-12) })}</p>
        </article>
      </Layout>,
    );
  });
}
