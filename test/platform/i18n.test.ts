import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IntlMessageFormat } from 'intl-messageformat';
import { issueLink } from '../../src/platform/auth/auth.service.js';
import { PERMISSIONS, type Role } from '../../src/platform/auth/roles.js';
import { direction, I18n, isLocale, LANGUAGES, LOCALES, loadCatalogs, negotiateLocale } from '../../src/platform/i18n/i18n.js';
import { concreteUrl } from '../routes.js';
import { createOffice, createOrganisation, createTestEnv, createUser, DIALECTS, sessionFor, type TestEnv } from '../support/index.js';

const catalogs = loadCatalogs();
const catalogOf = (locale: string): Map<string, string> => catalogs[locale] ?? new Map();

/** Argument names used by a message (placeholders, plurals, selects), to compare across languages. */
function argumentsOf(ast: unknown[], out = new Set<string>()): Set<string> {
  for (const el of ast as Array<{ type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }>) {
    if (el.type !== 0 && el.type !== 7 && typeof el.value === 'string') out.add(el.value);
    if (el.options) for (const o of Object.values(el.options)) argumentsOf(o.value, out);
    if (el.children) argumentsOf(el.children, out);
  }
  return out;
}

describe('message catalogs', () => {
  it('has the same keys in every configured language, in every namespace', () => {
    const en = catalogOf('en');
    assert.ok(en.size > 100, 'the English catalog looks empty');
    const namespaces = new Set([...en.keys()].map((k) => k.split('.')[0]));
    assert.ok(namespaces.size >= 5);
    for (const locale of LOCALES) {
      const keys = catalogOf(locale);
      const missing = [...en.keys()].filter((k) => !keys.has(k));
      const extra = [...keys.keys()].filter((k) => !en.has(k));
      assert.deepEqual(missing, [], `${locale} lacks keys`);
      assert.deepEqual(extra, [], `${locale} has keys English does not`);
    }
  });

  it('parses every message as ICU MessageFormat in its language, with the same arguments as English', () => {
    const problems: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, source] of catalogOf(locale)) {
        try {
          const fmt = new IntlMessageFormat(source, locale, undefined, { ignoreTag: true });
          const enSource = catalogOf('en').get(key);
          if (enSource === undefined) continue;
          const enArgs = argumentsOf(new IntlMessageFormat(enSource, 'en', undefined, { ignoreTag: true }).getAst());
          const args = argumentsOf(fmt.getAst());
          if ([...enArgs].sort().join() !== [...args].sort().join()) problems.push(`${locale} ${key}: arguments {${[...args]}} vs English {${[...enArgs]}}`);
        } catch (e) {
          problems.push(`${locale} ${key}: ${(e as Error).message}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('has no empty message and no message left in English in another language (beyond names and codes)', () => {
    const same: string[] = [];
    for (const locale of LOCALES) {
      for (const [key, source] of catalogOf(locale)) {
        assert.ok(source.trim().length > 0, `${locale} ${key} is empty`);
        if (locale !== 'en' && source === catalogOf('en').get(key) && /[a-z]{4,} [a-z]{4,}/i.test(source)) same.push(`${locale} ${key}`);
      }
    }
    assert.deepEqual(same, []);
  });

  it('writes the messages of each language in its own script (Arabic, Farsi and Urdu in Arabic script, Russian and Ukrainian in Cyrillic)', () => {
    const SCRIPT: Record<string, RegExp> = { Arab: /[\u0600-\u06FF]/, Cyrl: /[\u0400-\u04FF]/ };
    for (const l of LANGUAGES) {
      const script = SCRIPT[l.script];
      if (!script) continue;
      const latinOnly = [...catalogOf(l.code)].filter(([, v]) => /[A-Za-z]{3,}/.test(v) && !script.test(v)).map(([k]) => k);
      // A few values are names of things that stay in Latin script (language names, "TOTP", data set names); none is a sentence.
      assert.ok(latinOnly.length <= 8, `${l.code} messages without ${l.script} script: ${latinOnly.join(', ')}`);
    }
  });

  it('shows ⟦key⟧ for a missing key, so pages with untranslated text are found', () => {
    const i18n = new I18n(catalogs);
    assert.equal(i18n.message('fr', 'nowhere.missing'), '⟦nowhere.missing⟧');
    assert.equal(i18n.translator('ar').dir, 'rtl');
    assert.equal(i18n.translator('fr').dir, 'ltr');
  });

  it('picks a language from Accept-Language', () => {
    assert.equal(negotiateLocale('ar-TN,ar;q=0.9,fr;q=0.8'), 'ar');
    assert.equal(negotiateLocale('de-DE,es;q=0.5,fr;q=0.7'), 'fr');
    assert.equal(negotiateLocale('de, *;q=0.1'), 'en');
    assert.equal(negotiateLocale(undefined), 'en');
    assert.equal(negotiateLocale(';;;,,q=abc'), 'en');
  });
});

for (const dialect of DIALECTS) {
  describe(`every page in every language (${dialect})`, () => {
    let env: TestEnv;
    const ids: Record<string, string> = {};
    before(async () => {
      env = await createTestEnv(dialect);
      ids.office = await createOffice(env.ctx, 'TN', 'TN');
      ids.organisation = await createOrganisation(env.ctx, 'Crawl Partner', ids.office);
      ids.user = (await createUser(env.ctx, { roles: ['case_worker'], officeId: ids.office })).id;
    });
    after(async () => env.close());

    /** Real ids where the route names a resource we created, so the crawler sees the full pages, not 404s. */
    const urlFor = (pattern: string): string => {
      if (pattern.startsWith('/staff/admin/offices/:id')) return pattern.replace(':id', ids.office as string);
      if (pattern.startsWith('/staff/admin/organisations/:id')) return pattern.replace(':id', ids.organisation as string);
      if (pattern.startsWith('/staff/admin/users/:id')) return pattern.replace(':id', ids.user as string);
      return concreteUrl(pattern);
    };

    for (const locale of LOCALES) {
      it(`renders every GET page in ${locale}, each as a role its declaration allows, with no untranslated key`, async () => {
        // Pages behind a permission the administrator lacks (case work, statistics...) are seen by a role that has it.
        const sessions = new Map<Role, { cookie: string }>();
        const sessionAs = async (role: Role) => {
          let s = sessions.get(role);
          if (!s) {
            const user = await createUser(env.ctx, {
              roles: [role],
              locale,
              officeId: role === 'administrator' ? null : ids.office,
              organisationId: ids.organisation,
            });
            s = await sessionFor(env.ctx, user.id);
            sessions.set(role, s);
          }
          return s;
        };
        const pages: string[] = [];
        for (const { method, url, access } of env.app.routeAccess.values()) {
          if (method !== 'GET') continue;
          // A public page in another language's address is that language's page: the crawl of that language sees it.
          const addressed = /^\/([a-z]{2,3})\//.exec(url)?.[1];
          if (addressed && isLocale(addressed) && addressed !== locale) continue;
          const role: Role =
            typeof access === 'object'
              ? (PERMISSIONS[access.permission] as readonly Role[]).includes('administrator')
                ? 'administrator'
                : (PERMISSIONS[access.permission][0] as Role)
              : 'administrator';
          const s = await sessionAs(role);
          const res = await env.app.inject({ method: 'GET', url: urlFor(url), headers: { cookie: s.cookie, 'accept-language': locale } });
          assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
          assert.notEqual(res.statusCode, 403, `${url} refused to ${role}`);
          if (!String(res.headers['content-type']).startsWith('text/html')) continue;
          pages.push(url);
          assert.doesNotMatch(res.body, /⟦/, `${url} in ${locale} shows an untranslated key: ${/⟦[^⟧]*⟧/.exec(res.body)?.[0]}`);
          assert.match(res.body, new RegExp(`<html lang="${locale}" dir="${direction(locale)}"`), url);
        }
        assert.ok(pages.length >= 15, `only ${pages.length} pages crawled`);
      });

      it(`renders the public and sign-in pages, one-time link pages and the 404 page for a visitor in ${locale}`, async () => {
        const setPassword = new URL(await issueLink(env.ctx, { purpose: 'set-password', userId: ids.user as string, createdBy: null })).pathname;
        const pages = [`/${locale}/`, '/staff/sign-in', setPassword, '/setup/not-a-valid-token-at-all-xxxxx', '/no/such/page', `/${locale}/no-such-page`];
        for (const url of pages) {
          const res = await env.app.inject({ method: 'GET', url, headers: { 'accept-language': locale } });
          assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
          assert.doesNotMatch(res.body, /⟦/, `${url} in ${locale}: ${/⟦[^⟧]*⟧/.exec(res.body)?.[0]}`);
          assert.match(res.body, new RegExp(`<html lang="${locale}" dir="${direction(locale)}"`), url);
        }
      });
    }

    it('sends / to the visitor’s language', async () => {
      for (const [header, expected] of [
        ['ar,fr;q=0.5', '/ar/'],
        ['es-MX', '/es/'],
        ['fr-CA,fr', '/fr/'],
        ['zh', '/en/'],
      ] as const) {
        const res = await env.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': header } });
        assert.equal(res.statusCode, 302);
        assert.equal(res.headers.location, expected);
      }
    });

    it('lets staff switch to Arabic and then shows their pages right to left', async () => {
      const admin = await createUser(env.ctx, { roles: ['administrator'], locale: 'en' });
      const s = await sessionFor(env.ctx, admin.id);
      const res = await env.app.inject({
        method: 'POST',
        url: '/staff/account/locale',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${s.csrf}&locale=ar&back=%2Fstaff%2Fadmin`,
      });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/staff/admin');
      const page = await env.app.inject({ method: 'GET', url: '/staff/admin', headers: { cookie: s.cookie } });
      assert.match(page.body, /<html lang="ar" dir="rtl"/);
    });
  });
}
