import type { ComponentChildren } from 'preact';
import { listSeparator, type Translator } from '../platform/i18n/i18n.js';
import { SummaryList, Table } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import { LEVEL_NAMES } from './assessments.schema.js';
import { yesNo } from './case-ui.js';
import type { CaseBundle } from './export.service.js';
import { personSummaryItems } from './person-fields.views.js';
import { reasonText } from './screening/screening.views.js';
import { ageText, StoryList } from './story.views.js';

/** A printable summary: one page per case, the browser's print stylesheet hides navigation and buttons. */
export function ExportPage({
  layout,
  b,
  printedAt,
  parts = [],
}: {
  layout: Omit<LayoutProps, 'children'>;
  b: CaseBundle;
  printedAt: string;
  parts?: ComponentChildren[];
}) {
  const t: Translator = layout.t;
  const record = b.record;
  const id = b.person.identity;
  const title = layout.title;
  return (
    <Layout {...layout}>
      <article class="case-summary">
        <h1>{title}</h1>
        <p class="hint">{t('cases.export.printed', { date: t.date(printedAt, undefined, true), office: b.office?.name ?? '' })}</p>
        <p class="case-actions">
          <a href={`/staff/cases/${record.id}/export.pdf`} download>
            {t('caseStory.summary.pdf')}
          </a>{' '}
          ·{' '}
          <a href={`/staff/cases/${record.id}/export.json`} download>
            {t('cases.export.json')}
          </a>{' '}
          · <a href={`/staff/cases/${record.id}`}>{t('cases.export.back')}</a>
        </p>
        <p class="case-actions hint">{t('cases.export.printHint')}</p>
        <section>
          <h2>{t('cases.overview.person')}</h2>
          <SummaryList
            items={[
              ...personSummaryItems(t, id, record),
              [t('cases.person.documentNumber'), <span dir="ltr">{id.documents?.map((d) => `${d.type} ${d.number}`).join(', ') || '—'}</span>],
              [t('cases.person.phone'), <span dir="ltr">{b.person.contact.phones?.join(', ') || '—'}</span>],
              [t('caseStory.age.label'), ageText(t, { identity: id, ageStatus: record.age_status, today: printedAt.slice(0, 10) })],
            ]}
          />
        </section>
        <section>
          <h2>{t('cases.overview.where')}</h2>
          <SummaryList
            items={[
              [t('cases.fields.status'), t(`cases.status.${record.cas_status}`)],
              [t('cases.fields.stage'), t(`cases.stage.${record.stage}`)],
              [t('cases.fields.owner'), b.owner ?? t('cases.list.unassigned')],
              [t('cases.fields.opened'), t.date(record.opened_at)],
              [
                t('cases.fields.trafficking'),
                record.vic_trafficking_status
                  ? `${t(`cases.values.trafficking.${record.vic_trafficking_status}`)} · ${t(`cases.values.decisionOrg.${record.vic_status_decision_org}`)}`
                  : t('cases.overview.notDecided'),
              ],
              ...(record.cas_reason_for_case_closure
                ? ([[t('cases.closure.reason'), t(`cases.values.closure.${record.cas_reason_for_case_closure}`)]] as Array<[string, string]>)
                : []),
            ]}
          />
        </section>
        <section>
          <h2>{t('cases.overview.context')}</h2>
          <SummaryList items={contextItems(t, b)} />
        </section>
        <StoryList t={t} story={b.story} />
        <section>
          <Table
            caption={t('cases.consent.recorded')}
            head={[t('cases.consent.purpose'), t('cases.consent.decision'), t('cases.consent.date'), t('cases.consent.withdrawn')]}
            rows={b.consents.map((c) => [
              `${t(`cases.consent.purposes.${c.purpose}`)}${c.org_name ? ` · ${c.org_name}` : ''}`,
              c.given ? t('cases.consent.given') : t('cases.consent.refused'),
              t.date(c.decided_at),
              c.withdrawn_at ? t.date(c.withdrawn_at) : '—',
            ])}
            empty={t('cases.consent.none')}
          />
        </section>
        {b.screens[0] ? (
          <section>
            <h2>{t('cases.screening.latest', { date: t.date(b.screens[0].created_at) })}</h2>
            <p class="outcome">{t(`cases.screening.outcome.${b.screens[0].outcome}`)}</p>
            <ul class="reasons">
              {b.screens[0].reasonList.map((r) => (
                <li>{reasonText(t, r)}</li>
              ))}
            </ul>
          </section>
        ) : null}
        {b.assess.map((a) => (
          <section>
            <h2>{t('cases.assessments.of', { date: t.date(a.assessed_on) })}</h2>
            <SummaryList
              items={[
                [t('cases.assessments.riskLevel'), t(`cases.risk.${a.risk_level}`)],
                [t('cases.assessments.needs'), a.needList.map((n) => t(`cases.assessments.needList.${n}`)).join(', ') || '—'],
                ...LEVEL_NAMES.map(
                  (l) =>
                    [
                      t(`cases.assessments.levels.${l}`),
                      t('cases.assessments.riskList', { items: a.factorObj[l]?.risk.map((f) => t(`cases.assessments.factors.${f}`)).join(', ') || '—' }),
                    ] as [string, string],
                ),
              ]}
            />
          </section>
        ))}
        {record.is_child ? (
          <section>
            <h2>{t('cases.children.title')}</h2>
            <SummaryList
              items={[
                [
                  t('cases.children.guardians'),
                  b.child.guardians.map((g) => `${g.details.name} (${t(`cases.children.guardianKinds.${g.kind}`)})`).join(', ') || '—',
                ],
                [
                  t('cases.children.bids'),
                  b.child.bids
                    .map((x) => `${t.date(x.decided_on)}: ${t(`cases.children.decisions.${x.decision}`)} · ${t(`cases.children.bidStatuses.${x.status}`)}`)
                    .join('; ') || '—',
                ],
                [
                  t('cases.children.families'),
                  b.child.families.map((f) => `${t.date(f.assessed_on)}: ${t(`cases.children.familyOutcomes.${f.outcome}`)}`).join('; ') || '—',
                ],
                [
                  t('cases.consent.childAssent'),
                  b.consents
                    .filter((c) => c.child_assent !== null)
                    .map((c) => `${t(`cases.consent.purposes.${c.purpose}`)}: ${yesNo(t, c.child_assent)}`)
                    .join(', ') || '—',
                ],
              ]}
            />
          </section>
        ) : null}
        {parts}
        <section class="summary-notes">
          <h2>{t('cases.notes.title')}</h2>
          {b.notes.length ? (
            <ul class="notes">
              {b.notes.map((n) => (
                <li>
                  <p class="hint">{t('cases.notes.by', { author: n.author ?? '—', date: t.date(n.createdAt, undefined, true) })}</p>
                  <p dir="auto">{n.body}</p>
                </li>
              ))}
            </ul>
          ) : (
            <p>{t('cases.notes.none')}</p>
          )}
        </section>
      </article>
    </Layout>
  );
}

/** The trafficking context, every field (HTCDS vic_), for the summary. */
function contextItems(t: Translator, b: CaseBundle): Array<[string, string]> {
  const c = b.person.context;
  const list = (prefix: string, v?: string[]) => v?.map((m) => t(`${prefix}.${m}`)).join(listSeparator(t.locale)) || '—';
  return [
    [t('cases.context.recruitmentMethod'), c.recruitmentMethod ? t(`cases.values.recruitment.${c.recruitmentMethod}`) : '—'],
    [t('cases.context.recruitmentPlace'), c.recruitmentPlace || '—'],
    [t('cases.context.recruitmentDate'), c.recruitmentDate ? t.date(c.recruitmentDate) : '—'],
    [t('cases.context.relationship'), c.relationship ? t(`cases.values.relationship.${c.relationship}`) : '—'],
    [t('cases.context.methodsOfControl'), list('cases.values.control', c.methodsOfControl)],
    [t('cases.context.exploitationTypes'), list('cases.values.exploitation', c.exploitationTypes)],
    [t('cases.context.industry'), c.industry || '—'],
    [t('cases.context.exploitationPlace'), c.exploitationPlace || '—'],
    [t('cases.context.perpetrators'), b.perps.map((p) => t(`cases.values.perpetrator.${p.per_role_in_process}`)).join(', ') || '—'],
  ];
}
