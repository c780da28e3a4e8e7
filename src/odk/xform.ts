import { createHash } from 'node:crypto';
import { LOCALES, type Locale, languageOwnName, type Translator } from '../platform/i18n/i18n.js';
import { escapeXml } from './xml.js';

/**
 * A small XForm model, and its rendering to ODK XForms (https://getodk.github.io/xforms-spec/). Abri's forms are
 * built from the same value lists and catalog keys as its own pages (see forms/*.ts), never written by hand, so a
 * new indicator, code or translation reaches the phones with the next form download, under a new version.
 */
export type Label = (t: Translator) => string;
export const key =
  (k: string, values?: Record<string, string | number>): Label =>
  (t) =>
    t(k, values);

export interface Choice {
  value: string;
  label: Label;
}

export interface Field {
  kind: 'text' | 'longtext' | 'select1' | 'select' | 'int' | 'date';
  name: string;
  label: Label;
  hint?: Label;
  required?: boolean;
  /** An XPath over absolute paths (/data/...). */
  relevant?: string;
  choices?: readonly Choice[];
  maxLength?: number;
  minLength?: number;
  min?: number;
  max?: number;
  /** A regular expression the whole answer must match (XPath regex()). */
  pattern?: string;
}

export interface Group {
  kind: 'group';
  name: string;
  label: Label;
  relevant?: string;
  children: Array<Field | Group>;
}

export interface FormDefinition {
  id: string;
  title: Label;
  children: Array<Field | Group>;
}

/** ODK's convention for a translation's name: "English (en)", the language's own name and its code. */
const languageLabel = (l: Locale): string => `${languageOwnName(l)} (${l})`;

interface Node {
  path: string;
  node: Field | Group;
}

function walk(children: Array<Field | Group>, base: string, out: Node[] = []): Node[] {
  for (const c of children) {
    const path = `${base}/${c.name}`;
    out.push({ path, node: c });
    if (c.kind === 'group') walk(c.children, path, out);
  }
  return out;
}

/** Every leaf question of a form with its absolute path. */
export function fieldsOf(def: FormDefinition): Array<{ path: string; field: Field }> {
  return walk(def.children, '/data').flatMap((n) => (n.node.kind === 'group' ? [] : [{ path: n.path, field: n.node }]));
}

function instanceXml(children: Array<Field | Group>): string {
  return children.map((c) => (c.kind === 'group' ? `<${c.name}>${instanceXml(c.children)}</${c.name}>` : `<${c.name}/>`)).join('');
}

function bindXml(n: Node): string {
  const a: string[] = [`nodeset="${n.path}"`];
  if (n.node.kind === 'group') {
    if (!n.node.relevant) return '';
    a.push(`relevant="${escapeXml(n.node.relevant)}"`);
    return `<bind ${a.join(' ')}/>`;
  }
  const f = n.node;
  const type = { text: 'string', longtext: 'string', select1: 'string', select: 'string', int: 'int', date: 'date' }[f.kind];
  a.push(`type="${type}"`);
  if (f.required) a.push('required="true()"');
  if (f.relevant) a.push(`relevant="${escapeXml(f.relevant)}"`);
  const constraints: string[] = [];
  if (f.maxLength) constraints.push(`string-length(.) &lt;= ${f.maxLength}`);
  if (f.minLength) constraints.push(`string-length(.) &gt;= ${f.minLength}`);
  if (f.min !== undefined) constraints.push(`. &gt;= ${f.min}`);
  if (f.max !== undefined) constraints.push(`. &lt;= ${f.max}`);
  if (f.pattern) constraints.push(`regex(., '${escapeXml(f.pattern)}')`);
  if (constraints.length) {
    a.push(`constraint="${constraints.join(' and ')}"`);
    a.push(`jr:constraintMsg="jr:itext('${n.path}:constraintMsg')"`);
  }
  return `<bind ${a.join(' ')}/>`;
}

function bodyXml(children: Array<Field | Group>, base: string): string {
  return children
    .map((c) => {
      const path = `${base}/${c.name}`;
      const label = `<label ref="jr:itext('${path}:label')"/>`;
      if (c.kind === 'group') return `<group ref="${path}">${label}${bodyXml(c.children, path)}</group>`;
      const hint = c.hint ? `<hint ref="jr:itext('${path}:hint')"/>` : '';
      if (c.kind === 'select1' || c.kind === 'select') {
        const items = (c.choices ?? [])
          .map((ch) => `<item><label ref="jr:itext('${path}/${ch.value}:label')"/><value>${escapeXml(ch.value)}</value></item>`)
          .join('');
        return `<${c.kind} ref="${path}"${c.kind === 'select1' && (c.choices?.length ?? 0) > 12 ? ' appearance="minimal"' : ''}>${label}${hint}${items}</${c.kind}>`;
      }
      return `<input ref="${path}"${c.kind === 'longtext' ? ' appearance="multiline"' : ''}>${label}${hint}</input>`;
    })
    .join('');
}

function itextXml(def: FormDefinition, t: Translator): string {
  const texts: string[] = [];
  const text = (id: string, value: string) => texts.push(`<text id="${escapeXml(id)}"><value>${escapeXml(value)}</value></text>`);
  for (const n of walk(def.children, '/data')) {
    text(`${n.path}:label`, n.node.label(t));
    if (n.node.kind === 'group') continue;
    const f = n.node;
    if (f.hint) text(`${n.path}:hint`, f.hint(t));
    for (const ch of f.choices ?? []) text(`${n.path}/${ch.value}:label`, ch.label(t));
    if (f.maxLength || f.minLength || f.min !== undefined || f.max !== undefined || f.pattern) {
      const msg =
        f.pattern || f.min !== undefined || f.max !== undefined
          ? t('odk.form.invalidAnswer')
          : t('odk.form.length', { min: f.minLength ?? 0, max: f.maxLength ?? 100000 });
      text(`${n.path}:constraintMsg`, msg);
    }
  }
  return texts.join('');
}

export interface RenderedForm {
  id: string;
  version: string;
  title: string;
  xml: string;
  /** md5 of the XML, as formList's `hash` (md5:...). */
  md5: string;
}

/**
 * Renders the XForm. The version is a digest of everything the phone sees (questions, choices, every translation,
 * the public key), so any change to Abri's definitions or catalogs gives a new version and Collect offers the update.
 */
export function renderXForm({
  def,
  translators,
  defaultLocale,
  publicKey,
}: {
  def: FormDefinition;
  translators: (locale: Locale) => Translator;
  defaultLocale: Locale;
  publicKey: string | undefined;
}): RenderedForm {
  const nodes = walk(def.children, '/data');
  const itexts = LOCALES.map((l) => [l, itextXml(def, translators(l))] as const);
  const translations = (withDefault: boolean) =>
    itexts
      .map(([l, x]) => `<translation lang="${escapeXml(languageLabel(l))}"${withDefault && l === defaultLocale ? ' default="true()"' : ''}>${x}</translation>`)
      .join('');
  const binds = nodes.map(bindXml).filter(Boolean).join('');
  const body = bodyXml(def.children, '/data');
  const title = def.title(translators(defaultLocale));
  const submission = publicKey ? `<submission method="post" base64RsaPublicKey="${publicKey}" orx:auto-delete="true" orx:auto-send="true"/>` : '';
  const build = (version: string, withDefault: boolean, heading: string) =>
    `<?xml version="1.0" encoding="UTF-8"?><h:html xmlns="http://www.w3.org/2002/xforms" xmlns:h="http://www.w3.org/1999/xhtml" xmlns:jr="http://openrosa.org/javarosa" xmlns:orx="http://openrosa.org/xforms" xmlns:odk="http://www.opendatakit.org/xforms"><h:head><h:title>${escapeXml(heading)}</h:title><model odk:xforms-version="1.0.0"><itext>${translations(withDefault)}</itext><instance><data id="${def.id}" version="${version}">${instanceXml(def.children)}<started/><meta><instanceID/></meta></data></instance>${binds}<bind nodeset="/data/started" type="dateTime" jr:preload="timestamp" jr:preloadParams="start"/><bind nodeset="/data/meta/instanceID" type="string" readonly="true()" jr:preload="uid"/>${submission}</model></h:head><h:body>${body}</h:body></h:html>`;
  // The version ignores which language is the default, so a device's language never makes a submission look older.
  const version = createHash('sha256')
    .update(build('', false, ''))
    .digest('hex')
    .slice(0, 12);
  const xml = build(version, true, title);
  return { id: def.id, version, title, xml, md5: createHash('md5').update(xml).digest('hex') };
}
