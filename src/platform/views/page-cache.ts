/**
 * Rendered public pages, kept in memory: they are the same for every visitor, so they can be shared. Any change that
 * shows on them (a publish, an archive, an approved comment) clears it at once in this process; the short lifetime
 * bounds how long another process sharing the database can show an older copy.
 */
const TTL_MS = 60_000;
const MAX_ENTRIES = 2_000;
const pages = new Map<string, { html: string; at: number }>();

export function cachedPage(key: string, now = Date.now()): string | undefined {
  const hit = pages.get(key);
  if (!hit) return undefined;
  if (now - hit.at > TTL_MS) {
    pages.delete(key);
    return undefined;
  }
  return hit.html;
}

export function cachePage(key: string, html: string, now = Date.now()): void {
  if (pages.size >= MAX_ENTRIES) pages.clear();
  pages.set(key, { html, at: now });
}

export function clearPageCache(): void {
  pages.clear();
}

export function pageCacheSize(): number {
  return pages.size;
}
