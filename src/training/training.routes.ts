import type { TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { hasPermission } from '../platform/auth/auth-user.js';
import { formAction, type FormProblem } from '../platform/http/form-action.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { CertificatePage } from './certificate.views.js';
import { figuresPages } from './figures.routes.js';
import { libraryPages } from './library.routes.js';
import { type SectionProblem, TrainingPage, type TrainingSection } from './training-detail.views.js';
import { AttendanceBody, EmptyBody, formVersion, ParticipantBody, SessionBody, TrainingBody } from './training.schema.js';
import * as service from './training.service.js';
import type { Training } from './training.table.js';
import { TrainingFormPage, TrainingListPage } from './training.views.js';

const MANAGE = { access: { permission: 'training.manage' } } as const;
const LIBRARY = { access: { permission: 'training.library' } } as const;

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

const listsOf = (training: Training) => ({ curriculum: service.parseList(training.curriculum), trainers: service.parseList(training.trainers) });

/** Where each section's form sends the reader back to on the training page. */
const ANCHORS: Record<TrainingSection, string> = { session: 'sessions', participant: 'participants', attendance: 'attendance', scores: 'scores' };

export async function trainingPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  await app.register(libraryPages);
  await app.register(figuresPages);

  app.get('/staff/training', { config: LIBRARY }, async (request, reply) => {
    const auth = requireAuth(request);
    // People who may only read the library land there directly.
    if (!hasPermission(auth.user, 'training.manage')) return reply.redirect('/staff/training/library', 303);
    const trainings = await service.listTrainings(ctx, auth.user);
    return reply.page(TrainingListPage({ layout: await staffLayout(request, request.t('training.title')), trainings }));
  });

  const formPage = async (request: FastifyRequest, existing: Training | undefined, problem?: FormProblem) => {
    const auth = requireAuth(request);
    return TrainingFormPage({
      layout: await staffLayout(request, existing ? request.t('training.edit') : request.t('training.new')),
      csrf: auth.session?.csrf_secret,
      existing,
      lists: existing ? listsOf(existing) : undefined,
      offices: await service.formOffices(ctx, auth.user),
      problem,
    });
  };

  app.get('/staff/training/new', { config: MANAGE }, async (request, reply) => reply.page(await formPage(request, undefined)));

  app.post('/staff/training', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    return formAction(request, reply, {
      schema: TrainingBody,
      run: (input) => service.createTraining(ctx, auth.user, input),
      rerender: (problem) => formPage(request, undefined, problem),
      done: (id) => ({ to: `/staff/training/${id}`, flash: 'training.created' }),
    });
  });

  const trainingPage = async (request: FastifyRequest, id: string, sent?: SectionProblem) => {
    const auth = requireAuth(request);
    const model = await service.trainingPage(ctx, auth.user, id);
    return TrainingPage({ layout: await staffLayout(request, model.training.title), model, lists: listsOf(model.training), csrf: auth.session?.csrf_secret, sent });
  };

  app.get('/staff/training/:id', { config: MANAGE }, async (request, reply) => reply.page(await trainingPage(request, param(request, 'id'))));

  app.get('/staff/training/:id/edit', { config: MANAGE }, async (request, reply) => {
    const training = await service.managedTraining(ctx, requireAuth(request).user, param(request, 'id'));
    return reply.page(await formPage(request, training));
  });

  app.post('/staff/training/:id', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const id = param(request, 'id');
    await service.managedTraining(ctx, auth.user, id);
    return formAction(request, reply, {
      schema: TrainingBody,
      run: (input) => service.updateTraining(ctx, auth.user, { id, input }),
      // The form is shown again with what was typed and the training's current version.
      rerender: async (problem) => formPage(request, await service.managedTraining(ctx, auth.user, id), problem),
      done: () => ({ to: `/staff/training/${id}`, flash: 'forms.saved' }),
    });
  });

  /** A section of the training page posts here; a problem shows the page again with that section's form as typed. */
  const section = <S extends TObject>(path: string, name: TrainingSection, form: { schema: S; flash: string; run: (user: AuthUser, id: string, value: S['static'], body: unknown) => Promise<unknown> }) => {
    app.post(`/staff/training/:id/${path}`, { config: MANAGE }, async (request, reply) => {
      const id = param(request, 'id');
      const user = requireAuth(request).user;
      return formAction(request, reply, {
        schema: form.schema,
        run: (value) => form.run(user, id, value, request.body),
        rerender: (problem) => trainingPage(request, id, { section: name, problem }),
        done: () => ({ to: `/staff/training/${id}#${ANCHORS[name]}`, flash: form.flash }),
      });
    });
  };

  section('sessions', 'session', { schema: SessionBody, flash: 'training.sessions.added', run: (user, trainingId, input) => service.addSession(ctx, user, { trainingId, input }) });
  section('participants', 'participant', { schema: ParticipantBody, flash: 'training.participants.added', run: (user, trainingId, input) => service.addParticipant(ctx, user, { trainingId, input }) });
  section('attendance', 'attendance', {
    schema: AttendanceBody,
    flash: 'training.attendance.saved',
    run: async (user, trainingId, input, body) => {
      const version = formVersion(body);
      if (version === null) throw new ValidationError({ present: 'errors.invalid' });
      await service.recordAttendance(ctx, user, { trainingId, version, marks: input.present });
    },
  });
  section('scores', 'scores', { schema: EmptyBody, flash: 'training.scores.saved', run: (user, trainingId, _input, body) => service.recordScoreForm(ctx, user, { trainingId, body }) });

  app.get('/staff/training/:id/participants/:participantId/certificate', { config: MANAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const certificate = await service.certificate(ctx, auth.user, { trainingId: param(request, 'id'), participantId: param(request, 'participantId') });
    return reply.page(CertificatePage({ layout: await staffLayout(request, request.t('training.certificate.title')), certificate, lists: listsOf(certificate.training) }));
  });
}
