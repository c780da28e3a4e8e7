import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACTS, CONSENT_PURPOSES, GENDERS, ILO, MEANS, PURPOSES } from '../cases/index.js';
import { I18n, LOCALES } from '../platform/i18n/i18n.js';
import { ReportBody } from '../reports/index.js';
import { reportForm, reportPaths } from './forms/report.form.js';
import { FIELD_CONSENTS, indicatorField, screeningForm } from './forms/screening.form.js';
import { fieldsOf, renderXForm } from './xform.js';
import { parseXml } from './xml.js';

const i18n = new I18n();
const choicesAt = (def: ReturnType<typeof screeningForm>, path: string) =>
  fieldsOf(def)
    .find((f) => f.path === path)
    ?.field.choices?.map((c) => c.value) ?? [];

describe('XForms generated from Abri’s definitions', () => {
  it('the report form asks every field of the web form’s schema, with its value lists', () => {
    const def = reportForm();
    const names = reportPaths(def).map((p) => p.name);
    assert.deepEqual([...names].sort(), Object.keys(ReportBody.properties).sort());
    const exploitation = fieldsOf(def).find((f) => f.field.name === 'exploitation')?.field;
    assert.deepEqual(
      exploitation?.choices?.map((c) => c.value),
      (ReportBody.properties.exploitation.items.anyOf as Array<{ const: string }>).map((x) => x.const),
    );
    assert.equal(fieldsOf(def).find((f) => f.field.name === 'description')?.field.minLength, ReportBody.properties.description.minLength);
  });

  it('the screening form carries the Palermo elements, every ILO indicator of every list, the genders and the consents', () => {
    const def = screeningForm();
    assert.deepEqual(choicesAt(def, '/data/screening/acts'), [...ACTS]);
    assert.deepEqual(choicesAt(def, '/data/screening/means'), [...MEANS]);
    assert.deepEqual(choicesAt(def, '/data/screening/purposes'), [...PURPOSES]);
    assert.deepEqual(choicesAt(def, '/data/person/gender'), [...GENDERS]);
    for (const p of FIELD_CONSENTS) assert.ok((CONSENT_PURPOSES as readonly string[]).includes(p));
    for (const list of ['adultsLabour', 'adultsSexual', 'childrenLabour', 'childrenSexual'] as const) {
      const offered = fieldsOf(def)
        .filter((f) => f.field.name.startsWith(`ind_${list}_`))
        .flatMap((f) => f.field.choices?.map((c) => c.value) ?? []);
      assert.deepEqual(offered.sort(), ILO.lists[list].map((x) => `${x.dimension}:${x.id}`).sort(), list);
      assert.ok(fieldsOf(def).some((f) => f.field.name === indicatorField(list, 0)));
    }
  });

  it('renders well-formed XForms in every configured language, no missing message, and a version that follows the content', () => {
    for (const def of [screeningForm(), reportForm()]) {
      const a = renderXForm({ def, translators: (l) => i18n.translator(l), defaultLocale: 'fr', publicKey: undefined });
      const b = renderXForm({ def, translators: (l) => i18n.translator(l), defaultLocale: 'ar', publicKey: undefined });
      const keyed = renderXForm({
        def,
        translators: (l) => i18n.translator(l),
        defaultLocale: 'fr',
        publicKey: 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA',
      });
      assert.equal(a.version, b.version, 'the default language does not change the version');
      assert.notEqual(a.version, keyed.version, 'the key is part of the version');
      assert.notEqual(a.md5, b.md5);
      assert.ok(!a.xml.includes('⟦'), `${def.id}: a missing message`);
      const root = parseXml(a.xml, { maxBytes: 4 * 1024 * 1024, maxElements: 200_000 });
      assert.equal(root.name, 'html');
      const langs = a.xml.match(/<translation lang="[^"]+"/g) ?? [];
      assert.equal(langs.length, LOCALES.length);
      assert.match(a.xml, /jr:preload="uid"/);
      const changed = { ...def, children: def.children.slice(1) };
      assert.notEqual(renderXForm({ def: changed, translators: (l) => i18n.translator(l), defaultLocale: 'fr', publicKey: undefined }).version, a.version);
    }
  });
});
