import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { officesWith } from '../platform/auth/auth-user.js';
import { countryName, countryOptions } from '../platform/countries.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import { loadCaseFor } from './case-access.js';
import { CasePage } from './case-layout.js';
import {
  assignableUsers,
  assignCase,
  addPerpetrator,
  moveStage,
  perpetrators,
  personFrom,
  readPerson,
  removePerpetrator,
  updateCaseRecord,
} from './case-record.js';
import { CASE_ACCESS, csrfOf, listDate, options, type Refusal, RefusalBox, runPost } from './case-ui.js';
import { STAGES, type Stage } from './case-version.js';
import { childGates } from './children.js';
import { can } from './cases.policy.js';
import {
  AssignBody,
  CASE_STATUSES,
  EditCaseBody,
  EXPLOITATION_TYPES,
  GENDERS,
  ListQuery,
  METHODS_OF_CONTROL,
  NewCaseBody,
  PERPETRATOR_ROLES,
  PerpetratorBody,
  RECRUITMENT_METHODS,
  REFERRAL_REASONS,
  RELATIONSHIPS,
  RISK_LEVELS,
  SOURCES,
  StageBody,
} from './cases.schema.js';
import { openCase } from './cases.service.js';
import type { CaseRow } from './cases.table.js';
import { findDuplicates, officeForNewCase } from './duplicates.js';
import { caseloads, listCases } from './worklist.js';
import { openReminders } from './reminders.js';
import { isId } from '../platform/ids.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';

export function personLabels(t: FastifyRequest['t']): Record<string, string> {
  return {
    firstName: t('cases.person.firstName'),
    middleName: t('cases.person.middleName'),
    lastName: t('cases.person.lastName'),
    aliases: t('cases.person.aliases'),
    birthDate: t('cases.person.birthDate'),
    estimatedAge: t('cases.person.estimatedAge'),
    gender: t('cases.person.gender'),
    citizenship: t('cases.person.citizenship'),
    languages: t('cases.person.languages'),
    documentType: t('cases.person.documentType'),
    documentNumber: t('cases.person.documentNumber'),
    phone: t('cases.person.phone'),
    email: t('cases.person.email'),
    address: t('cases.person.address'),
    source: t('cases.new.source'),
    mayBeChild: t('cases.new.mayBeChild'),
  };
}

function PersonFields(props: { t: FastifyRequest['t']; v: (k: string) => string; errors?: FieldErrors | undefined }) {
  const { t, v, errors } = props;
  const l = personLabels(t);
  return (
    <>
      <TextField t={t} name="firstName" label={l.firstName ?? ''} value={v('firstName')} error={errors?.firstName} />
      <TextField t={t} name="middleName" label={l.middleName ?? ''} value={v('middleName')} error={errors?.middleName} />
      <TextField t={t} name="lastName" label={l.lastName ?? ''} value={v('lastName')} error={errors?.lastName} />
      <TextField t={t} name="aliases" label={l.aliases ?? ''} hint={t('cases.person.aliasesHint')} value={v('aliases')} error={errors?.aliases} />
      <TextField t={t} name="birthDate" type="date" label={l.birthDate ?? ''} value={v('birthDate')} width="medium" error={errors?.birthDate} />
      <TextField
        t={t}
        name="estimatedAge"
        type="number"
        inputMode="numeric"
        label={l.estimatedAge ?? ''}
        value={v('estimatedAge')}
        width="short"
        error={errors?.estimatedAge}
      />
      <Select
        t={t}
        name="gender"
        label={l.gender ?? ''}
        options={options(t, 'cases.values.gender', GENDERS)}
        value={v('gender')}
        emptyLabel={t('forms.choose')}
        error={errors?.gender}
      />
      <Select
        t={t}
        name="citizenship"
        label={l.citizenship ?? ''}
        options={countryOptions(t.locale)}
        value={v('citizenship')}
        emptyLabel={t('forms.choose')}
        error={errors?.citizenship}
      />
      <TextField
        t={t}
        name="languages"
        label={l.languages ?? ''}
        hint={t('cases.person.languagesHint')}
        value={v('languages')}
        width="medium"
        error={errors?.languages}
      />
      <TextField t={t} name="documentType" label={l.documentType ?? ''} value={v('documentType')} width="medium" error={errors?.documentType} />
      <TextField
        t={t}
        name="documentNumber"
        label={l.documentNumber ?? ''}
        value={v('documentNumber')}
        width="medium"
        dir="ltr"
        error={errors?.documentNumber}
      />
      <TextField t={t} name="phone" type="tel" label={l.phone ?? ''} value={v('phone')} width="medium" dir="ltr" error={errors?.phone} />
      <TextField t={t} name="email" type="email" label={l.email ?? ''} value={v('email')} dir="ltr" error={errors?.email} />
      <TextArea t={t} name="address" label={l.address ?? ''} value={v('address')} rows={2} error={errors?.address} />
    </>
  );
}

function ownerOptions(users: Array<{ id: string; display_name: string }>) {
  return users.map((u) => ({ value: u.id, label: u.display_name }));
}

export async function casePages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  // The work list: my caseload (case worker) or the office's cases (supervisor), with filters and search.
  app.get('/staff/cases', { config: CASE_ACCESS }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const parsed = parseForm(ListQuery, request.query);
    const filters: Static<typeof ListQuery> = parsed.ok ? parsed.value : {};
    const result = await listCases(ctx, auth.user, filters);
    const tz = auth.user.timeZone;
    const supervised = officesWith(auth.user, 'cases.supervise');
    const loads = supervised === 'all' || supervised.length > 0 ? await caseloads(ctx, auth.user) : [];
    const q = (k: keyof typeof filters) => String(filters[k] ?? '');
    const pageLink = (page: number) => {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(filters)) if (v !== undefined && k !== 'page') p.set(k, String(v));
      p.set('page', String(page));
      return `/staff/cases?${p.toString()}`;
    };
    return reply.page(
      <Layout {...(await staffLayout(request, t('cases.list.title')))}>
        <h1>{t('cases.list.title')}</h1>
        <p>
          <a class="button" href="/staff/cases/new">
            {t('cases.new.title')}
          </a>
        </p>
        <Form t={t} action="/staff/cases" method="get" id="filters" class="form filters" errors={parsed.ok ? undefined : parsed.errors}>
          <div class="filter-grid">
            <Select
              t={t}
              name="status"
              label={t('cases.fields.status')}
              options={options(t, 'cases.status', CASE_STATUSES)}
              value={q('status')}
              emptyLabel={t('cases.list.any')}
            />
            <Select
              t={t}
              name="stage"
              label={t('cases.fields.stage')}
              options={options(t, 'cases.stage', STAGES)}
              value={q('stage')}
              emptyLabel={t('cases.list.any')}
            />
            <Select
              t={t}
              name="risk"
              label={t('cases.fields.risk')}
              options={options(t, 'cases.risk', RISK_LEVELS)}
              value={q('risk')}
              emptyLabel={t('cases.list.any')}
            />
            <Select
              t={t}
              name="due"
              label={t('cases.fields.due')}
              options={[
                { value: 'overdue', label: t('cases.list.overdue') },
                { value: 'week', label: t('cases.list.dueWeek') },
              ]}
              value={q('due')}
              emptyLabel={t('cases.list.any')}
            />
            <Select
              t={t}
              name="owner"
              label={t('cases.fields.owner')}
              options={[
                { value: 'me', label: t('cases.list.mine') },
                { value: 'unassigned', label: t('cases.list.unassigned') },
                ...loads.map((l) => ({ value: l.id, label: l.display_name })),
              ]}
              value={q('owner')}
              emptyLabel={t('cases.list.any')}
            />
            <Choices
              t={t}
              name="minors"
              multiple
              label={t('cases.list.minorsLegend')}
              options={[{ value: '1', label: t('cases.list.minorsOnly') }]}
              value={q('minors')}
            />
          </div>
          <details class="search-person" open={!!(filters.number || filters.name || filters.birthDate || filters.document || filters.phone)}>
            <summary>{t('cases.list.search')}</summary>
            <p class="hint">{t('cases.list.searchHint')}</p>
            <TextField t={t} name="number" label={t('cases.fields.caseNumber')} value={q('number')} width="medium" dir="ltr" />
            <TextField t={t} name="name" label={t('cases.list.searchName')} value={q('name')} />
            <TextField t={t} name="birthDate" type="date" label={t('cases.person.birthDate')} value={q('birthDate')} width="medium" />
            <TextField t={t} name="document" label={t('cases.person.documentNumber')} value={q('document')} width="medium" dir="ltr" />
            <TextField t={t} name="phone" type="tel" label={t('cases.person.phone')} value={q('phone')} width="medium" dir="ltr" />
          </details>
          <Submit label={t('cases.list.apply')} />
        </Form>
        <Table
          caption={t('cases.list.caption')}
          head={[
            t('cases.fields.caseNumber'),
            t('cases.fields.status'),
            t('cases.fields.stage'),
            t('cases.fields.owner'),
            t('cases.fields.risk'),
            t('cases.fields.nextDue'),
            t('cases.fields.opened'),
          ]}
          rows={result.rows.map((r) => [
            <>
              <a href={`/staff/cases/${r.id}`} dir="ltr">
                {r.case_number}
              </a>
              {r.is_child ? (
                <>
                  {' '}
                  <span class="badge badge-high">{t('cases.childMarker')}</span>
                </>
              ) : null}
            </>,
            t(`cases.status.${r.cas_status}`),
            t(`cases.stage.${r.stage}`),
            r.owner_name ?? t('cases.list.unassigned'),
            r.risk_level ? <span class={`badge badge-${r.risk_level}`}>{t(`cases.risk.${r.risk_level}`)}</span> : '—',
            r.next_due_on ? <span class={r.next_due_on < new Date().toISOString().slice(0, 10) ? 'overdue' : undefined}>{listDate(t, r.next_due_on)}</span> : '—',
            listDate(t, r.opened_at, tz),
          ])}
          empty={t('cases.list.none')}
        />
        <nav class="pager" aria-label={t('cases.list.pages')}>
          {result.page > 1 ? <a href={pageLink(result.page - 1)}>{t('cases.list.previous')}</a> : null}
          {result.hasMore ? <a href={pageLink(result.page + 1)}>{t('cases.list.next')}</a> : null}
        </nav>
        {loads.length > 0 ? (
          <Table
            caption={t('cases.list.caseloads')}
            head={[t('cases.fields.owner'), t('cases.list.openCases'), t('cases.fields.nextDue')]}
            rows={loads.map((l) => [
              <a href={`/staff/cases?owner=${l.id}`}>{l.display_name}</a>,
              t.number(Number(l.open)),
              l.next_due ? listDate(t, String(l.next_due)) : '—',
            ])}
          />
        ) : null}
      </Layout>,
    );
  });

  // Opening a case: the duplicate check runs first; the case worker sees candidates, then opens anyway or goes to one.
  const newForm = async (request: FastifyRequest, raw: Record<string, unknown>, errors?: FieldErrors, dup?: Awaited<ReturnType<typeof findDuplicates>>) => {
    const t = request.t;
    const workOffices = officesWith(requireAuth(request).user, 'cases.work');
    const officeChoices =
      workOffices === 'all' || workOffices.length > 1
        ? await (workOffices === 'all' ? ctx.db.selectFrom('offices').select(['id', 'name']) : ctx.db.selectFrom('offices').select(['id', 'name']).where('id', 'in', workOffices)).orderBy('name').execute()
        : [];
    const v = (k: string) => String(raw[k] ?? '');
    const showDup = dup && (dup.candidates.length > 0 || dup.elsewhere.length > 0);
    return (
      <Layout {...(await staffLayout(request, t('cases.new.title')))}>
        <h1>{t('cases.new.title')}</h1>
        {dup ? (
          <section class="duplicates" aria-labelledby="dup-title">
            <h2 id="dup-title">{showDup ? t('cases.duplicates.found') : t('cases.duplicates.none')}</h2>
            {dup.candidates.length > 0 ? (
              <ul>
                {dup.candidates.map((c) => (
                  <li>
                    <a href={`/staff/cases/${c.caseId}`} dir="ltr">
                      {c.caseNumber}
                    </a>{' '}
                    {t('cases.duplicates.matched', { kinds: c.matched.map((k) => t(`cases.duplicates.kind.${k}`)).join(', ') })}
                  </li>
                ))}
              </ul>
            ) : null}
            {dup.elsewhere.map((o) => (
              <p class="flash">{t('cases.duplicates.elsewhere', { office: o.officeName })}</p>
            ))}
          </section>
        ) : null}
        <Form t={t} action="/staff/cases/new" csrf={csrfOf(request)} errors={errors} labels={personLabels(t)} hasRequired>
          {dup ? <input type="hidden" name="confirmed" value="1" /> : null}
          {officeChoices.length > 0 ? (
            <Select t={t} name="officeId" label={t('cases.new.office')} options={officeChoices.map((o) => ({ value: o.id, label: o.name }))} value={v('officeId')} emptyLabel={t('forms.choose')} required error={errors?.officeId} />
          ) : null}
          <Select
            t={t}
            name="source"
            label={t('cases.new.source')}
            options={options(t, 'cases.source', SOURCES)}
            value={v('source')}
            emptyLabel={t('forms.choose')}
            required
            error={errors?.source}
          />
          <Choices
            t={t}
            name="mayBeChild"
            inline
            label={t('cases.new.mayBeChild')}
            hint={t('cases.new.mayBeChildHint')}
            options={[
              { value: 'yes', label: t('forms.yes') },
              { value: 'no', label: t('forms.no') },
              { value: 'unknown', label: t('forms.unknown') },
            ]}
            value={v('mayBeChild')}
            error={errors?.mayBeChild}
          />
          <PersonFields t={t} v={v} errors={errors} />
          <Submit label={dup ? t('cases.new.openAnyway') : t('cases.new.check')} />
        </Form>
      </Layout>
    );
  };

  app.get('/staff/cases/new', { config: CASE_ACCESS }, async (request, reply) => reply.page(await newForm(request, {})));

  app.post('/staff/cases/new', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const form = parseForm(NewCaseBody, request.body);
    if (!form.ok) return reply.page(await newForm(request, form.raw, form.errors), 400);
    const v = form.value;
    const { identity, contact } = personFrom(v);
    try {
      officeForNewCase(auth.user, v.officeId);
    } catch (e) {
      if (e instanceof ValidationError) return reply.page(await newForm(request, { ...v }, e.fields), 400);
      throw e;
    }
    if (!v.confirmed) {
      const dup = await findDuplicates(ctx, auth.user, identity, contact);
      return reply.page(await newForm(request, { ...v }, undefined, dup));
    }
    const officeId = officeForNewCase(auth.user, v.officeId);
    const mayBeChild = v.mayBeChild === 'yes' || v.mayBeChild === 'unknown' || (v.estimatedAge !== undefined && v.estimatedAge < 18);
    const opened = await openCase(ctx, auth.user, {
      officeId,
      source: v.source,
      ownerId: auth.user.id,
      identity,
      contact,
      gender: v.gender ?? null,
      citizenship: v.citizenship ? [v.citizenship] : [],
      ...(v.mayBeChild === 'unknown' || (mayBeChild && !v.birthDate)
        ? { ageStatus: 'presumed_minor' as const }
        : v.birthDate
          ? { ageStatus: 'claimed' as const }
          : {}),
      mayBeChild,
    });
    await setFlash(request, 'success', 'cases.new.opened', { number: opened.caseNumber });
    return reply.redirect(`/staff/cases/${opened.id}`, 303);
  });

  // Overview: the person, the context, where the case stands, what is due, and the actions at this step.
  const overview = async (request: FastifyRequest, record: CaseRow, refusal?: Refusal) => {
    const t = request.t;
    const auth = requireAuth(request);
    const person = await readPerson(ctx, record);
    const gates = await childGates(ctx.db, record.id);
    const perps = await perpetrators(ctx, record.id);
    const reminders = await openReminders(ctx, record.id);
    const owner = record.owner_id ? await ctx.db.selectFrom('users').select('display_name').where('id', '=', record.owner_id).executeTakeFirst() : undefined;
    const id = person.identity;
    const name = [id.firstName, id.middleName, id.lastName].filter(Boolean).join(' ');
    const csrf = csrfOf(request);
    const closed = record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred';
    const users = can(auth.user, 'assign', record) ? await assignableUsers(ctx, record.office_id) : [];
    return CasePage({
      request,
      record,
      tab: '',
      title: t('cases.overview.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          <div class="case-grid">
            <section aria-labelledby="where-title">
              <h2 id="where-title">{t('cases.overview.where')}</h2>
              <SummaryList
                items={[
                  [t('cases.fields.status'), t(`cases.status.${record.cas_status}`)],
                  [t('cases.fields.stage'), t(`cases.stage.${record.stage}`)],
                  [t('cases.fields.owner'), owner?.display_name ?? t('cases.list.unassigned')],
                  [t('cases.fields.opened'), t.date(record.opened_at)],
                  [
                    t('cases.fields.trafficking'),
                    record.vic_trafficking_status
                      ? `${t(`cases.values.trafficking.${record.vic_trafficking_status}`)} · ${t(`cases.values.decisionOrg.${record.vic_status_decision_org}`)}`
                      : t('cases.overview.notDecided'),
                  ],
                  [t('cases.fields.risk'), record.risk_level ? t(`cases.risk.${record.risk_level}`) : t('cases.overview.notAssessed')],
                  [t('cases.fields.ageStatus'), t(`cases.values.ageStatus.${record.age_status}`)],
                  ...(closed
                    ? ([[t('cases.closure.reason'), t(`cases.values.closure.${record.cas_reason_for_case_closure}`)]] as Array<[string, string]>)
                    : []),
                ]}
              />
            </section>
            <section aria-labelledby="person-title">
              <h2 id="person-title">{t('cases.overview.person')}</h2>
              <SummaryList
                items={[
                  [t('cases.overview.name'), name || '—'],
                  [t('cases.person.aliases'), id.aliases?.join(', ') || '—'],
                  [
                    t('cases.person.birthDate'),
                    id.birthDate ? t.date(id.birthDate) : id.estimatedAge !== undefined ? t('cases.overview.estimatedAge', { age: id.estimatedAge }) : '—',
                  ],
                  [t('cases.person.gender'), record.prs_gender ? t(`cases.values.gender.${record.prs_gender}`) : '—'],
                  [
                    t('cases.person.citizenship'),
                    record.prs_citizenship ? (JSON.parse(record.prs_citizenship) as string[]).map((c) => countryName(c, t.locale)).join(', ') || '—' : '—',
                  ],
                  [t('cases.person.languages'), id.languages?.join(', ') || '—'],
                  [t('cases.person.phone'), <span dir="ltr">{person.contact.phones?.join(', ') || '—'}</span>],
                ]}
              />
            </section>
          </div>
          {gates.isChild ? (
            <section class="child-gates" aria-labelledby="child-title">
              <h2 id="child-title">{t('cases.children.safeguards')}</h2>
              <ul class="gate-list">
                <li class={gates.hasGuardian ? 'gate-ok' : 'gate-missing'}>
                  {gates.hasGuardian ? t('cases.children.gateGuardianOk') : t('cases.children.gate.guardian')}
                </li>
                <li class={gates.bidApproved ? 'gate-ok' : 'gate-missing'}>
                  {gates.bidApproved ? t('cases.children.gateBidOk') : t('cases.children.gate.bid')}
                </li>
                <li class={gates.familyAssessed ? 'gate-ok' : 'gate-missing'}>
                  {gates.familyAssessed ? t('cases.children.gateFamilyOk') : t('cases.children.gate.family')}
                </li>
              </ul>
              <p>
                <a href={`/staff/cases/${record.id}/child`}>{t('cases.children.open')}</a>
              </p>
            </section>
          ) : null}
          <section aria-labelledby="due-title">
            <h2 id="due-title">{t('cases.reminders.title')}</h2>
            <Table
              caption={t('cases.reminders.open')}
              head={[t('cases.reminders.dueOn'), t('cases.reminders.kind'), t('cases.reminders.text'), t('cases.fields.actions')]}
              rows={reminders.map((r) => [
                <span class={r.due_on < new Date().toISOString().slice(0, 10) ? 'overdue' : undefined}>{t.date(r.due_on)}</span>,
                `${t(`cases.values.reminder.${r.kind}`)}${r.required ? ` · ${t('cases.reminders.requiredMark')}` : ''}`,
                r.text,
                closed ? (
                  ''
                ) : (
                  <ActionButton
                    action={`/staff/cases/${record.id}/reminders/${r.id}/done`}
                    csrf={csrf}
                    label={t('cases.reminders.done')}
                    fields={{ version: String(r.version) }}
                  />
                ),
              ])}
              empty={t('cases.reminders.none')}
            />
            {closed ? null : (
              <p>
                <a href={`/staff/cases/${record.id}/reminders/new`}>{t('cases.reminders.add')}</a>
              </p>
            )}
          </section>
          <section aria-labelledby="context-title">
            <h2 id="context-title">{t('cases.overview.context')}</h2>
            <SummaryList
              items={[
                [
                  t('cases.context.recruitmentMethod'),
                  person.context.recruitmentMethod ? t(`cases.values.recruitment.${person.context.recruitmentMethod}`) : '—',
                ],
                [t('cases.context.methodsOfControl'), person.context.methodsOfControl?.map((m) => t(`cases.values.control.${m}`)).join(', ') || '—'],
                [t('cases.context.exploitationTypes'), person.context.exploitationTypes?.map((m) => t(`cases.values.exploitation.${m}`)).join(', ') || '—'],
                [t('cases.context.perpetrators'), perps.map((p) => t(`cases.values.perpetrator.${p.per_role_in_process}`)).join(', ') || '—'],
              ]}
            />
            {closed ? null : (
              <p>
                <a class="button button-secondary" href={`/staff/cases/${record.id}/edit`}>
                  {t('cases.edit.title')}
                </a>
              </p>
            )}
          </section>
          {closed ? null : (
            <section aria-labelledby="actions-title">
              <h2 id="actions-title">{t('cases.overview.actions')}</h2>
              <Form t={t} action={`/staff/cases/${record.id}/stage`} csrf={csrf} id="stage-form">
                <input type="hidden" name="version" value={String(record.version)} />
                <Select
                  t={t}
                  name="stage"
                  label={t('cases.overview.moveTo')}
                  hint={t('cases.overview.moveToHint')}
                  options={options(
                    t,
                    'cases.stage',
                    STAGES.filter((s) => s !== 'closed'),
                  )}
                  value={record.stage}
                />
                <Submit label={t('cases.overview.move')} secondary />
              </Form>
              {users.length > 0 ? (
                <Form t={t} action={`/staff/cases/${record.id}/assign`} csrf={csrf} id="assign-form">
                  <input type="hidden" name="version" value={String(record.version)} />
                  <Select
                    t={t}
                    name="ownerId"
                    label={t('cases.assign.label')}
                    options={ownerOptions(users)}
                    value={record.owner_id}
                    emptyLabel={t('forms.choose')}
                  />
                  <Submit label={t('cases.assign.submit')} secondary />
                </Form>
              ) : null}
            </section>
          )}
        </>
      ),
    });
  };

  app.get('/staff/cases/:id', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request);
    return reply.page(await overview(request, record));
  });

  app.post('/staff/cases/:id/stage', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(StageBody, request.body);
    if (!form.ok) return reply.page(await overview(request, record, { status: 400, message: request.t('errors.validation') }), 400);
    const r = await runPost(
      request,
      reply,
      () => moveStage(ctx, auth.user, record, form.value.stage as Stage, form.value.version, form.value.overrideReason),
      async (_e, refusal, status) => reply.page(await overview(request, record, refusal), status),
    );
    if (r) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });

  app.post('/staff/cases/:id/assign', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'assign');
    const form = parseForm(AssignBody, request.body);
    if (!form.ok) return reply.page(await overview(request, record, { status: 400, message: request.t('errors.validation') }), 400);
    const r = await runPost(
      request,
      reply,
      () => assignCase(ctx, auth.user, record, form.value.ownerId, form.value.version),
      async (_e, refusal, status) => reply.page(await overview(request, record, refusal), status),
    );
    if (r) return r;
    await setFlash(request, 'success', 'cases.assign.done');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });

  // Editing the record: person (prs_), trafficking context (vic_), incoming referral (cas_), perpetrators (per_).
  const editForm = async (request: FastifyRequest, record: CaseRow, raw?: Record<string, unknown>, errors?: FieldErrors, refusal?: Refusal) => {
    const t = request.t;
    const person = await readPerson(ctx, record);
    const perps = await perpetrators(ctx, record.id);
    const i = person.identity;
    const c = person.contact;
    const x = person.context;
    const rf = person.referral;
    const current: Record<string, unknown> = {
      firstName: i.firstName,
      middleName: i.middleName,
      lastName: i.lastName,
      aliases: i.aliases?.join(', '),
      birthDate: i.birthDate,
      estimatedAge: i.estimatedAge,
      gender: record.prs_gender,
      citizenship: record.prs_citizenship ? (JSON.parse(record.prs_citizenship) as string[])[0] : undefined,
      languages: i.languages?.join(', '),
      documentType: i.documents?.[0]?.type,
      documentNumber: i.documents?.[0]?.number,
      phone: c.phones?.[0],
      email: c.email,
      address: c.address,
      ...x,
      ...rf,
    };
    const src = raw ?? current;
    const v = (k: string) => (src[k] === undefined || src[k] === null ? '' : String(src[k]));
    const arr = (k: string) => (Array.isArray(src[k]) ? (src[k] as string[]) : []);
    const csrf = csrfOf(request);
    const labels = {
      ...personLabels(t),
      recruitmentMethod: t('cases.context.recruitmentMethod'),
      recruitmentPlace: t('cases.context.recruitmentPlace'),
      recruitmentDate: t('cases.context.recruitmentDate'),
      relationship: t('cases.context.relationship'),
      methodsOfControl: t('cases.context.methodsOfControl'),
      exploitationTypes: t('cases.context.exploitationTypes'),
      industry: t('cases.context.industry'),
      exploitationPlace: t('cases.context.exploitationPlace'),
      exploitationFrom: t('cases.context.exploitationFrom'),
      exploitationTo: t('cases.context.exploitationTo'),
      referringOrganisation: t('cases.referral.organisation'),
      referralDate: t('cases.referral.date'),
      referralReason: t('cases.referral.reason'),
      referralDetails: t('cases.referral.details'),
    };
    return CasePage({
      request,
      record,
      tab: 'edit',
      title: t('cases.edit.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          <Form t={t} action={`/staff/cases/${record.id}/edit`} csrf={csrf} errors={errors} labels={labels} id="edit-form">
            <input type="hidden" name="version" value={String(record.version)} />
            <fieldset class="fieldset">
              <legend class="label">{t('cases.overview.person')}</legend>
              <PersonFields t={t} v={v} errors={errors} />
            </fieldset>
            <fieldset class="fieldset">
              <legend class="label">{t('cases.overview.context')}</legend>
              <Select
                t={t}
                name="recruitmentMethod"
                label={labels.recruitmentMethod}
                options={options(t, 'cases.values.recruitment', RECRUITMENT_METHODS)}
                value={v('recruitmentMethod')}
                emptyLabel={t('forms.choose')}
                error={errors?.recruitmentMethod}
              />
              <TextField t={t} name="recruitmentPlace" label={labels.recruitmentPlace} value={v('recruitmentPlace')} error={errors?.recruitmentPlace} />
              <TextField
                t={t}
                name="recruitmentDate"
                type="date"
                label={labels.recruitmentDate}
                value={v('recruitmentDate')}
                width="medium"
                error={errors?.recruitmentDate}
              />
              <Select
                t={t}
                name="relationship"
                label={labels.relationship}
                options={options(t, 'cases.values.relationship', RELATIONSHIPS)}
                value={v('relationship')}
                emptyLabel={t('forms.choose')}
                error={errors?.relationship}
              />
              <Choices
                t={t}
                name="methodsOfControl"
                multiple
                label={labels.methodsOfControl}
                options={options(t, 'cases.values.control', METHODS_OF_CONTROL)}
                value={arr('methodsOfControl')}
                error={errors?.methodsOfControl}
              />
              <Choices
                t={t}
                name="exploitationTypes"
                multiple
                label={labels.exploitationTypes}
                options={options(t, 'cases.values.exploitation', EXPLOITATION_TYPES)}
                value={arr('exploitationTypes')}
                error={errors?.exploitationTypes}
              />
              <TextField t={t} name="industry" label={labels.industry} value={v('industry')} error={errors?.industry} />
              <TextField t={t} name="exploitationPlace" label={labels.exploitationPlace} value={v('exploitationPlace')} error={errors?.exploitationPlace} />
              <TextField
                t={t}
                name="exploitationFrom"
                type="date"
                label={labels.exploitationFrom}
                value={v('exploitationFrom')}
                width="medium"
                error={errors?.exploitationFrom}
              />
              <TextField
                t={t}
                name="exploitationTo"
                type="date"
                label={labels.exploitationTo}
                value={v('exploitationTo')}
                width="medium"
                error={errors?.exploitationTo}
              />
            </fieldset>
            <fieldset class="fieldset">
              <legend class="label">{t('cases.referral.title')}</legend>
              <TextField
                t={t}
                name="referringOrganisation"
                label={labels.referringOrganisation}
                value={v('referringOrganisation')}
                error={errors?.referringOrganisation}
              />
              <TextField
                t={t}
                name="referralDate"
                type="date"
                label={labels.referralDate}
                value={v('referralDate')}
                width="medium"
                error={errors?.referralDate}
              />
              <Select
                t={t}
                name="referralReason"
                label={labels.referralReason}
                options={options(t, 'cases.values.referralReason', REFERRAL_REASONS)}
                value={v('referralReason')}
                emptyLabel={t('forms.choose')}
                error={errors?.referralReason}
              />
              <TextArea t={t} name="referralDetails" label={labels.referralDetails} value={v('referralDetails')} rows={3} error={errors?.referralDetails} />
            </fieldset>
            <Submit label={t('forms.save')} />
          </Form>
          <section aria-labelledby="perp-title">
            <h2 id="perp-title">{t('cases.context.perpetrators')}</h2>
            <Table
              caption={t('cases.context.perpetrators')}
              head={[t('cases.perpetrators.role'), t('cases.perpetrators.details'), t('cases.fields.actions')]}
              rows={perps.map((p) => [
                t(`cases.values.perpetrator.${p.per_role_in_process}`),
                p.details,
                <ActionButton action={`/staff/cases/${record.id}/perpetrators/${p.id}/remove`} csrf={csrf} label={t('cases.perpetrators.remove')} />,
              ])}
              empty={t('cases.perpetrators.none')}
            />
            <Form t={t} action={`/staff/cases/${record.id}/perpetrators`} csrf={csrf} id="perp-form">
              <Select
                t={t}
                name="role"
                label={t('cases.perpetrators.role')}
                options={options(t, 'cases.values.perpetrator', PERPETRATOR_ROLES)}
                emptyLabel={t('forms.choose')}
                required
              />
              <TextArea t={t} name="details" label={t('cases.perpetrators.details')} hint={t('cases.perpetrators.detailsHint')} rows={2} />
              <Submit label={t('cases.perpetrators.add')} secondary />
            </Form>
          </section>
        </>
      ),
    });
  };

  app.get('/staff/cases/:id/edit', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request, 'edit');
    return reply.page(await editForm(request, record));
  });

  app.post('/staff/cases/:id/edit', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(EditCaseBody, request.body);
    if (!form.ok) return reply.page(await editForm(request, record, form.raw, form.errors), 400);
    const r = await runPost(
      request,
      reply,
      () => updateCaseRecord(ctx, auth.user, record, form.value),
      async (errors, refusal, status) => reply.page(await editForm(request, record, form.value, errors, refusal), status),
    );
    if (r) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}`, 303);
  });

  app.post('/staff/cases/:id/perpetrators', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(PerpetratorBody, request.body);
    if (!form.ok) return reply.page(await editForm(request, record, undefined, form.errors), 400);
    await addPerpetrator(ctx, auth.user, record, form.value.role, form.value.details);
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}/edit`, 303);
  });

  app.post('/staff/cases/:id/perpetrators/:pid/remove', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const { pid } = request.params as { pid: string };
    if (!isId(pid)) throw new NotFoundError();
    await removePerpetrator(ctx, auth.user, record, pid);
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(`/staff/cases/${record.id}/edit`, 303);
  });
}
