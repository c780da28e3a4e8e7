import { createRequire } from 'node:module';
import type { SaxesParser as Saxes } from 'saxes';

const require = createRequire(import.meta.url);
let saxes: typeof Saxes | undefined;
/** saxes is loaded by the first ODK submission, not at start (most installations never receive one). */
const saxesParser = (): typeof Saxes => {
  saxes ??= (require('saxes') as typeof import('saxes')).SaxesParser;
  return saxes;
};

/** A parsed XML element: local name (prefix dropped), attributes by local name, children, direct text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

export class XmlRefused extends Error {
  constructor(readonly reason: 'too_large' | 'doctype' | 'malformed' | 'too_deep' | 'too_many') {
    super(reason);
  }
}

export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxBytes: 2 * 1024 * 1024, maxDepth: 48, maxElements: 20_000 };

const local = (name: string) => {
  const i = name.indexOf(':');
  return i === -1 ? name : name.slice(i + 1);
};

/**
 * Parses untrusted XML (a submission from a device) into a small tree. saxes never fetches or expands external
 * entities; on top of that a document type declaration is refused outright (it is where entity bombs live), and
 * size, depth and element count are capped, so a hostile body costs bounded memory and time.
 */
export function parseXml(input: string | Buffer, limits: Partial<XmlLimits> = {}): XmlElement {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.length;
  if (size > lim.maxBytes) throw new XmlRefused('too_large');
  const text = typeof input === 'string' ? input : input.toString('utf8');
  const parser = new (saxesParser())({ position: false });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;
  let refusal: XmlRefused | undefined;
  const refuse = (reason: XmlRefused['reason']): never => {
    refusal = new XmlRefused(reason);
    throw refusal;
  };
  parser.on('doctype', () => refuse('doctype'));
  parser.on('opentag', (tag) => {
    count += 1;
    if (count > lim.maxElements) refuse('too_many');
    if (stack.length >= lim.maxDepth) refuse('too_deep');
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[local(k)] = String(v);
    const el: XmlElement = { name: local(tag.name), attrs, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const onText = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  try {
    parser.write(text).close();
  } catch (e) {
    throw refusal ?? (e instanceof XmlRefused ? e : new XmlRefused('malformed'));
  }
  if (!root) throw new XmlRefused('malformed');
  return root;
}

export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  return el?.children.find((c) => c.name === name);
}

/** The element at a path of local names under `el` (first match at each step). */
export function at(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const p of path) cur = child(cur, p);
  return cur;
}

export function textAt(el: XmlElement | undefined, ...path: string[]): string | undefined {
  const found = at(el, ...path);
  if (!found) return undefined;
  const t = found.text.trim();
  return t === '' ? undefined : t;
}

export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}
