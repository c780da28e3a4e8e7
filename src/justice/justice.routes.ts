import type { Static, TObject } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CasePage, loadCaseFor } from '../cases/index.js';
import type { CaseRow } from '../cases/cases.table.js';
import type { AuthUser } from '../platform/auth/auth-user.js';
import { ForbiddenError, NotFoundError } from '../platform/http/errors.js';
import { type FormProblem, formAction } from '../platform/http/form-action.js';
import { requireAuth } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import * as view from './justice-view.service.js';
import { canJustice } from './justice.policy.js';
import {
  CompensationBody,
  CompensationUpdateBody,
  DisclosureBody,
  HearingBody,
  LinkBody,
  MeasureBody,
  MeasureDecisionBody,
  NonPunishmentBody,
  NonPunishmentDecisionBody,
  ProceedingBody,
  ProfileBody,
  StageBody,
  StatusBody,
  StatusUpdateBody,
} from './justice.schema.js';
import * as legal from './justice.service.js';
import { LegalView } from './legal.views.js';
import * as proceedings from './proceedings.service.js';
import { ProceedingsView } from './proceedings.views.js';
import * as redress from './redress.service.js';
import { RedressView } from './redress.views.js';

export const JUSTICE = { access: { permission: 'justice.proceedings' } } as const;

type Tab = 'legal-status' | 'proceedings' | 'redress';

function param(request: FastifyRequest, name: string): string {
  const v = (request.params as Record<string, string | undefined>)[name];
  if (!isId(v)) throw new NotFoundError();
  return v;
}

/** The case, loaded through cases' access check and log, for someone who handles its legal side. */
export async function justiceCase(request: FastifyRequest, action: 'read' | 'edit'): Promise<CaseRow> {
  const record = await loadCaseFor(request, action);
  if (!canJustice(requireAuth(request).user, action, record)) throw new ForbiddenError();
  return record;
}

async function tabPage(request: FastifyRequest, record: CaseRow, tab: Tab, problem?: FormProblem) {
  const t = request.t;
  const auth = requireAuth(request);
  const ctx = request.server.ctx;
  const csrf = auth.session?.csrf_secret ?? '';
  const common = { t, csrf, caseId: record.id, problem };
  if (tab === 'legal-status') {
    const children = LegalView({ ...common, model: await view.legalPage(ctx, auth.user, record) });
    return CasePage({ request, record, tab, title: t('justice.legal.title'), children });
  }
  if (tab === 'proceedings') {
    const children = ProceedingsView({ ...common, model: await view.proceedingsPage(ctx, record) });
    return CasePage({ request, record, tab, title: t('justice.proceeding.title'), children });
  }
  const children = RedressView({ ...common, model: await view.redressPage(ctx, record) });
  return CasePage({ request, record, tab, title: t('justice.redress.title'), children });
}

interface TabForm<S extends TObject> {
  tab: Tab;
  path: string;
  /** The route parameters naming the rows changed, in order. */
  subs?: string[];
  schema: S;
  /** Which form of the page; with the first row's id when the page holds one such form per row. */
  form: string | ((subs: string[]) => string);
  flash: string;
  run: (on: { user: AuthUser; record: CaseRow; subs: string[] }, body: Static<S>) => Promise<unknown>;
}

function tabForm<S extends TObject>(app: FastifyInstance, spec: TabForm<S>): void {
  app.post(`/staff/cases/:id/${spec.tab}${spec.path}`, { config: JUSTICE }, async (request, reply) => {
    const record = await justiceCase(request, 'edit');
    const subs = (spec.subs ?? []).map((s) => param(request, s));
    const user = requireAuth(request).user;
    return formAction(request, reply, {
      schema: spec.schema,
      form: typeof spec.form === 'string' ? spec.form : spec.form(subs),
      run: (body) => spec.run({ user, record, subs }, body),
      rerender: (problem) => tabPage(request, record, spec.tab, problem),
      done: () => ({ to: `/staff/cases/${record.id}/${spec.tab}`, flash: spec.flash }),
    });
  });
}

const sub = (subs: string[], i = 0) => subs[i] as string;

export async function justiceCaseRoutes(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  for (const tab of ['legal-status', 'proceedings', 'redress'] as const) {
    app.get(`/staff/cases/:id/${tab}`, { config: JUSTICE }, async (request, reply) =>
      reply.page(await tabPage(request, await justiceCase(request, 'read'), tab)),
    );
  }

  // Legal status.
  tabForm(app, {
    tab: 'legal-status',
    path: '/profile',
    schema: ProfileBody,
    form: 'profile',
    flash: 'forms.saved',
    run: (on, b) => legal.saveProfile(ctx, { actor: on.user, record: on.record, input: b }),
  });
  tabForm(app, {
    tab: 'legal-status',
    path: '/statuses',
    schema: StatusBody,
    form: 'status',
    flash: 'justice.flash.statusAdded',
    run: (on, b) => legal.addStatus(ctx, { actor: on.user, record: on.record, input: b }),
  });
  tabForm(app, {
    tab: 'legal-status',
    path: '/statuses/:statusId',
    subs: ['statusId'],
    schema: StatusUpdateBody,
    form: (s) => `statusUpdate-${sub(s)}`,
    flash: 'forms.saved',
    run: (on, b) => legal.updateStatus(ctx, { actor: on.user, record: on.record, statusId: sub(on.subs), input: b }),
  });
  tabForm(app, {
    tab: 'legal-status',
    path: '/disclosures',
    schema: DisclosureBody,
    form: 'disclosure',
    flash: 'justice.flash.disclosed',
    run: (on, b) => redress.recordDisclosure(ctx, { actor: on.user, record: on.record, input: b }),
  });

  // Proceedings.
  tabForm(app, {
    tab: 'proceedings',
    path: '',
    schema: ProceedingBody,
    form: 'proceeding',
    flash: 'justice.flash.proceedingLinked',
    run: (on, b) => proceedings.linkProceeding(ctx, { actor: on.user, record: on.record, input: b }),
  });
  tabForm(app, {
    tab: 'proceedings',
    path: '/:linkId',
    subs: ['linkId'],
    schema: LinkBody,
    form: (s) => `link-${sub(s)}`,
    flash: 'forms.saved',
    run: (on, b) => proceedings.updateLink(ctx, { actor: on.user, record: on.record, linkId: sub(on.subs), input: b }),
  });
  tabForm(app, {
    tab: 'proceedings',
    path: '/:linkId/stage',
    subs: ['linkId'],
    schema: StageBody,
    form: (s) => `stage-${sub(s)}`,
    flash: 'forms.saved',
    run: (on, b) => proceedings.updateStage(ctx, { actor: on.user, record: on.record, linkId: sub(on.subs), input: b }),
  });
  tabForm(app, {
    tab: 'proceedings',
    path: '/:linkId/hearings',
    subs: ['linkId'],
    schema: HearingBody,
    form: (s) => `hearing-${sub(s)}`,
    flash: 'justice.flash.hearingAdded',
    run: (on, b) => proceedings.addHearing(ctx, { actor: on.user, record: on.record, linkId: sub(on.subs), input: b }),
  });
  tabForm(app, {
    tab: 'proceedings',
    path: '/:linkId/hearings/:hearingId',
    subs: ['linkId', 'hearingId'],
    schema: HearingBody,
    form: (s) => `hearingPerson-${sub(s, 1)}`,
    flash: 'forms.saved',
    run: (on, b) => proceedings.saveHearingPerson(ctx, { actor: on.user, record: on.record, linkId: sub(on.subs), hearingId: sub(on.subs, 1), input: b }),
  });
  tabForm(app, {
    tab: 'proceedings',
    path: '/:linkId/measures',
    subs: ['linkId'],
    schema: MeasureBody,
    form: (s) => `measure-${sub(s)}`,
    flash: 'justice.flash.measureRequested',
    run: (on, b) => proceedings.addMeasure(ctx, { actor: on.user, record: on.record, linkId: sub(on.subs), input: b }),
  });
  tabForm(app, {
    tab: 'proceedings',
    path: '/measures/:measureId',
    subs: ['measureId'],
    schema: MeasureDecisionBody,
    form: 'measureDecision',
    flash: 'forms.saved',
    run: (on, b) => proceedings.decideMeasure(ctx, { actor: on.user, record: on.record, measureId: sub(on.subs), input: b }),
  });

  // Compensation and non-punishment.
  tabForm(app, {
    tab: 'redress',
    path: '/compensation',
    schema: CompensationBody,
    form: 'compensation',
    flash: 'justice.flash.claimAdded',
    run: (on, b) => redress.addCompensation(ctx, { actor: on.user, record: on.record, input: b }),
  });
  tabForm(app, {
    tab: 'redress',
    path: '/compensation/:claimId',
    subs: ['claimId'],
    schema: CompensationUpdateBody,
    form: (s) => `claim-${sub(s)}`,
    flash: 'forms.saved',
    run: (on, b) => redress.updateCompensation(ctx, { actor: on.user, record: on.record, id: sub(on.subs), input: b }),
  });
  tabForm(app, {
    tab: 'redress',
    path: '/non-punishment',
    schema: NonPunishmentBody,
    form: 'nonPunishment',
    flash: 'justice.flash.requestAdded',
    run: (on, b) => redress.addNonPunishment(ctx, { actor: on.user, record: on.record, input: b }),
  });
  tabForm(app, {
    tab: 'redress',
    path: '/non-punishment/:requestId',
    subs: ['requestId'],
    schema: NonPunishmentDecisionBody,
    form: (s) => `request-${sub(s)}`,
    flash: 'forms.saved',
    run: (on, b) => redress.decideNonPunishment(ctx, { actor: on.user, record: on.record, id: sub(on.subs), input: b }),
  });
}
