import type { Translator } from '../platform/i18n/i18n.js';
import type { CaseStory } from './case-reports.service.js';
import type { PersonIdentity } from './person.js';

/** Full years between an ISO date of birth and today (ISO dates); undefined when the date cannot be read. */
export function yearsSince(birthDate: string, today: string): number | undefined {
  const b = /^(\d{4})-(\d{2})-(\d{2})/.exec(birthDate);
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!b || !d) return undefined;
  const [by, bm, bd] = b.slice(1).map(Number) as [number, number, number];
  const [ty, tm, td] = d.slice(1).map(Number) as [number, number, number];
  const years = ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
  return years >= 0 && years < 130 ? years : undefined;
}

/**
 * The age as a number and how it was established: "34 years · from the date of birth recorded", never "Unknown"
 * beside a date of birth (the case's age status says how the age was established, not the age).
 */
export function ageText(t: Translator, { identity, ageStatus, today }: { identity: PersonIdentity; ageStatus: string; today: string }): string {
  const fromBirth = identity.birthDate ? yearsSince(identity.birthDate, today) : undefined;
  const age =
    fromBirth !== undefined
      ? t('caseStory.age.years', { age: fromBirth })
      : identity.estimatedAge !== undefined
        ? t('caseStory.age.about', { age: identity.estimatedAge })
        : t('caseStory.age.none');
  const how = ageStatus === 'unknown' ? (fromBirth !== undefined ? 'fromBirthDate' : identity.estimatedAge !== undefined ? 'estimated' : 'unknown') : ageStatus;
  return `${age} · ${t(`caseStory.age.how.${how}`)}`;
}

export function AgeLine(props: { t: Translator; identity: PersonIdentity; ageStatus: string; today: string }) {
  return <>{ageText(props.t, { identity: props.identity, ageStatus: props.ageStatus, today: props.today })}</>;
}

/** The reports the case came from (links for triage staff) and the cases opened with it from one report. */
export function StoryList(props: { t: Translator; story: CaseStory }) {
  const { t, story } = props;
  if (story.reports.length === 0 && story.group.length === 0) return null;
  return (
    <section aria-labelledby="story-title">
      <h2 id="story-title">{t('caseStory.case.title')}</h2>
      {story.reports.length ? (
        <ul>
          {story.reports.map((r) => (
            <li>
              {t(`caseStory.case.${r.kind === 'attached' ? 'attached' : 'opened'}`)}{' '}
              {r.href ? (
                <a href={r.href} dir="ltr">
                  {r.reference}
                </a>
              ) : (
                <span dir="ltr">{r.reference}</span>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {story.group.length ? (
        <p>
          {t('caseStory.case.group')}{' '}
          {story.group.map((g, i) => (
            <>
              {i > 0 ? ', ' : ''}
              {g.href ? (
                <a href={g.href} dir="ltr">
                  {g.caseNumber}
                </a>
              ) : (
                <span dir="ltr">{g.caseNumber}</span>
              )}
            </>
          ))}
        </p>
      ) : null}
    </section>
  );
}
