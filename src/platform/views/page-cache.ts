/**
 * Rendered public pages, kept in memory: they are the same for every visitor, so they can be shared. Any change that
 * shows on them (a publish, an archive, an approved comment) clears it at once in this process; the short lifetime
 * bounds how long another process sharing the database can show an older copy.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 2_000;
/**
 * Also at most 4 million characters of HTML in all (8 MB at most, 2 bytes a character): the same article can be
 * asked under many spellings of its address (`%2D` for `-`...), each a key, so entries alone did not bound it
 * (2,000 pages of 20 KB are 40 MB). Past either bound the cache starts again, as before.
 */
export const PAGE_CACHE_MAX_CHARS = 4_000_000;
const pages = new Map<string, { html: string; at: number }>();
let chars = 0;

export function cachedPage(key: string, now = Date.now()): string | undefined {
  const hit = pages.get(key);
  if (!hit) return undefined;
  if (now - hit.at > TTL_MS) {
    pages.delete(key);
    chars -= hit.html.length;
    return undefined;
  }
  return hit.html;
}

export function cachePage(key: string, html: string, now = Date.now()): void {
  if (html.length > PAGE_CACHE_MAX_CHARS) return;
  const old = pages.get(key);
  if (old) {
    pages.delete(key);
    chars -= old.html.length;
  }
  if (pages.size >= MAX_ENTRIES || chars + html.length > PAGE_CACHE_MAX_CHARS) clearPageCache();
  pages.set(key, { html, at: now });
  chars += html.length;
}

export function clearPageCache(): void {
  pages.clear();
  chars = 0;
}

/** Characters of HTML held now (for tests). */
export function pageCacheChars(): number {
  return chars;
}

export function pageCacheSize(): number {
  return pages.size;
}
