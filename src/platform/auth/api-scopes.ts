/**
 * What an API token may reach, on top of its user's own permissions: per area, read only or read and write.
 * The area of an /api/v1 route is the first segment of its path (`/api/v1/<segment>/...`); a route whose segment
 * is in no area is refused to every scoped token, so a new API area is closed until it is listed here.
 */
export const API_AREAS = ['cases', 'reports', 'referrals', 'directory', 'training', 'stats', 'webhooks'] as const;
export type ApiArea = (typeof API_AREAS)[number];
export type ScopeLevel = 'read' | 'write';
export type Scope = `${ApiArea}:${ScopeLevel}`;

const SEGMENT_AREA: Record<string, ApiArea> = {
  cases: 'cases',
  plans: 'cases',
  handovers: 'cases',
  // Legal status, proceedings and redress are part of the case (their figures too: the same scope).
  justice: 'cases',
  reports: 'reports',
  referrals: 'referrals',
  organisations: 'directory',
  services: 'directory',
  trainings: 'training',
  stats: 'stats',
  webhooks: 'webhooks',
};
/** Routes every token may call whatever its scopes: who am I, the API's own description. */
const OPEN_SEGMENTS = new Set(['me']);

export function isScope(value: unknown): value is Scope {
  if (typeof value !== 'string') return false;
  const [area, level] = value.split(':');
  return (API_AREAS as readonly string[]).includes(area ?? '') && (level === 'read' || level === 'write');
}

/** The area of an /api/v1 route pattern or URL; 'open' for routes outside the scopes, undefined when unknown. */
export function areaOf(url: string): ApiArea | 'open' | undefined {
  const segment = url.replace(/^\/api\/v1\/?/, '').split(/[/?]/)[0] ?? '';
  if (OPEN_SEGMENTS.has(segment)) return 'open';
  return SEGMENT_AREA[segment];
}

/** Whether scopes (null: a token from before scopes, every area) allow this method on this route. */
export function scopeAllows(scopes: readonly string[] | null, method: string, url: string): boolean {
  const area = areaOf(url);
  if (area === 'open') return true;
  if (!area) return false;
  if (scopes === null) return true;
  const write = !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
  return scopes.includes(`${area}:write`) || (!write && scopes.includes(`${area}:read`));
}

export function parseScopes(json: string | null): string[] | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter(isScope) : [];
  } catch {
    return [];
  }
}

/** The scopes chosen on the token form: one field per area, '' (none), 'read' or 'write'. */
export function scopesFromForm(body: Record<string, unknown>): Scope[] {
  const out: Scope[] = [];
  for (const area of API_AREAS) {
    const v = body[`scope_${area}`];
    if (v === 'read' || v === 'write') out.push(`${area}:${v}`);
  }
  return out;
}
