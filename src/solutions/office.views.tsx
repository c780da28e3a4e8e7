import { ActionButton, Form, Select, Submit, Table } from '../platform/views/components.js';
import { Layout, type LayoutProps } from '../platform/views/layout.js';
import type { OfficeView } from './office.service.js';
import { planDueOn } from './solutions.model.js';
import { Alert, errs, type PageEnv } from './view-parts.js';

/** The office's own list: the surveys it configures, hand-overs waiting for it, late plans, cases shared with it. */
export function OfficePage(props: { layout: Omit<LayoutProps, 'children'>; env: PageEnv; view: OfficeView }) {
  const { env, view } = props;
  const t = env.t;
  return (
    <Layout {...props.layout}>
      <h1>{t('solutions.office.title')}</h1>
      {view.configOffices.length > 0 ? (
        <ul class="plain-list">
          {view.configOffices.map((o) => (
            <li>
              <a href={`/staff/solutions/survey-config?office=${o.id}`}>{t('solutions.office.configure', { office: o.name })}</a>
            </li>
          ))}
          {view.configOffices.map((o) => (
            <li>
              <a href={`/staff/solutions/risk-thresholds?office=${o.id}`}>{t('solutions.riskSettings.link', { office: o.name })}</a>
            </li>
          ))}
        </ul>
      ) : null}
      <section aria-labelledby="of-incoming">
        <h2 id="of-incoming">{t('solutions.office.incoming')}</h2>
        {view.incoming.length === 0 ? <p class="empty">{t('solutions.office.noIncoming')}</p> : null}
        {view.incoming.map((h) => {
          const form = `accept-${h.id}`;
          return (
            <div class="card handover-card">
              <p>
                <strong dir="ltr">{h.caseNumber}</strong> · {t('solutions.office.from', { office: h.fromOffice })} · {t.date(h.requestedAt, env.timeZone, true)}
                {h.isChild ? <span class="badge badge-high">{t('cases.childMarker')}</span> : null}
              </p>
              <Form t={t} action={`/staff/solutions/handovers/${h.id}/accept`} csrf={env.csrf} id={form} idPrefix={form} errors={errs(env, form)}>
                <Alert env={env} form={form} />
                <Select
                  t={t}
                  name="ownerId"
                  idPrefix={form}
                  required
                  label={t('solutions.office.owner')}
                  error={errs(env, form)?.ownerId}
                  options={h.workers.map((w) => ({ value: w.id, label: w.name }))}
                />
                <Submit label={t('solutions.office.accept')} />
              </Form>
              <ActionButton action={`/staff/solutions/handovers/${h.id}/decline`} csrf={env.csrf} label={t('solutions.office.decline')} />
            </div>
          );
        })}
      </section>
      <section aria-labelledby="of-late">
        <h2 id="of-late">{t('solutions.office.latePlans')}</h2>
        <Table
          caption={t('solutions.office.latePlansCaption')}
          head={[t('solutions.office.case'), t('solutions.return.arrivedOn'), t('solutions.office.planDue')]}
          empty={t('solutions.office.noLatePlans')}
          rows={view.late.map((c) => [
            <a href={`/staff/cases/${c.id}/reintegration`} dir="ltr">
              {c.caseNumber}
            </a>,
            t.date(c.arrivedOn),
            <span class="overdue">{t.date(planDueOn(c.arrivedOn ?? ''))}</span>,
          ])}
        />
      </section>
      <section aria-labelledby="of-shared">
        <h2 id="of-shared">{t('solutions.office.shared')}</h2>
        <Table
          caption={t('solutions.office.sharedCaption')}
          head={[t('solutions.office.case'), t('solutions.office.scope'), t('solutions.office.until')]}
          empty={t('solutions.office.noShared')}
          rows={view.shared.map((s) => [
            <a href={`/staff/cases/${s.caseId}/${s.scope === 'outcome' ? 'reintegration' : 'solution'}`} dir="ltr">
              {s.caseNumber}
            </a>,
            t(`solutions.shared.scopes.${s.scope}`),
            s.until ? t.date(s.until) : '—',
          ])}
        />
      </section>
    </Layout>
  );
}
