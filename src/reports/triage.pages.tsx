import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { countryName } from '../platform/countries.js';
import { NotFoundError, ValidationError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash, staffLayout } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { languageName } from '../platform/i18n/language-names.js';
import { Choices, type FieldErrors, Form, Select, SummaryList, Submit, Table, TextArea } from '../platform/views/components.js';
import { Layout } from '../platform/views/layout.js';
import type { PriorityReason } from './priority.js';
import { AttachCaseCard, type CaseStoryModel, OpenCaseCard, ReportCases } from './case-story.views.js';
import { AttachCaseBody, CLOSURE_REASONS, isReportChannel, LinkBody, MessageBody, OpenCaseBody, PRIORITY_LEVELS, PriorityBody, REPORT_CHANNELS, StateBody } from './reports.schema.js';
import { escalatedReports } from '../notifications/notify.service.js';
import { isTriageWait } from './triage-work.service.js';
import * as service from './triage.service.js';
import type { ReportRow } from './reports.table.js';

const TRIAGE = { access: { permission: 'reports.triage' } } as const;

function idParam(request: FastifyRequest): string {
  const { id } = request.params as { id: string };
  if (!isId(id)) throw new NotFoundError();
  return id;
}

function Level(props: { t: Translator; level: string }) {
  return <span class={`badge badge-${props.level}`}>{props.t(`reports.priority.level.${props.level}`)}</span>;
}

function Reasons(props: { t: Translator; reasons: PriorityReason[] }) {
  const { t } = props;
  if (props.reasons.length === 0) return <span class="hint">{t('reports.priority.noReasons')}</span>;
  return (
    <ul class="reasons">
      {props.reasons.map((r) => (
        <li>
          {t(`reports.priority.reason.${r.rule}`, { count: r.count ?? 0 })} <span class="hint">(+{r.points})</span>
        </li>
      ))}
    </ul>
  );
}

function codes(t: Translator, list: string, kind: string): string {
  const values = JSON.parse(list) as string[];
  return values.length ? values.map((c) => t(`reports.${kind}.${c}`)).join(' · ') : t('forms.none');
}

type FormErrors = { form: 'priority' | 'state' | 'message' | 'link' | 'open' | 'attach'; errors: FieldErrors; raw?: Record<string, unknown> };

async function detailPage(request: FastifyRequest, reply: FastifyReply, id: string, failed?: FormErrors) {
  const t = request.t;
  const auth = requireAuth(request);
  const ctx = request.server.ctx;
  const view = await service.viewReport(ctx, auth.user, id);
  const r = view.report;
  const csrf = auth.session?.csrf_secret ?? '';
  const err = (form: FormErrors['form']) => (failed?.form === form ? failed.errors : undefined);
  const consents = JSON.parse(r.consents) as Record<string, string>;
  const open = r.state !== 'closed' && r.state !== 'case_opened';
  const title = t('reports.triage.reportTitle', { reference: r.reference });
  const story: CaseStoryModel = { reportId: r.id, version: r.version, cases: view.cases, attachable: view.attachable, caseWorkers: view.caseWorkers, assignmentRule: view.assignmentRule };
  return reply.page(
    <Layout {...(await staffLayout(request, title))}>
      <p>
        <a href="/staff/reports">{t('reports.triage.backToQueue')}</a>
      </p>
      <h1>{title}</h1>
      {r.office_id === null ? <p class="notice">{t('reportInbox.detailNotice')}</p> : null}
      <section aria-labelledby="h-priority" class="card triage-priority">
        <h2 id="h-priority">{t('reports.priority.title')}</h2>
        <p>
          <Level t={t} level={view.effectiveLevel} />{' '}
          {r.priority_decision === 'overridden'
            ? t('reports.priority.overridden', { computed: t(`reports.priority.level.${r.priority}`) })
            : r.priority_decision === 'confirmed'
              ? t('reports.priority.confirmed')
              : t('reports.priority.computed')}
        </p>
        <h3>{t('reports.priority.reasonsTitle')}</h3>
        <Reasons t={t} reasons={view.reasons} />
        {view.note ? (
          <p>
            <strong>{t('reports.priority.overrideReason')}:</strong> <span dir="auto">{view.note}</span>
          </p>
        ) : null}
        {open ? (
          <Form t={t} action={`/staff/reports/${r.id}/priority`} csrf={csrf} errors={err('priority')} id="priority-form" labels={{ level: t('reports.priority.newLevel'), reason: t('reports.priority.overrideReason') }}>
            <input type="hidden" name="version" value={String(r.version)} />
            <Choices t={t} name="decision" inline label={t('reports.priority.decision')} options={[{ value: 'confirm', label: t('reports.priority.confirm') }, { value: 'override', label: t('reports.priority.override') }]} value={String(failed?.raw?.decision ?? 'confirm')} />
            <Select t={t} name="level" label={t('reports.priority.newLevel')} options={PRIORITY_LEVELS.map((l) => ({ value: l, label: t(`reports.priority.level.${l}`) }))} emptyLabel={t('forms.choose')} value={failed?.raw?.level as string | undefined} error={err('priority')?.level} />
            <TextArea t={t} name="reason" label={t('reports.priority.overrideReason')} hint={t('reports.priority.overrideHint')} rows={2} value={failed?.raw?.reason as string | undefined} error={err('priority')?.reason} />
            <Submit label={t('reports.priority.save')} />
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="h-facts">
        <h2 id="h-facts">{t('reports.triage.facts')}</h2>
        <SummaryList
          items={[
            [t('reports.triage.state'), t(`reports.state.${r.state}`) + (r.closure_reason ? ` — ${t(`reports.closure.${r.closure_reason}`)}` : '')],
            [t('reports.triage.received'), t.date(r.received_at, undefined, true)],
            [t('channels.channel.label'), t(`channels.channel.${r.channel}`)],
            [t('reports.form.reporterRole.label'), t(`reports.roles.${r.reporter_role}`)],
            [t('reports.form.dangerNow.label'), t(`reports.tri.${r.danger_now}`)],
            [t('reports.form.recent24h.label'), t(`reports.tri.${r.recent_24h}`)],
            [t('reports.form.children.label'), t(`reports.tri.${r.children}`)],
            [t('reports.form.peopleCount.label'), t(`reports.people.${r.people_count}`)],
            [t('reports.form.exploitation.label'), codes(t, r.exploitation_codes, 'exploitation')],
            [t('reports.form.control.label'), codes(t, r.control_codes, 'control')],
            [t('reports.form.recruitment.label'), codes(t, r.recruitment_codes, 'recruitment')],
            [t('reports.form.country.label'), r.country ? countryName(r.country, t.locale) : t('reports.form.country.unknown')],
            [t('reports.form.place.label'), view.content.place ?? '—'],
            [t('reports.form.preciseLocation.label'), view.content.preciseLocation ?? '—'],
            [t('reports.form.workplace.label'), view.content.workplace ?? '—'],
            [t('reports.form.whenText.label'), view.content.whenText ?? '—'],
            [t('reports.triage.language'), r.language ?? t('reports.triage.languageUnknown')],
            [
              t('reports.form.description.label'),
              <p class="free-text" dir="auto">
                {view.content.description}
              </p>,
            ],
            [t('reports.form.names.label'), view.content.names.join(', ') || '—'],
            [t('reports.form.phones.label'), view.content.phones.join(', ') || '—'],
            [t('reports.triage.consents'), ['contact', 'assistance', 'police'].map((k) => `${t(`reports.consent.${k}`)}: ${t(`reports.tri.${consents[k] ?? 'unknown'}`)}`).join(' · ')],
            [t('reports.form.contactHow.label'), view.content.contactHow ?? '—'],
            [t('reports.form.contactWhen.label'), view.content.contactWhen ?? '—'],
          ]}
        />
        {view.files.length ? (
          <>
            <h3>{t('reports.triage.files')}</h3>
            <ul>
              {view.files.map((f, i) => (
                <li>
                  <a href={`/staff/reports/${r.id}/files/${f.id}`}>{t('reports.triage.fileLink', { n: i + 1, type: f.mime })}</a>
                  {f.stripped ? <span class="hint"> {t('reports.triage.metadataRemoved')}</span> : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      <section aria-labelledby="h-messages">
        <h2 id="h-messages">{t('reports.triage.messages')}</h2>
        {view.messages.length === 0 ? <p>{t('reports.followUp.noMessages')}</p> : null}
        <ol class="thread">
          {view.messages.map((m) => (
            <li class={`thread-item thread-${m.author}`}>
              <p class="thread-meta">
                {m.author === 'staff' ? t('reports.triage.fromStaff') : t('reports.triage.fromReporter')} · {t.date(m.createdAt, undefined, true)}
              </p>
              <p class="thread-body" dir="auto">
                {m.body || t('reports.followUp.filesOnly')}
              </p>
            </li>
          ))}
        </ol>
        {r.state !== 'closed' ? (
          <Form t={t} action={`/staff/reports/${r.id}/messages`} csrf={csrf} errors={err('message')} id="message-form" labels={{ body: t('reports.triage.messageLabel') }}>
            <TextArea
              t={t}
              name="body"
              label={t('reports.triage.messageLabel')}
              hint={view.reachesReporter ? t('channels.triage.sentBy', { channel: t(`channels.channel.${r.channel}`) }) : t('reports.triage.messageHint')}
              rows={3}
              value={failed?.raw?.body as string | undefined}
              error={err('message')?.body}
            />
            <Submit label={t('reports.triage.sendMessage')} />
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="h-related">
        <h2 id="h-related">{t('reports.triage.related')}</h2>
        <p class="hint">{t('reports.triage.relatedHint')}</p>
        {view.links.length ? (
          <>
            <h3>{t('reports.triage.linked')}</h3>
            <ul>
              {view.links.map((l) => (
                <li>
                  <a href={`/staff/reports/${l.id}`}>{l.reference}</a> · {t(`reports.state.${l.state}`)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {view.candidates.length === 0 ? (
          <p>{view.links.length ? t('reports.triage.allLinked') : t('reports.triage.noCandidates')}</p>
        ) : (
          <Table
            caption={t('reports.triage.candidates')}
            head={[t('reports.triage.reference'), t('reports.triage.matchedOn'), t('reports.triage.state'), t('reports.triage.action')]}
            rows={view.candidates.map((c) => [
              <a href={`/staff/reports/${c.id}`}>{c.reference}</a>,
              c.kinds.map((k) => t(`reports.triage.kind.${k}`)).join(', '),
              t(`reports.state.${c.state}`),
              <form method="post" action={`/staff/reports/${r.id}/links`} class="inline-form">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="relatedId" value={c.id} />
                <button type="submit" class="button button-secondary button-small">
                  {t('reports.triage.link', { reference: c.reference })}
                </button>
              </form>,
            ])}
          />
        )}
      </section>

      {open ? (
        <section aria-labelledby="h-decide" class="triage-decide">
          <h2 id="h-decide">{t('reports.triage.decide')}</h2>
          <div class="card-grid">
            <OpenCaseCard t={t} m={story} csrf={csrf} errors={err('open')} raw={failed?.form === 'open' ? failed.raw : undefined} />
            <AttachCaseCard t={t} m={story} csrf={csrf} errors={err('attach')} />
            <div class="card">
              <h3>{t('reports.triage.closeTitle')}</h3>
              <Form t={t} action={`/staff/reports/${r.id}/state`} csrf={csrf} errors={err('state')} id="state-form" labels={{ closureReason: t('reports.triage.closureReason') }}>
                <input type="hidden" name="version" value={String(r.version)} />
                <input type="hidden" name="state" value="closed" />
                <Select t={t} name="closureReason" label={t('reports.triage.closureReason')} options={CLOSURE_REASONS.map((c) => ({ value: c, label: t(`reports.closure.${c}`) }))} emptyLabel={t('forms.choose')} error={err('state')?.closureReason} />
                <Submit label={t('reports.triage.close')} secondary />
              </Form>
            </div>
          </div>
        </section>
      ) : r.state === 'closed' ? (
        <form method="post" action={`/staff/reports/${r.id}/state`} class="inline-form">
          <input type="hidden" name="_csrf" value={csrf} />
          <input type="hidden" name="version" value={String(r.version)} />
          <input type="hidden" name="state" value="in_triage" />
          <button type="submit" class="button button-secondary">
            {t('reports.triage.reopen')}
          </button>
        </form>
      ) : (
        <ReportCases t={t} m={story} />
      )}
    </Layout>,
    failed ? 400 : 200,
  );
}

function queueRows(t: Translator, rows: ReportRow[], escalated: ReadonlyMap<string, string>) {
  return rows.map((r) => [
    <>
      <a href={`/staff/reports/${r.id}`} class="reference" dir="ltr">
        {r.reference}
      </a>
      {r.office_id === null ? <span class="badge"> {t('reportInbox.badge')}</span> : null}
    </>,
    <>
      <Level t={t} level={service.effectiveLevel(r)} />
      {r.priority_decision === 'overridden' ? <span class="hint"> {t('reports.priority.overriddenShort')}</span> : null}
    </>,
    <Reasons t={t} reasons={JSON.parse(r.priority_reasons) as PriorityReason[]} />,
    <>
      {t(`reports.state.${r.state}`)}
      {r.unread ? <span class="badge"> {t('reports.triage.newInfo')}</span> : null}
      {escalated.has(r.id) ? <span class="badge badge-urgent escalated"> {t('notifications.escalated')}</span> : null}
    </>,
    t.date(r.received_at, undefined, true),
    t(`channels.channel.${r.channel}`),
    r.country ? countryName(r.country, t.locale) : '—',
    r.language ? languageName(r.language, t.locale) : '—',
  ]);
}

export async function triagePages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;

  app.get('/staff/reports', { config: TRIAGE }, async (request, reply) => {
    const t = request.t;
    const auth = requireAuth(request);
    const query = request.query as Record<string, unknown>;
    const closed = query.view === 'closed';
    const channel = isReportChannel(query.channel) ? query.channel : undefined;
    const wait = !closed && isTriageWait(query.wait) ? query.wait : undefined; // a "my work" card's queue
    const rows = await service.queue(ctx, { user: auth.user, open: !closed, channel, wait });
    return reply.page(
      <Layout {...(await staffLayout(request, t('reports.triage.title')))}>
        <h1>{t('reports.triage.title')}</h1>
        <p class="hint">{wait ? <strong>{t(`triageWork.cards.${wait}`)} · <a href="/staff/reports">{t('triageWork.all')}</a></strong> : t('reports.triage.lead')}</p>
        <p>
          {closed ? <a href="/staff/reports">{t('reports.triage.showOpen')}</a> : <a href="/staff/reports?view=closed">{t('reports.triage.showClosed')}</a>}
          {' · '}
          <a href="/staff/reports/comments">{t('reports.flagged.title')}</a>
          {' · '}
          <a href="/staff/reports/new">{t('channels.staff.newLink')}</a>
        </p>
        <form method="get" action="/staff/reports" class="inline-form filter-form">
          {closed ? <input type="hidden" name="view" value="closed" /> : wait ? <input type="hidden" name="wait" value={wait} /> : null}
          <Select t={t} name="channel" label={t('channels.channel.filter')} options={REPORT_CHANNELS.map((c) => ({ value: c, label: t(`channels.channel.${c}`) }))} value={channel} emptyLabel={t('channels.channel.all')} />
          <Submit label={t('channels.channel.apply')} secondary />
        </form>
        <Table
          caption={closed ? t('reports.triage.closedCaption') : t('reports.triage.openCaption')}
          head={[t('reports.triage.reference'), t('reports.priority.title'), t('reports.priority.reasonsTitle'), t('reports.triage.state'), t('reports.triage.received'), t('channels.channel.label'), t('reports.form.country.label'), t('reports.triage.language')]}
          rows={queueRows(t, rows, await escalatedReports(ctx, rows.map((r) => r.id)))}
          empty={t('reports.triage.empty')}
        />
      </Layout>,
    );
  });

  app.get('/staff/reports/:id', { config: TRIAGE }, async (request, reply) => detailPage(request, reply, idParam(request)));

  app.get('/staff/reports/:id/files/:fileId', { config: TRIAGE }, async (request, reply) => {
    const auth = requireAuth(request);
    const { fileId } = request.params as { fileId: string };
    if (!isId(fileId)) throw new NotFoundError();
    const file = await service.staffFile(ctx, { user: auth.user, id: idParam(request), fileId });
    return reply
      .header('Content-Disposition', 'attachment')
      .header('Cache-Control', 'no-store')
      .header('X-Content-Type-Options', 'nosniff')
      .type(file.mime)
      .send(file.bytes);
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply, form: FormErrors['form'], run: () => Promise<void>, flashKey: string) => {
    const id = idParam(request);
    try {
      await run();
    } catch (e) {
      if (e instanceof ValidationError) return detailPage(request, reply, id, { form, errors: e.fields, raw: request.body as Record<string, unknown> });
      throw e;
    }
    await setFlash(request, { kind: 'success', key: flashKey });
    return reply.redirect(`/staff/reports/${id}`, 303);
  };

  app.post('/staff/reports/:id/priority', { config: TRIAGE }, async (request, reply) =>
    handle(request, reply, 'priority', async () => {
      const parsed = parseForm(PriorityBody, request.body);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await service.decidePriority(ctx, { user: requireAuth(request).user, id: idParam(request), input: parsed.value });
    }, 'reports.flash.priority'),
  );

  app.post('/staff/reports/:id/state', { config: TRIAGE }, async (request, reply) =>
    handle(request, reply, 'state', async () => {
      const parsed = parseForm(StateBody, request.body);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await service.changeState(ctx, { user: requireAuth(request).user, id: idParam(request), input: parsed.value });
    }, 'reports.flash.state'),
  );

  app.post('/staff/reports/:id/messages', { config: TRIAGE }, async (request, reply) =>
    handle(request, reply, 'message', async () => {
      const parsed = parseForm(MessageBody, request.body);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await service.sendMessage(ctx, { user: requireAuth(request).user, id: idParam(request), body: parsed.value.body });
    }, 'reports.flash.message'),
  );

  app.post('/staff/reports/:id/links', { config: TRIAGE }, async (request, reply) =>
    handle(request, reply, 'link', async () => {
      const parsed = parseForm(LinkBody, request.body);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      await service.linkReports(ctx, { user: requireAuth(request).user, id: idParam(request), relatedId: parsed.value.relatedId });
    }, 'reports.flash.linked'),
  );

  const caseStep = async (request: FastifyRequest, reply: FastifyReply, form: 'open' | 'attach', run: () => Promise<{ caseNumber: string }>) => {
    const id = idParam(request);
    try {
      const done = await run();
      await setFlash(request, { kind: 'success', key: form === 'open' ? 'reports.flash.caseOpened' : 'caseStory.flash.attached', values: { caseNumber: done.caseNumber } });
    } catch (e) {
      if (e instanceof ValidationError) return detailPage(request, reply, id, { form, errors: e.fields, raw: request.body as Record<string, unknown> });
      throw e;
    }
    return reply.redirect(`/staff/reports/${id}`, 303);
  };

  app.post('/staff/reports/:id/case', { config: TRIAGE }, async (request, reply) =>
    caseStep(request, reply, 'open', async () => {
      const parsed = parseForm(OpenCaseBody, request.body);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      return service.openCaseFromReport(ctx, { user: requireAuth(request).user, id: idParam(request), choice: parsed.value });
    }),
  );

  app.post('/staff/reports/:id/attach', { config: TRIAGE }, async (request, reply) =>
    caseStep(request, reply, 'attach', async () => {
      const parsed = parseForm(AttachCaseBody, request.body);
      if (!parsed.ok) throw new ValidationError(parsed.errors);
      return service.attachToCase(ctx, { user: requireAuth(request).user, id: idParam(request), input: parsed.value });
    }),
  );
}
