import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/http/errors.js';
import { parseForm } from '../platform/http/forms.js';
import { requireAuth, setFlash } from '../platform/http/plumbing.js';
import { isId } from '../platform/ids.js';
import { ActionButton, Choices, type FieldErrors, Form, Select, Submit, SummaryList, Table, TextArea, TextField } from '../platform/views/components.js';
import { loadCaseFor } from './case-access.js';
import { CasePage } from './case-layout.js';
import { CASE_ACCESS, csrfOf, options, type Refusal, RefusalBox, runPost } from './case-ui.js';
import {
  AGE_STATUSES,
  appointGuardian,
  BID_DECISIONS,
  BID_QUESTIONS,
  childGates,
  childRecords,
  endGuardian,
  FAMILY_OUTCOMES,
  GUARDIAN_KINDS,
  recordBestInterestsAssessment,
  recordFamilyAssessment,
  reviewDetermination,
  setAgeStatus,
  submitDetermination,
} from './children.js';
import { can } from './cases.policy.js';
import { readPerson } from './case-record.js';
import { AgeBody, BiaBody, BidBody, FamilyBody, GuardianBody, ReviewBody, VersionBody } from './cases.schema.js';
import type { CaseRow } from './cases.table.js';

type Section = 'age' | 'guardian' | 'bia' | 'bid' | 'family';

export async function childPages(app: FastifyInstance): Promise<void> {
  const ctx = app.ctx;
  const page = async (request: FastifyRequest, record: CaseRow, failed?: { section: Section; raw: Record<string, unknown>; errors?: FieldErrors | undefined }, refusal?: Refusal) => {
    const t = request.t;
    const auth = requireAuth(request);
    const csrf = csrfOf(request);
    const recs = await childRecords(ctx, record.id);
    const gates = await childGates(ctx.db, record.id);
    const person = await readPerson(ctx, record);
    const closed = record.cas_status === 'Closed' || record.cas_status === 'ClosedReferred';
    const raw = (s: Section) => (failed?.section === s ? failed.raw : {});
    const err = (s: Section) => (failed?.section === s ? failed.errors : undefined);
    const today = new Date().toISOString().slice(0, 10);
    const v = (s: Section, k: string, d = '') => String(raw(s)[k] ?? d);
    const yn3 = [
      { value: 'yes', label: t('forms.yes') },
      { value: 'no', label: t('forms.no') },
      { value: 'unknown', label: t('forms.unknown') },
    ];
    return CasePage({
      request,
      record,
      tab: 'child',
      title: t('cases.children.title'),
      children: (
        <>
          <RefusalBox refusal={refusal} />
          <ul class="gate-list">
            <li class={gates.hasGuardian ? 'gate-ok' : 'gate-missing'}>{gates.hasGuardian ? t('cases.children.gateGuardianOk') : t('cases.children.gate.guardian')}</li>
            <li class={gates.bidApproved ? 'gate-ok' : 'gate-missing'}>{gates.bidApproved ? t('cases.children.gateBidOk') : t('cases.children.gate.bid')}</li>
            <li class={gates.familyAssessed ? 'gate-ok' : 'gate-missing'}>{gates.familyAssessed ? t('cases.children.gateFamilyOk') : t('cases.children.gate.family')}</li>
          </ul>

          <section aria-labelledby="age-title">
            <h2 id="age-title">{t('cases.children.age')}</h2>
            <SummaryList items={[[t('cases.fields.ageStatus'), t(`cases.values.ageStatus.${record.age_status}`)], [t('cases.children.treatedAsChild'), record.is_child ? t('forms.yes') : t('forms.no')]]} />
            {closed ? null : (
              <Form t={t} action={`/staff/cases/${record.id}/child/age`} csrf={csrf} errors={err('age')} id="age-form" labels={{ ageStatus: t('cases.fields.ageStatus'), birthDate: t('cases.person.birthDate'), estimatedAge: t('cases.children.minimumAge') }}>
                <input type="hidden" name="version" value={String(record.version)} />
                <Select t={t} name="ageStatus" label={t('cases.fields.ageStatus')} options={options(t, 'cases.values.ageStatus', AGE_STATUSES)} value={v('age', 'ageStatus', record.age_status)} required error={err('age')?.ageStatus} />
                <TextField t={t} name="birthDate" type="date" label={t('cases.person.birthDate')} value={v('age', 'birthDate', person.identity.birthDate ?? '')} width="medium" error={err('age')?.birthDate} />
                <TextField t={t} name="estimatedAge" type="number" inputMode="numeric" label={t('cases.children.minimumAge')} hint={t('cases.children.minimumAgeHint')} value={v('age', 'estimatedAge', person.identity.estimatedAge === undefined ? '' : String(person.identity.estimatedAge))} width="short" error={err('age')?.estimatedAge} />
                <Choices t={t} name="doubt" multiple label={t('cases.children.doubtLegend')} options={[{ value: 'yes', label: t('cases.children.doubt') }]} value={v('age', 'doubt')} />
                <Submit label={t('forms.save')} secondary />
              </Form>
            )}
          </section>

          <section aria-labelledby="guardian-title">
            <h2 id="guardian-title">{t('cases.children.guardians')}</h2>
            <Table
              caption={t('cases.children.guardians')}
              head={[t('cases.children.guardianName'), t('cases.children.guardianKind'), t('cases.children.appointedOn'), t('cases.children.endedOn'), t('cases.fields.actions')]}
              rows={recs.guardians.map((g) => [
                `${g.details.name}${g.details.organisation ? ` · ${g.details.organisation}` : ''}`,
                t(`cases.children.guardianKinds.${g.kind}`),
                t.date(g.appointed_on),
                g.ended_on ? t.date(g.ended_on) : '—',
                g.ended_on || closed ? '' : <ActionButton action={`/staff/cases/${record.id}/child/guardians/${g.id}/end`} csrf={csrf} label={t('cases.children.endGuardian')} fields={{ version: String(g.version) }} />,
              ])}
              empty={t('cases.children.noGuardian')}
            />
            {closed ? null : (
              <Form t={t} action={`/staff/cases/${record.id}/child/guardians`} csrf={csrf} errors={err('guardian')} id="guardian-form" hasRequired labels={{ kind: t('cases.children.guardianKind'), name: t('cases.children.guardianName'), organisation: t('cases.children.guardianOrganisation'), contact: t('cases.children.guardianContact'), appointedOn: t('cases.children.appointedOn') }}>
                <Select t={t} name="kind" label={t('cases.children.guardianKind')} options={options(t, 'cases.children.guardianKinds', GUARDIAN_KINDS)} value={v('guardian', 'kind')} emptyLabel={t('forms.choose')} required error={err('guardian')?.kind} />
                <TextField t={t} name="name" label={t('cases.children.guardianName')} value={v('guardian', 'name')} required error={err('guardian')?.name} />
                <TextField t={t} name="organisation" label={t('cases.children.guardianOrganisation')} value={v('guardian', 'organisation')} error={err('guardian')?.organisation} />
                <TextField t={t} name="contact" label={t('cases.children.guardianContact')} value={v('guardian', 'contact')} error={err('guardian')?.contact} />
                <TextField t={t} name="appointedOn" type="date" label={t('cases.children.appointedOn')} value={v('guardian', 'appointedOn', today)} required width="medium" error={err('guardian')?.appointedOn} />
                <Submit label={t('cases.children.appoint')} secondary />
              </Form>
            )}
          </section>

          <section aria-labelledby="bia-title">
            <h2 id="bia-title">{t('cases.children.bias')}</h2>
            <p class="hint">{t('cases.children.biaHint')}</p>
            <Table
              caption={t('cases.children.bias')}
              head={[t('cases.children.assessedOn'), t('cases.children.childHeard'), t('cases.children.summary')]}
              rows={recs.bias.map((b) => [t.date(b.assessed_on), b.child_heard ? t('forms.yes') : t('forms.no'), b.summary])}
              empty={t('cases.children.noBia')}
            />
            {closed ? null : (
              <Form t={t} action={`/staff/cases/${record.id}/child/bia`} csrf={csrf} errors={err('bia')} id="bia-form" hasRequired labels={{ biaOn: t('cases.children.assessedOn'), summary: t('cases.children.summary') }}>
                <TextField t={t} name="biaOn" type="date" label={t('cases.children.assessedOn')} value={v('bia', 'biaOn', today)} required width="medium" error={err('bia')?.biaOn} />
                <Choices t={t} name="childHeard" multiple label={t('cases.children.childHeardLegend')} options={[{ value: 'yes', label: t('cases.children.childHeard') }]} value={v('bia', 'childHeard')} />
                <TextArea t={t} name="summary" label={t('cases.children.summary')} value={v('bia', 'summary')} rows={4} required error={err('bia')?.summary} />
                <Submit label={t('cases.children.addBia')} secondary />
              </Form>
            )}
          </section>

          <section aria-labelledby="bid-title">
            <h2 id="bid-title">{t('cases.children.bids')}</h2>
            <p class="hint">{t('cases.children.bidHint')}</p>
            <Table
              caption={t('cases.children.bids')}
              head={[t('cases.children.decidedOn'), t('cases.children.question'), t('cases.children.decision'), t('cases.children.panel'), t('cases.children.rationale'), t('cases.children.bidStatus'), t('cases.fields.actions')]}
              rows={recs.bids.map((b) => [
                t.date(b.decided_on),
                t(`cases.children.questions.${b.question}`),
                t(`cases.children.decisions.${b.decision}`),
                b.panelList.join(', '),
                b.rationale,
                t(`cases.children.bidStatuses.${b.status}`),
                b.status === 'submitted' && can(auth.user, 'decide', record) && b.recorded_by !== auth.user.id && !closed ? (
                  <>
                    <ActionButton action={`/staff/cases/${record.id}/child/bids/${b.id}/review`} csrf={csrf} label={t('cases.children.approve')} fields={{ decision: 'approve', version: String(b.version) }} />
                    <ActionButton action={`/staff/cases/${record.id}/child/bids/${b.id}/review`} csrf={csrf} label={t('cases.children.reject')} fields={{ decision: 'reject', version: String(b.version) }} danger />
                  </>
                ) : (
                  ''
                ),
              ])}
              empty={t('cases.children.noBid')}
            />
            {closed ? null : (
              <Form t={t} action={`/staff/cases/${record.id}/child/bids`} csrf={csrf} errors={err('bid')} id="bid-form" hasRequired labels={{ question: t('cases.children.question'), decision: t('cases.children.decision'), panel: t('cases.children.panel'), rationale: t('cases.children.rationale'), decidedOn: t('cases.children.decidedOn') }}>
                <Select t={t} name="question" label={t('cases.children.question')} options={options(t, 'cases.children.questions', BID_QUESTIONS)} value={v('bid', 'question', 'durable_solution')} required error={err('bid')?.question} />
                <Select t={t} name="decision" label={t('cases.children.decision')} options={options(t, 'cases.children.decisions', BID_DECISIONS)} value={v('bid', 'decision')} emptyLabel={t('forms.choose')} required error={err('bid')?.decision} />
                <TextArea t={t} name="panel" label={t('cases.children.panel')} hint={t('cases.children.panelHint')} value={v('bid', 'panel')} rows={3} required error={err('bid')?.panel} />
                <TextArea t={t} name="rationale" label={t('cases.children.rationale')} value={v('bid', 'rationale')} rows={4} required error={err('bid')?.rationale} />
                <TextField t={t} name="decidedOn" type="date" label={t('cases.children.decidedOn')} value={v('bid', 'decidedOn', today)} required width="medium" error={err('bid')?.decidedOn} />
                <Submit label={t('cases.children.submitBid')} secondary />
              </Form>
            )}
          </section>

          <section aria-labelledby="family-title">
            <h2 id="family-title">{t('cases.children.families')}</h2>
            <Table
              caption={t('cases.children.families')}
              head={[t('cases.children.assessedOn'), t('cases.children.familyAgrees'), t('cases.children.familyAble'), t('cases.children.familyOutcome'), t('cases.children.notes')]}
              rows={recs.families.map((f) => [t.date(f.assessed_on), t(`forms.${f.family_agrees}`), t(`forms.${f.family_able}`), t(`cases.children.familyOutcomes.${f.outcome}`), f.notes])}
              empty={t('cases.children.noFamily')}
            />
            {closed ? null : (
              <Form t={t} action={`/staff/cases/${record.id}/child/family`} csrf={csrf} errors={err('family')} id="family-form" hasRequired labels={{ familyOn: t('cases.children.assessedOn'), familyAgrees: t('cases.children.familyAgrees'), familyAble: t('cases.children.familyAble'), outcome: t('cases.children.familyOutcome'), familyNotes: t('cases.children.notes') }}>
                <TextField t={t} name="familyOn" type="date" label={t('cases.children.assessedOn')} value={v('family', 'familyOn', today)} required width="medium" error={err('family')?.familyOn} />
                <Choices t={t} name="familyAgrees" inline label={t('cases.children.familyAgrees')} options={yn3} value={v('family', 'familyAgrees')} required error={err('family')?.familyAgrees} />
                <Choices t={t} name="familyAble" inline label={t('cases.children.familyAble')} options={yn3} value={v('family', 'familyAble')} required error={err('family')?.familyAble} />
                <Select t={t} name="outcome" label={t('cases.children.familyOutcome')} options={options(t, 'cases.children.familyOutcomes', FAMILY_OUTCOMES)} value={v('family', 'outcome')} emptyLabel={t('forms.choose')} required error={err('family')?.outcome} />
                <TextArea t={t} name="familyNotes" label={t('cases.children.notes')} value={v('family', 'familyNotes')} rows={3} error={err('family')?.familyNotes} />
                <Submit label={t('cases.children.addFamily')} secondary />
              </Form>
            )}
          </section>
        </>
      ),
    });
  };

  const back = (id: string) => `/staff/cases/${id}/child`;

  app.get('/staff/cases/:id/child', { config: CASE_ACCESS }, async (request, reply) => {
    const record = await loadCaseFor(request);
    return reply.page(await page(request, record));
  });

  app.post('/staff/cases/:id/child/age', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(AgeBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, { section: 'age', raw: form.raw, errors: form.errors }), 400);
    const v = form.value;
    const r = await runPost(request, reply, () => setAgeStatus(ctx, auth.user, record, { ageStatus: v.ageStatus, birthDate: v.birthDate, estimatedAge: v.estimatedAge, doubt: v.doubt === 'yes', version: v.version }), async (errors, refusal, status) => reply.page(await page(request, record, { section: 'age', raw: v, errors }, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(back(record.id), 303);
  });

  app.post('/staff/cases/:id/child/guardians', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(GuardianBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, { section: 'guardian', raw: form.raw, errors: form.errors }), 400);
    const v = form.value;
    await appointGuardian(ctx, auth.user, record, { kind: v.kind, appointedOn: v.appointedOn, details: { name: v.name, organisation: v.organisation, contact: v.contact } });
    await setFlash(request, 'success', 'cases.children.guardianAppointed');
    return reply.redirect(back(record.id), 303);
  });

  app.post('/staff/cases/:id/child/guardians/:gid/end', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const { gid } = request.params as { gid: string };
    if (!isId(gid)) throw new NotFoundError();
    const form = parseForm(VersionBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, undefined, { status: 400, message: request.t('errors.validation') }), 400);
    const r = await runPost(request, reply, () => endGuardian(ctx, auth.user, record, gid, form.value.version), async (_e, refusal, status) => reply.page(await page(request, record, undefined, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(back(record.id), 303);
  });

  app.post('/staff/cases/:id/child/bia', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(BiaBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, { section: 'bia', raw: form.raw, errors: form.errors }), 400);
    await recordBestInterestsAssessment(ctx, auth.user, record, { assessedOn: form.value.biaOn, childHeard: form.value.childHeard === 'yes', summary: form.value.summary });
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(back(record.id), 303);
  });

  app.post('/staff/cases/:id/child/bids', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(BidBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, { section: 'bid', raw: form.raw, errors: form.errors }), 400);
    const v = form.value;
    const panel = v.panel
      .split(/[\n,;]/)
      .map((x) => x.trim())
      .filter(Boolean)
      .slice(0, 20);
    const r = await runPost(request, reply, () => submitDetermination(ctx, auth.user, record, { question: v.question, decision: v.decision, panel, rationale: v.rationale, decidedOn: v.decidedOn }), async (errors, refusal, status) => reply.page(await page(request, record, { section: 'bid', raw: v, errors }, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', 'cases.children.bidSubmitted');
    return reply.redirect(back(record.id), 303);
  });

  app.post('/staff/cases/:id/child/bids/:bid/review', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'decide');
    const { bid } = request.params as { bid: string };
    if (!isId(bid)) throw new NotFoundError();
    const form = parseForm(ReviewBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, undefined, { status: 400, message: request.t('errors.validation') }), 400);
    const r = await runPost(request, reply, () => reviewDetermination(ctx, auth.user, record, bid, form.value.decision === 'approve', form.value.version), async (_e, refusal, status) => reply.page(await page(request, record, undefined, refusal), status));
    if (r) return r;
    await setFlash(request, 'success', form.value.decision === 'approve' ? 'cases.children.bidApproved' : 'cases.children.bidRejected');
    return reply.redirect(back(record.id), 303);
  });

  app.post('/staff/cases/:id/child/family', { config: CASE_ACCESS }, async (request, reply) => {
    const auth = requireAuth(request);
    const record = await loadCaseFor(request, 'edit');
    const form = parseForm(FamilyBody, request.body);
    if (!form.ok) return reply.page(await page(request, record, { section: 'family', raw: form.raw, errors: form.errors }), 400);
    await recordFamilyAssessment(ctx, auth.user, record, { assessedOn: form.value.familyOn, familyAgrees: form.value.familyAgrees, familyAble: form.value.familyAble, outcome: form.value.outcome, notes: form.value.familyNotes });
    await setFlash(request, 'success', 'forms.saved');
    return reply.redirect(back(record.id), 303);
  });
}
