import { countryName } from '../platform/countries.js';
import type { FormProblem } from '../platform/http/form-action.js';
import type { Translator } from '../platform/i18n/i18n.js';

/** Fields whose values are codes, and the catalog prefix that names them. */
const CODED: Record<string, string> = {
  gender: 'cases.values.gender',
  recruitmentMethod: 'cases.values.recruitment',
  relationship: 'cases.values.relationship',
  methodsOfControl: 'cases.values.control',
  exploitationTypes: 'cases.values.exploitation',
  referralReason: 'cases.values.referralReason',
};

function asList(v: unknown): string[] {
  if (v === undefined || v === null || v === '') return [];
  if (Array.isArray(v)) return v.map(String).filter((x) => x !== '');
  return [String(v)];
}

function shown(t: Translator, field: string, values: string[]): string {
  if (values.length === 0) return t('cases.stale.empty');
  const prefix = CODED[field];
  if (prefix) return values.map((v) => t(`${prefix}.${v}`)).join(', ');
  if (field === 'citizenship') return values.map((v) => countryName(v, t.locale)).join(', ');
  return values.join(', ');
}

/** The fields where what the person typed differs from what is saved now (the newer version), in label order. */
export function changedMeanwhile(labels: Record<string, string>, typed: Record<string, unknown>, saved: Record<string, unknown>): string[] {
  const same = (a: string[], b: string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);
  return Object.keys(labels)
    .filter((k) => k in typed || k in saved)
    .filter(
      (k) =>
        !same(
          asList(typed[k]).map((x) => x.trim()),
          asList(saved[k]).map((x) => x.trim()),
        ),
    );
}

/**
 * After a stale save: what someone else saved meanwhile, beside what this person typed (still in the form below),
 * so that nothing typed is lost and the person chooses, field by field, before saving again over the newer version.
 */
export function ChangedMeanwhile(props: { t: Translator; problem: FormProblem | undefined; labels: Record<string, string>; saved: Record<string, unknown> }) {
  const { t, problem, labels, saved } = props;
  if (problem?.refusal?.code !== 'STALE_VERSION') return null;
  const fields = changedMeanwhile(labels, problem.raw, saved);
  return (
    <section class="notice" aria-labelledby="stale-title" id="changed-meanwhile">
      <h2 id="stale-title">{t('cases.stale.title')}</h2>
      <p>{t('cases.stale.explain')}</p>
      {fields.length ? (
        <div class="table-wrap">
          <table>
            <caption>{t('cases.stale.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.stale.field')}</th>
                <th scope="col">{t('cases.stale.saved')}</th>
                <th scope="col">{t('cases.stale.typed')}</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((k) => (
                <tr>
                  <th scope="row">{labels[k]}</th>
                  <td dir="auto">{shown(t, k, asList(saved[k]))}</td>
                  <td dir="auto">{shown(t, k, asList(problem.raw[k]))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('cases.stale.noDifference')}</p>
      )}
    </section>
  );
}
