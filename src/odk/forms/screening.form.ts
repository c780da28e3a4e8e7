import { ACTS, type CONSENT_PURPOSES, DIMENSIONS, GENDERS, ILO, type ListId, MEANS, PURPOSES } from '../../cases/index.js';
import { COUNTRY_CODES, countryName } from '../../platform/countries.js';
import { type Choice, type Field, type FormDefinition, key } from '../xform.js';

export const SCREENING_FORM_ID = 'abri-screening';

/** The consents asked on the device, before anything else: screening first (the interview needs it). */
export const FIELD_CONSENTS = ['screening', 'assistance', 'sharing', 'contact'] as const satisfies ReadonlyArray<(typeof CONSENT_PURPOSES)[number]>;

const yesNo: Choice[] = [
  { value: 'yes', label: key('forms.yes') },
  { value: 'no', label: key('forms.no') },
];
const triState: Choice[] = [...yesNo, { value: 'unknown', label: key('reports.tri.unknown') }];
const LISTS: ListId[] = ['adultsLabour', 'adultsSexual', 'childrenLabour', 'childrenSexual'];

/** The instance field of one ILO list's dimension. */
export const indicatorField = (list: ListId, dimensionIndex: number) => `ind_${list}_${dimensionIndex}`;

function listRelevant(list: ListId): string {
  const child = list.startsWith('children') ? "/data/person/may_be_child != 'no'" : "/data/person/may_be_child = 'no'";
  const kind = list.endsWith('Sexual') ? "/data/screening/exploitation = 'sexual'" : "/data/screening/exploitation = 'labour'";
  return `${child} and ${kind}`;
}

/**
 * The screening interview: consent, the person, the Palermo elements and the ILO indicators of the list that fits
 * the person's age group and the form of exploitation — generated from the value lists case management screens
 * with (src/cases/screening) and the ILO data file (src/data/ilo-indicators.json), labels from the same catalogs.
 * In doubt about age, the child list applies (the presumption of minority), as on the case page.
 */
export function screeningForm(): FormDefinition {
  const indicatorFields: Field[] = LISTS.flatMap((list) =>
    DIMENSIONS.map((d, i) => ({
      kind: 'select' as const,
      name: indicatorField(list, i),
      label: key(`cases.screening.dimensions.${d}`),
      relevant: listRelevant(list),
      choices: ILO.lists[list].filter((x) => x.dimension === d).map((x) => ({ value: `${d}:${x.id}`, label: key(`cases.ilo.${x.id}`) })),
    })).filter((f) => f.choices.length > 0),
  );
  return {
    id: SCREENING_FORM_ID,
    title: key('odk.form.screeningTitle'),
    children: [
      {
        kind: 'group',
        name: 'consent',
        label: key('cases.consent.title'),
        children: FIELD_CONSENTS.map((p) => ({ kind: 'select1' as const, name: p, label: key(`cases.consent.purposes.${p}`), required: true, choices: yesNo })),
      },
      {
        kind: 'group',
        name: 'person',
        label: key('odk.form.personTitle'),
        children: [
          // A person who already has a case: the interview adds to it (a conflict if the case changed meanwhile).
          {
            kind: 'text',
            name: 'case_number',
            label: key('odk.form.caseNumber'),
            hint: key('odk.form.caseNumberHint'),
            maxLength: 40,
            pattern: '^[A-Z0-9]{1,10}-[0-9]{4}-[0-9]{5}$',
          },
          { kind: 'text', name: 'first_name', label: key('cases.person.firstName'), maxLength: 100 },
          { kind: 'text', name: 'last_name', label: key('cases.person.lastName'), maxLength: 100 },
          { kind: 'date', name: 'birth_date', label: key('cases.person.birthDate') },
          { kind: 'int', name: 'estimated_age', label: key('cases.person.estimatedAge'), min: 0, max: 120 },
          { kind: 'select1', name: 'may_be_child', label: key('odk.form.mayBeChild'), hint: key('odk.form.mayBeChildHint'), required: true, choices: triState },
          {
            kind: 'select1',
            name: 'gender',
            label: key('cases.person.gender'),
            choices: GENDERS.map((g) => ({ value: g, label: key(`cases.values.gender.${g}`) })),
          },
          {
            kind: 'select1',
            name: 'citizenship',
            label: key('cases.person.citizenship'),
            choices: COUNTRY_CODES.map((c) => ({ value: c, label: (t) => countryName(c, t.locale) })),
          },
          { kind: 'text', name: 'languages', label: key('cases.person.languages'), hint: key('cases.person.languagesHint'), maxLength: 200 },
          { kind: 'text', name: 'phone', label: key('cases.person.phone'), maxLength: 40, pattern: '^[0-9+()\\-.\\s/]*$' },
        ],
      },
      {
        kind: 'group',
        name: 'screening',
        label: key('cases.screening.title'),
        relevant: "/data/consent/screening = 'yes'",
        children: [
          {
            kind: 'select1',
            name: 'exploitation',
            label: key('cases.screening.exploitation'),
            required: true,
            choices: [
              { value: 'labour', label: key('cases.screening.labour') },
              { value: 'sexual', label: key('cases.screening.sexual') },
            ],
          },
          {
            kind: 'select',
            name: 'acts',
            label: key('cases.screening.act'),
            choices: ACTS.map((a) => ({ value: a, label: key(`cases.screening.acts.${a}`) })),
          },
          {
            kind: 'select',
            name: 'means',
            label: key('cases.screening.meansLabel'),
            choices: MEANS.map((m) => ({ value: m, label: key(`cases.screening.means.${m}`) })),
          },
          {
            kind: 'select',
            name: 'purposes',
            label: key('cases.screening.purpose'),
            choices: PURPOSES.map((p) => ({ value: p, label: key(`cases.screening.purposes.${p}`) })),
          },
          ...indicatorFields,
          { kind: 'longtext', name: 'notes', label: key('cases.screening.notes'), maxLength: 5000 },
        ],
      },
    ],
  };
}
