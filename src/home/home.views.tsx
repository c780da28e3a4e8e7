import type { ComponentChildren } from 'preact';
import type { CaseWork } from '../cases/index.js';
import type { Translator } from '../platform/i18n/i18n.js';
import type { NavEntry } from '../platform/features/feature.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import type { WaitingReferral } from '../referrals/waiting.service.js';
import { InboxGuide, type TriageWork } from '../reports/index.js';

export interface StaffHomeModel {
  displayName: string;
  entries: NavEntry[];
  /** Administrators only: what the first-run guide needs. */
  inbox: { offices: number; waiting: number } | undefined;
  /** Administrators only: SMTP_URL is unset, so notifications are not mailed. */
  mailOff?: boolean;
  /** Those who work cases: their work (see cases/mywork.service.ts) and the referrals waiting for an answer. */
  work: (CaseWork & { referrals: { count: number; overdue: number; items: WaitingReferral[] } }) | undefined;
  timeZone: string;
  /** Those who triage reports: what waits, by kind. */
  triage?: TriageWork | undefined;
}

/** One card: a heading with its count, the first few items, and a link to the whole list. */
function Card(props: { t: Translator; id: string; title: string; count: number; alert?: boolean; more?: string; children?: ComponentChildren }) {
  const { t } = props;
  return (
    <section class={`work-card${props.alert && props.count > 0 ? ' work-card-alert' : ''}`} aria-labelledby={`card-${props.id}`} id={props.id}>
      <h2 id={`card-${props.id}`}>
        {props.title} <span class="work-count">{t.number(props.count)}</span>
      </h2>
      {props.count === 0 ? <p class="empty">{t('worklist.nothing')}</p> : <ul class="plain-list work-items">{props.children}</ul>}
      {props.more && props.count > 0 ? (
        <p class="work-more">
          <a href={props.more}>{t('worklist.seeAll')}</a>
        </p>
      ) : null}
    </section>
  );
}

const CaseLink = (props: { id: string; number: string; tab?: string }) => (
  <a href={`/staff/cases/${props.id}${props.tab ? `/${props.tab}` : ''}`} dir="ltr">
    {props.number}
  </a>
);

function DueList(props: { t: Translator; items: CaseWork['overdue']['items'] }) {
  const { t } = props;
  return (
    <>
      {props.items.map((d) => (
        <li>
          <CaseLink id={d.caseId} number={d.caseNumber} tab={d.source === 'action' ? 'plan' : undefined} />{' '}
          <span class={d.overdue ? 'overdue' : undefined}>{t.date(d.dueOn)}</span>
          {' · '}
          {d.source === 'action' ? t(`plans.types.${d.kind}`) : t(`cases.values.reminder.${d.kind}`)}
          {d.text ? (
            <span class="work-text">
              {' — '}
              <bdi>{d.text}</bdi>
            </span>
          ) : null}
          {d.ownerName ? (
            <span class="work-owner">
              {' · '}
              <bdi>{d.ownerName}</bdi>
            </span>
          ) : null}
        </li>
      ))}
    </>
  );
}

function CaseItems(props: { items: Array<{ caseId: string; caseNumber: string }>; tab?: string }) {
  return (
    <>
      {props.items.map((c) => (
        <li>
          <CaseLink id={c.caseId} number={c.caseNumber} tab={props.tab} />
        </li>
      ))}
    </>
  );
}

/** "My work": the cards of what to do, with counts, then a card for each place this user may go. */
export function StaffHomePage(props: { layout: Omit<LayoutProps, 'children'>; model: StaffHomeModel }) {
  const t = props.layout.t;
  const { model } = props;
  const w = model.work;
  return (
    <Layout {...props.layout}>
      <h1>{t('staffHome.heading', { name: model.displayName })}</h1>
      {model.inbox ? <InboxGuide t={t} status={model.inbox} /> : null}
      {model.mailOff ? <p class="hint notice">{t('notifications.mailOffAdmin')}</p> : null}
      {model.triage ? (
        <section aria-labelledby="triage-work-title">
          <h2 id="triage-work-title">{t('triageWork.title')}</h2>
          <div class="work-grid">
            {model.triage.cards.map((c) => (
              <section
                class={`work-card${c.wait === 'late' && c.count > 0 ? ' work-card-alert' : ''}`}
                aria-labelledby={`card-triage-${c.wait}`}
                id={`triage-${c.wait}`}
              >
                <h3 id={`card-triage-${c.wait}`}>
                  <a href={c.href}>{t(`triageWork.cards.${c.wait}`)}</a> <span class="work-count">{t.number(c.count)}</span>
                </h3>
                <p class={c.count === 0 ? 'empty' : 'hint'}>{t(`triageWork.hints.${c.wait}`, { count: c.count })}</p>
              </section>
            ))}
          </div>
        </section>
      ) : null}
      {w ? (
        <>
          {w.supervisor && w.supervisor.riskToLife.count > 0 ? (
            <div class="flash flash-error" role="alert">
              <p>{t('worklist.riskToLifeAlert', { count: w.supervisor.riskToLife.count })}</p>
              <ul class="plain-list">
                {w.supervisor.riskToLife.items.map((c) => (
                  <li>
                    <CaseLink id={c.caseId} number={c.caseNumber} tab="assessments" /> · {t.date(c.assessedOn)}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div class="work-grid">
            <Card t={t} id="overdue" title={t('worklist.overdue')} count={w.overdue.count} alert more="/staff/cases?due=overdue&sort=due_asc">
              <DueList t={t} items={w.overdue.items} />
            </Card>
            <Card t={t} id="upcoming" title={t('worklist.upcoming')} count={w.upcoming.count} more="/staff/cases?due=week&sort=due_asc">
              <DueList t={t} items={w.upcoming.items} />
            </Card>
            <Card t={t} id="referrals" title={t('worklist.referrals')} count={w.referrals.count} alert={w.referrals.overdue > 0}>
              {w.referrals.overdue > 0 ? <li class="work-note">{t('referralThread.overdueCount', { count: w.referrals.overdue })}</li> : null}
              {w.referrals.items.map((r) => (
                <li>
                  <CaseLink id={r.caseId} number={r.caseNumber} tab={`referrals/${r.id}`} /> · {r.organisationName} · {t(`plans.types.${r.service}`)} ·{' '}
                  {t.date(r.referralDate)}
                  {r.respondBy ? (
                    <>
                      {' · '}
                      <span class={r.overdue ? 'badge badge-high' : undefined}>
                        {t(r.overdue ? 'referralThread.overdueSince' : 'referralThread.answerBy', { date: t.date(r.respondBy) })}
                      </span>
                    </>
                  ) : null}
                </li>
              ))}
            </Card>
            <Card t={t} id="decisions" title={t('worklist.decisions')} count={w.decisionsPending.count}>
              <CaseItems items={w.decisionsPending.items} />
            </Card>
            <Card t={t} id="assigned" title={t('worklist.assigned')} count={w.newAssignments.count} more="/staff/cases?owner=me">
              <CaseItems items={w.newAssignments.items} />
            </Card>
            {w.supervisor ? (
              <>
                <Card t={t} id="unassigned" title={t('worklist.unassigned')} count={w.supervisor.unassigned.count} more="/staff/cases?owner=unassigned">
                  <CaseItems items={w.supervisor.unassigned.items} />
                </Card>
                <Card t={t} id="approve" title={t('worklist.toApprove')} count={w.supervisor.toApprove.count}>
                  <CaseItems items={w.supervisor.toApprove.items} tab="child" />
                </Card>
                <Card t={t} id="highrisk" title={t('worklist.highRiskNoPlan')} count={w.supervisor.highRiskNoPlan.count} alert>
                  <CaseItems items={w.supervisor.highRiskNoPlan.items} tab="plan" />
                </Card>
              </>
            ) : null}
          </div>
        </>
      ) : null}
      <h2>{t('worklist.places')}</h2>
      <ul class="card-grid plain-list">
        {model.entries.map((e) => (
          <li class="card">
            <a href={e.href}>{t(e.labelKey)}</a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
