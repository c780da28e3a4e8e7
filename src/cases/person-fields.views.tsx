import type { ComponentChildren } from 'preact';
import { countryName, countryOptions } from '../platform/countries.js';
import type { Translator } from '../platform/i18n/i18n.js';
import { type FieldErrors, Select, TextArea, TextField } from '../platform/views/components.js';
import { options } from './case-ui.js';
import { GENDERS } from './cases.schema.js';
import type { PersonIdentity } from './person.js';

export function personLabels(t: Translator): Record<string, string> {
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

/** The person's fields, shared by the new-case and the edit forms. */
export function PersonFields(props: { t: Translator; v: (k: string) => string; errors?: FieldErrors | undefined }) {
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

/** The summary rows about the person that the overview and the printed summary share (name to languages). */
export function personSummaryItems(
  t: Translator,
  id: PersonIdentity,
  record: { prs_gender: string | null; prs_citizenship: string | null },
): Array<[string, ComponentChildren]> {
  return [
    [t('cases.overview.name'), [id.firstName, id.middleName, id.lastName].filter(Boolean).join(' ') || '—'],
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
  ];
}

/** The three safeguards that gate a durable solution for a child, each met or missing. */
export function GateList(props: { t: Translator; gates: { hasGuardian: boolean; bidApproved: boolean; familyAssessed: boolean } }) {
  const { t, gates } = props;
  return (
    <ul class="gate-list">
      <li class={gates.hasGuardian ? 'gate-ok' : 'gate-missing'}>
        {gates.hasGuardian ? t('cases.children.gateGuardianOk') : t('cases.children.gate.guardian')}
      </li>
      <li class={gates.bidApproved ? 'gate-ok' : 'gate-missing'}>{gates.bidApproved ? t('cases.children.gateBidOk') : t('cases.children.gate.bid')}</li>
      <li class={gates.familyAssessed ? 'gate-ok' : 'gate-missing'}>
        {gates.familyAssessed ? t('cases.children.gateFamilyOk') : t('cases.children.gate.family')}
      </li>
    </ul>
  );
}
