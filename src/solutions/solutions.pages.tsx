import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { hasConsent } from '../cases/consent.js';
import type { CaseRow } from '../cases/cases.table.js';
import { CasePage } from '../cases/case-layout.js';
import { requireAuth, staffLayout } from '../platform/http/plumbing.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { ScoreChart } from './score-chart.js';
import { can, type SolutionAccess } from './solutions.policy.js';
import * as repo from './solutions.repository.js';
import {
  ACTION_TRACKS,
  CLOSURE_REASONS,
  isPlanLate,
  planDueOn,
  RISK_FACTORS,
  readNote,
  readObjectives,
  readOverrideReason,
  readRisks,
  readWishes,
  riskLevel,
  SOLUTION_OPTIONS,
} from './solutions.service.js';
import { bandOf, currentSurveyConfig, type Dimension, DIMENSIONS, type SurveyConfig, SUPPORT_FOR_LOW, suggestions } from './survey.js';

/** A problem to show on a re-rendered page: the form it belongs to, field errors or a rule's message. */
export interface Problem {
  form: string;
  errors?: FieldErrors | undefined;
  raw?: Record<string, unknown> | undefined;
  message?: string | undefined;
}

function Alert(props: { t: Translator; problem: Problem | undefined; form: string }) {
  if (!props.problem || props.problem.form !== props.form || !props.problem.message) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <h2>{props.t('forms.errorSummaryTitle')}</h2>
      <p>{props.t(props.problem.message)}</p>
    </div>
  );
}

function errs(problem: Problem | undefined, form: string): FieldErrors | undefined {
  return problem?.form === form ? problem.errors : undefined;
}
function rawOf(problem: Problem | undefined, form: string): Record<string, unknown> {
  return problem?.form === form ? (problem.raw ?? {}) : {};
}
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : Array.isArray(v) ? String(v[v.length - 1] ?? '') : v === undefined || v === null ? undefined : String(v));

function LevelBadge(props: { t: Translator; level: string }) {
  return <span class={`badge badge-${props.level}`}>{props.t(`solutions.risk.level.${props.level}`)}</span>;
}

async function officeName(request: FastifyRequest, id: string | null): Promise<string> {
  if (!id) return '';
  const o = await request.server.ctx.db.selectFrom('offices').select('name').where('id', '=', id).executeTakeFirst();
  return o?.name ?? '';
}

/** Wraps a solution page: the case page (tabs) for the owning office, a plain page for an office with a share. */
async function Shell(props: { request: FastifyRequest; record: CaseRow; access: SolutionAccess; tab: string; title: string; children: ComponentChildren }) {
  if (props.access.kind === 'owner') {
    return CasePage({ request: props.request, record: props.record, tab: props.tab, title: props.title, children: props.children });
  }
  const t = props.request.t;
  return (
    <Layout {...(await staffLayout(props.request, `${props.title} · ${props.record.case_number}`))}>
      <p class="case-number">
        <span dir="ltr">{props.record.case_number}</span> <span class="badge">{t('solutions.shared.badge')}</span>
      </p>
      <h1>{props.title}</h1>
      <p class="hint">{t('solutions.shared.explain')}</p>
      {props.children}
    </Layout>
  );
}

export async function solutionPage(request: FastifyRequest, record: CaseRow, access: SolutionAccess, problem?: Problem) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  const base = `/staff/cases/${record.id}/solution`;
  const solution = await repo.findSolution(ctx.db, record.id);
  const assessment = await repo.findAssessment(ctx.db, record.id);
  const handovers = await repo.listHandovers(ctx.db, record.id);
  const offices = await repo.officesList(ctx.db);
  const officeLabel = (id: string | null) => offices.find((o) => o.id === id)?.name ?? '';
  const owner = access.kind === 'owner';
  const canEdit = can(access, 'edit');
  const risks = assessment && (owner || can(access, 'view-risk')) ? await readRisks(ctx, assessment) : [];
  const status = solution?.return_status ?? 'none';
  const sections: ComponentChildren[] = [];

  // Summary: what every viewer may see (the outcome scope shows only this and the hand-overs).
  sections.push(
    <section aria-labelledby="sol-summary">
      <h2 id="sol-summary">{t('solutions.summary.title')}</h2>
      <SummaryList
        items={[
          [t('solutions.decision.decision'), solution?.decision ? t(`solutions.options.${solution.decision}`) : t('solutions.decision.none')],
          [t('solutions.decision.target'), officeLabel(solution?.target_office_id ?? null) || '—'],
          [t('solutions.return.status'), <span class={`badge return-${status}`}>{t(`solutions.return.statuses.${status}`)}</span>],
          [t('solutions.decision.decidedAt'), solution?.decided_at ? t.date(solution.decided_at, auth.user.timeZone, true) : '—'],
          ...(solution?.arrived_on ? ([[t('solutions.return.arrivedOn'), t.date(solution.arrived_on)]] as Array<[string, ComponentChildren]>) : []),
          ...(solution?.closure_reason ? ([[t('solutions.closure.reason'), t(`solutions.closure.reasons.${solution.closure_reason}`)]] as Array<[string, ComponentChildren]>) : []),
        ]}
      />
    </section>,
  );

  if (owner) {
    const [returnConsent, transferConsent] = await Promise.all([hasConsent(ctx.db, record.id, 'return'), hasConsent(ctx.db, record.id, 'transfer')]);
    sections.push(
      <section aria-labelledby="sol-consent">
        <h2 id="sol-consent">{t('solutions.consent.title')}</h2>
        <SummaryList
          items={[
            [t('solutions.consent.return'), returnConsent ? t('solutions.consent.given') : t('solutions.consent.notGiven')],
            [t('solutions.consent.transfer'), transferConsent ? t('solutions.consent.given') : t('solutions.consent.notGiven')],
          ]}
        />
        {canEdit ? (
          <Form t={t} action={`${base}/consent`} csrf={csrf} id="consent" errors={errs(problem, 'consent')} hasRequired>
            <Alert t={t} problem={problem} form="consent" />
            <Select
              t={t}
              name="purpose"
              label={t('solutions.consent.purpose')}
              required
              options={[
                { value: 'return', label: t('solutions.consent.return') },
                { value: 'transfer', label: t('solutions.consent.transfer') },
              ]}
            />
            <Choices
              t={t}
              name="given"
              label={t('solutions.consent.decision')}
              required
              inline
              error={errs(problem, 'consent')?.given}
              options={[
                { value: 'yes', label: t('solutions.consent.yes') },
                { value: 'no', label: t('solutions.consent.no') },
              ]}
            />
            <Submit label={t('solutions.consent.save')} secondary />
          </Form>
        ) : null}
      </section>,
    );

    const raw = rawOf(problem, 'decision');
    const wishes = solution ? await readWishes(ctx, solution) : '';
    const chosenOptions = (raw.options as string[] | undefined) ?? (solution ? (JSON.parse(solution.options) as string[]) : []);
    sections.push(
      <section aria-labelledby="sol-decision">
        <h2 id="sol-decision">{t('solutions.decision.title')}</h2>
        {record.is_child ? <p class="notice">{t('solutions.decision.childNotice')}</p> : null}
        {canEdit ? (
          <Form
            t={t}
            action={`${base}/decision`}
            csrf={csrf}
            id="decision"
            errors={errs(problem, 'decision')}
            hasRequired
            labels={{ options: t('solutions.decision.options'), wishes: t('solutions.decision.wishes'), decision: t('solutions.decision.decision'), targetOfficeId: t('solutions.decision.target') }}
          >
            <Alert t={t} problem={problem} form="decision" />
            <input type="hidden" name="version" value={String(solution?.version ?? '')} />
            <Choices t={t} name="options" multiple required label={t('solutions.decision.options')} value={chosenOptions} error={errs(problem, 'decision')?.options} options={SOLUTION_OPTIONS.map((o) => ({ value: o, label: t(`solutions.options.${o}`) }))} />
            <TextArea t={t} name="wishes" required label={t('solutions.decision.wishes')} hint={t('solutions.decision.wishesHint')} value={str(raw.wishes) ?? wishes} error={errs(problem, 'decision')?.wishes} maxLength={5000} />
            <Choices
              t={t}
              name="decision"
              label={t('solutions.decision.decision')}
              value={str(raw.decision) ?? solution?.decision ?? ''}
              error={errs(problem, 'decision')?.decision}
              options={SOLUTION_OPTIONS.map((o) => ({ value: o, label: t(`solutions.options.${o}`) }))}
            />
            <Select
              t={t}
              name="targetOfficeId"
              label={t('solutions.decision.target')}
              hint={t('solutions.decision.targetHint')}
              emptyLabel={t('solutions.decision.noTarget')}
              value={str(raw.targetOfficeId) ?? solution?.target_office_id ?? ''}
              error={errs(problem, 'decision')?.targetOfficeId}
              options={offices.filter((o) => o.id !== record.office_id).map((o) => ({ value: o.id, label: o.name }))}
            />
            <Submit label={t('solutions.decision.save')} />
          </Form>
        ) : (
          <p>{wishes}</p>
        )}
      </section>,
    );
  }

  // The joint risk assessment (owner, or the origin office through the 'risk' share).
  if (solution?.decision === 'return' && (owner || can(access, 'view-risk'))) {
    const raw = rawOf(problem, 'risks');
    const byFactor = new Map(risks.map((r) => [r.factor, r]));
    const levelOptions = (kind: 'likelihood' | 'impact') => [1, 2, 3].map((n) => ({ value: String(n), label: t(`solutions.risk.${kind}Levels.${n}`) }));
    sections.push(
      <section aria-labelledby="sol-risk">
        <h2 id="sol-risk">{t('solutions.risk.title')}</h2>
        <p class="hint">{t('solutions.risk.explain', { office: officeLabel(assessment?.partner_office_id ?? solution.target_office_id) })}</p>
        {assessment ? (
          <>
            <p>
              {t('solutions.risk.overall')} <LevelBadge t={t} level={assessment.overall} />
            </p>
            <SummaryList
              items={[
                [t('solutions.risk.destinationSigned'), assessment.destination_signed_at ? t.date(assessment.destination_signed_at, auth.user.timeZone, true) : t('solutions.risk.notSigned')],
                [t('solutions.risk.originSigned'), assessment.origin_signed_at ? t.date(assessment.origin_signed_at, auth.user.timeZone, true) : t('solutions.risk.notSigned')],
              ]}
            />
            <Table
              caption={t('solutions.risk.matrix')}
              head={[t('solutions.risk.factor'), t('solutions.risk.likelihood'), t('solutions.risk.impact'), t('solutions.risk.level.title'), t('solutions.risk.mitigation')]}
              rows={risks.map((r) => [t(`solutions.risk.factors.${r.factor}`), t(`solutions.risk.likelihoodLevels.${r.likelihood}`), t(`solutions.risk.impactLevels.${r.impact}`), <LevelBadge t={t} level={riskLevel(r.likelihood, r.impact)} />, r.mitigation])}
            />
          </>
        ) : (
          <p>{t('solutions.risk.none')}</p>
        )}
        {status === 'blocked' ? (
          <div class="notice notice-danger" role="status">
            <p>
              <strong>{t('solutions.return.blocked')}</strong>
            </p>
            <p>{t('solutions.return.alternatives')}</p>
            <ul>
              <li>{t('solutions.options.local_integration')}</li>
              <li>{t('solutions.options.resettlement')}</li>
            </ul>
          </div>
        ) : null}
        {solution.override_at && owner ? (
          <p class="notice">
            {t('solutions.return.overridden', { date: t.date(solution.override_at, auth.user.timeZone, true) })} {await readOverrideReason(ctx, solution)}
          </p>
        ) : null}
        {status === 'blocked' && can(access, 'decide') ? (
          <Form t={t} action={`${base}/override`} csrf={csrf} id="override" errors={errs(problem, 'override')} hasRequired labels={{ reason: t('solutions.return.overrideReason') }}>
            <Alert t={t} problem={problem} form="override" />
            <TextArea t={t} name="reason" required label={t('solutions.return.overrideReason')} hint={t('solutions.return.overrideHint')} error={errs(problem, 'override')?.reason} maxLength={3000} value={str(rawOf(problem, 'override').reason)} />
            <Submit label={t('solutions.return.overrideSave')} />
          </Form>
        ) : null}
        {can(access, 'assess-risk') && status !== 'travelled' ? (
          <Form t={t} action={`${base}/risks`} csrf={csrf} id="risks" errors={errs(problem, 'risks')}>
            <Alert t={t} problem={problem} form="risks" />
            <input type="hidden" name="version" value={String(assessment?.version ?? '')} />
            <p class="hint">{t('solutions.risk.formHint')}</p>
            {RISK_FACTORS.map((f) => {
              const r = byFactor.get(f);
              return (
                <fieldset class="fieldset risk-row">
                  <legend class="label">{t(`solutions.risk.factors.${f}`)}</legend>
                  <div class="risk-fields">
                    <Select t={t} name={`l_${f}`} label={t('solutions.risk.likelihood')} emptyLabel="—" value={str(raw[`l_${f}`]) ?? (r ? String(r.likelihood) : '')} options={levelOptions('likelihood')} error={errs(problem, 'risks')?.[`l_${f}`]} />
                    <Select t={t} name={`i_${f}`} label={t('solutions.risk.impact')} emptyLabel="—" value={str(raw[`i_${f}`]) ?? (r ? String(r.impact) : '')} options={levelOptions('impact')} error={errs(problem, 'risks')?.[`i_${f}`]} />
                    <TextField t={t} name={`m_${f}`} label={t('solutions.risk.mitigation')} value={str(raw[`m_${f}`]) ?? r?.mitigation ?? ''} maxLength={2000} />
                  </div>
                </fieldset>
              );
            })}
            <Submit label={owner ? t('solutions.risk.saveDestination') : t('solutions.risk.saveOrigin')} />
          </Form>
        ) : null}
      </section>,
    );
  }

  if (owner) {
    const actions = await repo.listActions(ctx.db, record.office_id, record.id);
    const notes = await Promise.all(actions.map((a) => readNote(ctx, a)));
    const tracks = solution?.decision === 'return' ? ['return', 'followup'] : solution?.decision === 'resettlement' ? ['resettlement', 'followup'] : solution?.decision === 'local_integration' ? ['integration', 'followup'] : [];
    sections.push(
      <section aria-labelledby="sol-actions">
        <h2 id="sol-actions">{t('solutions.actions.title')}</h2>
        <Table
          caption={t('solutions.actions.caption')}
          head={[t('solutions.actions.step'), t('solutions.actions.due'), t('solutions.actions.status'), t('solutions.actions.note'), '']}
          empty={t('solutions.actions.empty')}
          rows={actions.map((a, i) => [
            `${t(`solutions.tracks.${a.track}`)}: ${t(`solutions.steps.${a.step}`)}`,
            a.due_on ? t.date(a.due_on) : '—',
            a.status === 'done' && a.done_on ? `${t('solutions.actions.statuses.done')} (${t.date(a.done_on)})` : t(`solutions.actions.statuses.${a.status}`),
            notes[i] ?? '',
            canEdit && a.status === 'planned' ? <ActionButton action={`${base}/actions/${a.id}`} csrf={csrf} label={t('solutions.actions.markDone')} fields={{ status: 'done', version: String(a.version) }} /> : '',
          ])}
        />
        {canEdit && tracks.length > 0 ? (
          <Form t={t} action={`${base}/actions`} csrf={csrf} id="actions" errors={errs(problem, 'actions')} hasRequired>
            <Alert t={t} problem={problem} form="actions" />
            <input type="hidden" name="track" value={tracks[0]} />
            <Select
              t={t}
              name="step"
              required
              label={t('solutions.actions.step')}
              error={errs(problem, 'actions')?.step}
              options={tracks.flatMap((tr) => (ACTION_TRACKS[tr as keyof typeof ACTION_TRACKS] as readonly string[]).map((s) => ({ value: `${tr}:${s}`, label: `${t(`solutions.tracks.${tr}`)}: ${t(`solutions.steps.${s}`)}` })))}
            />
            <TextField t={t} name="dueOn" type="date" label={t('solutions.actions.due')} width="medium" error={errs(problem, 'actions')?.dueOn} />
            <TextField t={t} name="note" label={t('solutions.actions.note')} maxLength={2000} />
            <Submit label={t('solutions.actions.add')} secondary />
          </Form>
        ) : null}
      </section>,
    );
  }

  // Hand-over between offices.
  const pending = handovers.find((h) => h.status === 'pending');
  sections.push(
    <section aria-labelledby="sol-handover">
      <h2 id="sol-handover">{t('solutions.handover.title')}</h2>
      <Table
        caption={t('solutions.handover.history')}
        head={[t('solutions.handover.to'), t('solutions.handover.requestedAt'), t('solutions.handover.status')]}
        empty={t('solutions.handover.none')}
        rows={handovers.map((h) => [officeLabel(h.to_office_id), t.date(h.requested_at, auth.user.timeZone, true), t(`solutions.handover.statuses.${h.status}`)])}
      />
      {canEdit && !pending && (solution?.decision === 'return' || solution?.decision === 'resettlement') && status !== 'blocked' ? (
        <Form t={t} action={`${base}/handover`} csrf={csrf} id="handover" errors={errs(problem, 'handover')} hasRequired labels={{ toOfficeId: t('solutions.handover.to') }}>
          <Alert t={t} problem={problem} form="handover" />
          <p class="hint">{t('solutions.handover.explain')}</p>
          <Select t={t} name="toOfficeId" required label={t('solutions.handover.to')} value={solution?.target_office_id ?? ''} error={errs(problem, 'handover')?.toOfficeId} options={offices.filter((o) => o.id !== record.office_id).map((o) => ({ value: o.id, label: o.name }))} />
          <Choices t={t} name="keep" multiple label={t('solutions.handover.keep')} value={['outcome']} options={[{ value: 'outcome', label: t('solutions.handover.keepOutcome') }]} />
          <Submit label={t('solutions.handover.request')} />
        </Form>
      ) : null}
    </section>,
  );

  if (owner && solution?.decision === 'return' && (status === 'cleared' || status === 'travelled')) {
    sections.push(
      <section aria-labelledby="sol-arrival">
        <h2 id="sol-arrival">{t('solutions.return.arrivalTitle')}</h2>
        {status === 'travelled' ? (
          <p>{t('solutions.return.arrived', { date: t.date(solution.arrived_on) })}</p>
        ) : canEdit ? (
          <Form t={t} action={`${base}/arrival`} csrf={csrf} id="arrival" errors={errs(problem, 'arrival')} hasRequired>
            <Alert t={t} problem={problem} form="arrival" />
            <TextField t={t} name="arrivedOn" type="date" required label={t('solutions.return.arrivedOn')} width="medium" error={errs(problem, 'arrival')?.arrivedOn} />
            <Submit label={t('solutions.return.recordArrival')} />
          </Form>
        ) : null}
      </section>,
    );
  }

  if (owner && solution?.decision) {
    const closed = record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred';
    sections.push(
      <section aria-labelledby="sol-closure">
        <h2 id="sol-closure">{t('solutions.closure.title')}</h2>
        {solution.followup_status ? <p>{t(`solutions.closure.followup.${solution.followup_status}`)}</p> : null}
        {canEdit && !solution.followup_status && solution.decision !== 'return' ? <ActionButton action={`${base}/followup`} csrf={csrf} label={t('solutions.closure.startFollowup')} /> : null}
        {can(access, 'close') && !closed ? (
          <Form t={t} action={`${base}/close`} csrf={csrf} id="close" errors={errs(problem, 'close')} hasRequired>
            <Alert t={t} problem={problem} form="close" />
            <Select t={t} name="reason" required label={t('solutions.closure.reason')} emptyLabel={t('solutions.closure.choose')} error={errs(problem, 'close')?.reason} options={CLOSURE_REASONS.map((r) => ({ value: r, label: t(`solutions.closure.reasons.${r}`) }))} />
            <Submit label={t('solutions.closure.close')} secondary />
          </Form>
        ) : null}
      </section>,
    );
  }

  return Shell({ request, record, access, tab: 'solution', title: t('solutions.title'), children: sections });
}

export async function reintegrationPage(request: FastifyRequest, record: CaseRow, access: SolutionAccess, problem?: Problem) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  const base = `/staff/cases/${record.id}/reintegration`;
  const owner = access.kind === 'owner';
  const solution = await repo.findSolution(ctx.db, record.id);
  const plan = await repo.findPlan(ctx.db, record.office_id, record.id);
  const surveys = await repo.listSurveys(ctx.db, record.office_id, record.id);
  const current = await currentSurveyConfig(ctx.db, record.office_id);
  const sections: ComponentChildren[] = [];
  const late = isPlanLate(solution?.arrived_on ?? null, !!plan);

  sections.push(
    <section aria-labelledby="rp-plan">
      <h2 id="rp-plan">{t('solutions.plan.title')}</h2>
      {solution?.arrived_on ? (
        <p class={late ? 'notice notice-danger' : 'hint'}>
          {late ? t('solutions.plan.late', { date: t.date(planDueOn(solution.arrived_on)) }) : t('solutions.plan.due', { date: t.date(planDueOn(solution.arrived_on)) })}
        </p>
      ) : (
        <p class="hint">{t('solutions.plan.dueRule')}</p>
      )}
      {plan ? <p>{t('solutions.plan.saved', { date: t.date(plan.updated_at, auth.user.timeZone, true) })}</p> : null}
      {owner ? await planForm(request, record, plan, csrf, problem) : null}
    </section>,
  );

  const points = surveys.map((s) => ({ label: `${t(`solutions.survey.kinds.${s.kind}`)} ${t.date(s.taken_on)}`, economic: s.economic, social: s.social, psychosocial: s.psychosocial, composite: s.composite }));
  const latest = surveys[surveys.length - 1];
  const low = latest ? suggestions(latest, current.config.bands) : [];
  const fmt = (v: number | null) => (v === null ? '—' : t.number(Math.round(v * 100) / 100));
  sections.push(
    <section aria-labelledby="rp-scores">
      <h2 id="rp-scores">{t('solutions.survey.scoresTitle')}</h2>
      {surveys.length > 0 ? (
        <>
          <ScoreChart t={t} points={points} bands={current.config.bands} />
          <Table
            caption={t('solutions.survey.tableCaption')}
            head={[t('solutions.survey.taken'), t('solutions.survey.version'), ...DIMENSIONS.map((d) => t(`solutions.dimensions.${d}`)), t('solutions.dimensions.composite')]}
            rows={surveys.map((s) => [`${t(`solutions.survey.kinds.${s.kind}`)} · ${t.date(s.taken_on)}`, String(s.config_version), fmt(s.economic), fmt(s.social), fmt(s.psychosocial), fmt(s.composite)])}
          />
          {latest ? (
            <p>
              {DIMENSIONS.map((d) => {
                const b = bandOf(latest[d], current.config.bands);
                return b ? (
                  <span class="score-band">
                    {t(`solutions.dimensions.${d}`)}: <span class={`badge badge-band-${b}`}>{t(`solutions.survey.bands.${b}`)}</span>{' '}
                  </span>
                ) : null;
              })}
            </p>
          ) : null}
          {low.length > 0 ? (
            <div class="notice" role="status">
              <h3>{t('solutions.survey.suggestTitle')}</h3>
              <ul>
                {low.map((d: Dimension) => (
                  <li>{t(`solutions.survey.suggest.${SUPPORT_FOR_LOW[d]}`)}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </>
      ) : (
        <p>{t('solutions.survey.none')}</p>
      )}
      {!current.config.confirmed ? <p class="hint">{t('solutions.survey.unconfirmed')}</p> : null}
      {owner && can(access, 'edit') ? (
        <p>
          <a class="button" href={`${base}/survey?kind=${surveys.some((s) => s.kind === 'baseline') ? 'followup' : 'baseline'}`}>
            {surveys.some((s) => s.kind === 'baseline') ? t('solutions.survey.newFollowup') : t('solutions.survey.newBaseline')}
          </a>
        </p>
      ) : null}
    </section>,
  );
  return Shell({ request, record, access, tab: 'reintegration', title: t('solutions.reintegrationTitle'), children: sections });
}

async function planForm(request: FastifyRequest, record: CaseRow, plan: Awaited<ReturnType<typeof repo.findPlan>>, csrf: string, problem?: Problem) {
  const t = request.t;
  const ctx = request.server.ctx;
  const raw = rawOf(problem, 'plan');
  const objectives = plan ? await readObjectives(ctx, plan) : { economic: '', social: '', psychosocial: '' };
  const services = plan ? (JSON.parse(plan.services) as Array<{ organisationId: string; dimension: string }>) : [];
  const orgs = await ctx.db.selectFrom('organisations').select(['id', 'org_name']).where('office_id', '=', record.office_id).orderBy('org_name').execute();
  return (
    <Form
      t={t}
      action={`/staff/cases/${record.id}/reintegration/plan`}
      csrf={csrf}
      id="plan"
      errors={errs(problem, 'plan')}
      hasRequired
      labels={{ economic: t('solutions.plan.economic'), social: t('solutions.plan.social'), psychosocial: t('solutions.plan.psychosocial') }}
    >
      <Alert t={t} problem={problem} form="plan" />
      <input type="hidden" name="version" value={String(plan?.version ?? '')} />
      {DIMENSIONS.map((d) => (
        <>
          <TextArea t={t} name={d} required rows={3} label={t(`solutions.plan.${d}`)} value={str(raw[d]) ?? objectives[d]} error={errs(problem, 'plan')?.[d]} maxLength={3000} />
          {orgs.length > 0 ? (
            <Choices
              t={t}
              name={`services_${d}`}
              multiple
              label={t('solutions.plan.services', { dimension: t(`solutions.dimensions.${d}`) })}
              value={services.filter((s) => s.dimension === d).map((s) => s.organisationId)}
              options={orgs.map((o) => ({ value: o.id, label: o.org_name }))}
            />
          ) : null}
        </>
      ))}
      {orgs.length === 0 ? <p class="hint">{t('solutions.plan.noPartners')}</p> : null}
      <Submit label={t('solutions.plan.save')} />
    </Form>
  );
}

function answerLabel(t: Translator, label: string): string {
  const key = `solutions.survey.answers.${label.replace(/[^A-Za-z]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^./, (c) => c.toLowerCase())}`;
  return t.has(key) ? t(key) : label;
}

export async function surveyPage(request: FastifyRequest, record: CaseRow, access: SolutionAccess, kind: string, problem?: Problem) {
  const t = request.t;
  const ctx = request.server.ctx;
  const auth = requireAuth(request);
  const current = await currentSurveyConfig(ctx.db, record.office_id);
  const config: SurveyConfig = current.config;
  const raw = rawOf(problem, 'survey');
  const today = new Date().toISOString().slice(0, 10);
  return Shell({
    request,
    record,
    access,
    tab: 'reintegration',
    title: t('solutions.survey.title'),
    children: (
      <Form t={t} action={`/staff/cases/${record.id}/reintegration/survey`} csrf={auth.session?.csrf_secret} id="survey" errors={errs(problem, 'survey')} hasRequired>
        <Alert t={t} problem={problem} form="survey" />
        <p class="hint">{t('solutions.survey.versionNote', { version: current.version })}</p>
        <Choices
          t={t}
          name="kind"
          required
          inline
          label={t('solutions.survey.kind')}
          value={str(raw.kind) ?? kind}
          options={[
            { value: 'baseline', label: t('solutions.survey.kinds.baseline') },
            { value: 'followup', label: t('solutions.survey.kinds.followup') },
          ]}
        />
        <TextField t={t} name="takenOn" type="date" required width="medium" label={t('solutions.survey.taken')} value={str(raw.takenOn) ?? today} error={errs(problem, 'survey')?.takenOn} />
        {DIMENSIONS.map((d) => (
          <fieldset class="fieldset survey-dimension">
            <legend class="label">{t(`solutions.dimensions.${d}`)}</legend>
            {config.items
              .filter((i) => i.dimension === d)
              .map((item) => {
                const key = `solutions.survey.items.${item.id}`;
                return (
                  <Select
                    t={t}
                    name={`a_${item.id}`}
                    label={t.has(key) ? t(key) : item.question}
                    emptyLabel={t('solutions.survey.notAsked')}
                    value={str(raw[`a_${item.id}`])}
                    error={errs(problem, 'survey')?.[`a_${item.id}`]}
                    options={item.answers.map((a) => ({ value: String(a.value), label: answerLabel(t, a.label) }))}
                  />
                );
              })}
          </fieldset>
        ))}
        <Submit label={t('solutions.survey.save')} />
      </Form>
    ),
  });
}

/** The office's own list: hand-overs waiting for it, cases shared with it. */
export async function officePage(request: FastifyRequest, incoming: Awaited<ReturnType<typeof repo.incomingHandovers>>, shared: Awaited<ReturnType<typeof repo.sharedWithOffices>>, workers: Map<string, Array<{ id: string; display_name: string }>>) {
  const t = request.t;
  const auth = requireAuth(request);
  const csrf = auth.session?.csrf_secret ?? '';
  return (
    <Layout {...(await staffLayout(request, t('solutions.office.title')))}>
      <h1>{t('solutions.office.title')}</h1>
      <section aria-labelledby="of-incoming">
        <h2 id="of-incoming">{t('solutions.office.incoming')}</h2>
        {incoming.length === 0 ? <p class="empty">{t('solutions.office.noIncoming')}</p> : null}
        {incoming.map((h) => (
          <div class="card handover-card">
            <p>
              <strong dir="ltr">{h.case_number}</strong> · {t('solutions.office.from', { office: h.from_office })} · {t.date(h.requested_at, auth.user.timeZone, true)}
              {h.is_child ? <span class="badge badge-high">{t('cases.childMarker')}</span> : null}
            </p>
            <Form t={t} action={`/staff/solutions/handovers/${h.id}/accept`} csrf={csrf} id={`accept-${h.id}`}>
              <Select t={t} name="ownerId" required label={t('solutions.office.owner')} options={(workers.get(h.to_office_id) ?? []).map((w) => ({ value: w.id, label: w.display_name }))} />
              <Submit label={t('solutions.office.accept')} />
            </Form>
            <ActionButton action={`/staff/solutions/handovers/${h.id}/decline`} csrf={csrf} label={t('solutions.office.decline')} />
          </div>
        ))}
      </section>
      <section aria-labelledby="of-shared">
        <h2 id="of-shared">{t('solutions.office.shared')}</h2>
        <Table
          caption={t('solutions.office.sharedCaption')}
          head={[t('solutions.office.case'), t('solutions.office.scope'), t('solutions.office.until')]}
          empty={t('solutions.office.noShared')}
          rows={shared.map((s) => [
            <a href={`/staff/cases/${s.case_id}/${s.scope === 'outcome' ? 'reintegration' : 'solution'}`} dir="ltr">
              {s.case_number}
            </a>,
            t(`solutions.shared.scopes.${s.scope}`),
            s.until ? t.date(s.until) : '—',
          ])}
        />
      </section>
    </Layout>
  );
}

export async function configPage(request: FastifyRequest, officeId: string, current: { version: number; config: SurveyConfig }, problem?: Problem) {
  const t = request.t;
  const auth = requireAuth(request);
  const raw = rawOf(problem, 'config');
  const v = (k: string, fallback: number) => str(raw[k]) ?? String(fallback);
  return (
    <Layout {...(await staffLayout(request, t('solutions.config.title')))}>
      <h1>{t('solutions.config.title')}</h1>
      <p>{t('solutions.config.explain', { version: current.version })}</p>
      <p class="hint">{t('solutions.survey.unconfirmed')}</p>
      <Form t={t} action={`/staff/solutions/survey-config?office=${officeId}`} csrf={auth.session?.csrf_secret} id="config" errors={errs(problem, 'config')}>
        <Alert t={t} problem={problem} form="config" />
        <fieldset class="fieldset">
          <legend class="label">{t('solutions.config.dimensionWeights')}</legend>
          {DIMENSIONS.map((d) => (
            <TextField t={t} name={`w_${d}`} inputMode="numeric" width="short" label={t(`solutions.dimensions.${d}`)} value={v(`w_${d}`, current.config.dimensionWeights[d])} error={errs(problem, 'config')?.[`w_${d}`]} />
          ))}
        </fieldset>
        <fieldset class="fieldset">
          <legend class="label">{t('solutions.config.bands')}</legend>
          <TextField t={t} name="bandLow" width="short" label={t('solutions.config.bandLow')} value={v('bandLow', current.config.bands.low)} error={errs(problem, 'config')?.bandLow} />
          <TextField t={t} name="bandHigh" width="short" label={t('solutions.config.bandHigh')} value={v('bandHigh', current.config.bands.high)} error={errs(problem, 'config')?.bandHigh} />
        </fieldset>
        {DIMENSIONS.map((d) => (
          <fieldset class="fieldset">
            <legend class="label">{t('solutions.config.itemWeights', { dimension: t(`solutions.dimensions.${d}`) })}</legend>
            {current.config.items
              .filter((i) => i.dimension === d)
              .map((i) => (
                <TextField t={t} name={`w_${i.id}`} width="short" label={t.has(`solutions.survey.items.${i.id}`) ? t(`solutions.survey.items.${i.id}`) : i.question} value={v(`w_${i.id}`, i.weight)} error={errs(problem, 'config')?.[`w_${i.id}`]} />
              ))}
          </fieldset>
        ))}
        <Submit label={t('solutions.config.save')} />
      </Form>
    </Layout>
  );
}
