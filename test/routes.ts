import { randomToken } from '../src/platform/crypto/keys.js';
import { newId } from '../src/platform/ids.js';

/** A concrete URL for a route pattern: ids become a fresh UUIDv7, tokens a well-formed token, anything else a plausible word. */
export function concreteUrl(pattern: string): string {
  return pattern
    .split('/')
    .map((part) => {
      if (part === '*') return 'example';
      if (!part.startsWith(':')) return part;
      const name = part.slice(1).replace(/\(.*\)$/, '');
      if (/id$/i.test(name)) return newId();
      if (/token/i.test(name)) return randomToken();
      if (/locale|lang/i.test(name)) return 'en';
      if (/slug|name/i.test(name)) return 'example';
      return 'example';
    })
    .join('/');
}
