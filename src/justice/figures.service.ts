import { type AuthUser, officesWith } from '../platform/auth/auth-user.js';
import type { AppContext } from '../platform/context.js';
import { ForbiddenError } from '../platform/http/errors.js';
import { officeSummaries } from '../offices/offices.repository.js';
import { protectDistribution } from '../stats/index.js';
import { daysBetween } from './justice.service.js';
import * as repo from './figures.repository.js';
import { OUTCOMES, REQUEST_OUTCOMES, STAGES, STATUS_STATES } from './justice.schema.js';

/**
 * The justice figures of the offices a user may see statistics of, with the statistics feature's small-count
 * protection (the same threshold as the dashboards): a breakdown goes through protectDistribution (complementary
 * suppression included); an average or a sum is published only when the count behind it reaches the threshold.
 */

export type Shown = number | null;

export interface Breakdown {
  cells: Array<{ key: string; value: Shown }>;
  total: Shown;
}

export interface JusticeFiguresModel {
  offices: Array<{ code: string; name: string }>;
  threshold: number;
  reflection: { granted: Breakdown; averageDays: Shown };
  permits: Breakdown;
  stages: Breakdown;
  outcomes: Breakdown;
  testimony: { linked: Shown; testified: Shown };
  nonPunishment: Breakdown;
  compensation: Array<{ currency: string; claims: Shown; awards: Shown; awarded: Shown; received: Shown }>;
}

function breakdown(keys: readonly string[], counts: Map<string, number>, threshold: number): Breakdown {
  const p = protectDistribution(
    keys.map((key) => ({ key, count: counts.get(key) ?? 0 })),
    { threshold },
  );
  return { cells: p.cells.map((c) => ({ key: c.key, value: c.value })), total: p.total };
}

function tally<T>(rows: T[], key: (r: T) => string, n: (r: T) => number): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of rows) m.set(key(r), (m.get(key(r)) ?? 0) + n(r));
  return m;
}

export async function justiceFigures(ctx: AppContext, user: AuthUser): Promise<JusticeFiguresModel> {
  const allowed = officesWith(user, 'stats.view');
  if (allowed !== 'all' && allowed.length === 0) throw new ForbiddenError();
  const offices = await officeSummaries(ctx.db, { ids: allowed });
  const ids = offices.map((o) => o.id);
  const threshold = ctx.config.smallCountThreshold;
  const [statuses, spans, proceedings, testimony, sums, requests] = await Promise.all([
    repo.statusCounts(ctx.db, ids),
    repo.reflectionSpans(ctx.db, ids),
    repo.proceedingCounts(ctx.db, ids),
    repo.testimonyCounts(ctx.db, ids),
    repo.compensationSums(ctx.db, ids),
    repo.nonPunishmentCounts(ctx.db, ids),
  ]);
  const reflection = statuses.filter((s) => s.category === 'reflection');
  const permits = statuses.filter((s) => s.category === 'permit');
  const lengths = spans.map((s) => daysBetween(s.start_on as string, s.end_on as string));
  const small = (n: number) => n < threshold;
  return {
    offices: offices.map((o) => ({ code: o.code, name: o.name })),
    threshold,
    reflection: {
      granted: breakdown(
        STATUS_STATES,
        tally(
          reflection,
          (r) => r.status,
          (r) => r.n,
        ),
        threshold,
      ),
      averageDays: small(lengths.length) ? null : Math.round(lengths.reduce((a, b) => a + b, 0) / lengths.length),
    },
    permits: breakdown(
      STATUS_STATES,
      tally(
        permits,
        (r) => r.status,
        (r) => r.n,
      ),
      threshold,
    ),
    stages: breakdown(
      STAGES,
      tally(
        proceedings,
        (r) => r.stage,
        (r) => r.n,
      ),
      threshold,
    ),
    outcomes: breakdown(
      OUTCOMES,
      tally(
        proceedings,
        (r) => r.outcome,
        (r) => r.n,
      ),
      threshold,
    ),
    testimony: { linked: small(testimony.linked) ? null : testimony.linked, testified: small(testimony.testified) ? null : testimony.testified },
    nonPunishment: breakdown(
      REQUEST_OUTCOMES,
      tally(
        requests,
        (r) => r.outcome,
        (r) => r.n,
      ),
      threshold,
    ),
    compensation: sums.map((c) => ({
      currency: c.currency,
      claims: small(c.claims) ? null : c.claims,
      awards: small(c.awards) ? null : c.awards,
      awarded: small(c.awards) ? null : c.awarded / 100,
      received: small(c.awards) ? null : c.received / 100,
    })),
  };
}
