import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AppContext } from './context.js';
import { sha256 } from './crypto/keys.js';
import { triageQueue } from './metrics.repository.js';

/**
 * Prometheus metrics. Labels hold only fixed vocabularies (route patterns, status codes, states, job names,
 * channels, reasons): never an id, an address, a raw URL or anything a person typed.
 *
 * Process-wide counters live in one registry (a process has one set of Node metrics, and the code that counts
 * sign-in failures or job runs has no app at hand); what is read from the database or the HTTP server belongs
 * to each app, and the two are merged at each scrape.
 */
const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

const reportsReceived = new Counter({ name: 'abri_reports_received_total', help: 'Reports received, by channel.', labelNames: ['channel'] as const, registers: [processRegistry] });
const signInFailures = new Counter({ name: 'abri_sign_in_failures_total', help: 'Failed staff sign-ins, by step and reason.', labelNames: ['step', 'reason'] as const, registers: [processRegistry] });
const jobRuns = new Counter({ name: 'abri_job_runs_total', help: 'Scheduled job runs, by job and result.', labelNames: ['job', 'result'] as const, registers: [processRegistry] });
const jobFailures = new Counter({ name: 'abri_job_failures_total', help: 'Scheduled job runs that failed, by job.', labelNames: ['job'] as const, registers: [processRegistry] });

/** The channels of reports (src/reports/reports.schema.ts REPORT_CHANNELS): code constants, never data. */
export type ReportChannel = 'web' | 'hotline' | 'walk_in' | 'sms' | 'whatsapp' | 'email' | 'partner' | 'field';

export function countReportReceived(channel: ReportChannel): void {
  reportsReceived.inc({ channel });
}

export function countSignInFailure(step: 'password' | 'second_factor', reason: 'invalid' | 'locked'): void {
  signInFailures.inc({ step, reason });
}

/** Job names are code constants (retention purges, reminders), never data. */
export function countJobRun(job: string, failed: boolean): void {
  jobRuns.inc({ job, result: failed ? 'failed' : 'ok' });
  if (failed) jobFailures.inc({ job });
  else jobFailures.inc({ job }, 0);
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * With METRICS_TOKEN set: `Authorization: Bearer <token>` only. Without it: only a connection from this host that
 * did not come through a proxy (a proxy on this host connects from loopback on behalf of anyone).
 */
function allowed(request: FastifyRequest, token: string | undefined): 'ok' | 'token' | 'loopback' {
  if (token) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    if (!m?.[1]) return 'token';
    // Hashes first: equal lengths for timingSafeEqual, and the comparison says nothing about the token's length.
    return timingSafeEqual(Buffer.from(sha256(m[1]), 'hex'), Buffer.from(sha256(token), 'hex')) ? 'ok' : 'token';
  }
  const viaProxy = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return !viaProxy && LOOPBACK.has(request.socket.remoteAddress ?? '') ? 'ok' : 'loopback';
}

/** The metrics of one app: HTTP durations, triage queue, database pool; and the /metrics route. */
export function registerMetrics(app: FastifyInstance, ctx: AppContext): void {
  const registry = new Registry();
  const httpDuration = new Histogram({
    name: 'abri_http_request_duration_seconds',
    help: 'HTTP request durations, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  // One database read serves both queue gauges of a scrape: the first collects, the second waits for it.
  let queueRead: Promise<{ byState: Array<{ state: string; n: number }>; oldestNew: string | null }> | undefined;
  new Gauge({
    name: 'abri_triage_queue_reports',
    help: 'Reports waiting for staff, by state.',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      queueRead = triageQueue(ctx.db);
      const q = await queueRead;
      for (const state of ['new', 'in_triage', 'waiting_reporter']) this.set({ state }, q.byState.find((r) => r.state === state)?.n ?? 0);
    },
  });
  new Gauge({
    name: 'abri_triage_oldest_untriaged_age_seconds',
    help: 'Age of the oldest report nobody has triaged yet (0 when none).',
    registers: [registry],
    async collect() {
      const q = await (queueRead ?? triageQueue(ctx.db));
      this.set(q.oldestNew ? Math.max(0, (Date.now() - Date.parse(q.oldestNew)) / 1000) : 0);
    },
  });
  new Gauge({
    name: 'abri_db_pool_connections',
    help: 'Database connections, by state (SQLite: one connection).',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const p = ctx.database.pool;
      if (!p) return void this.set({ state: 'total' }, 1);
      this.set({ state: 'total' }, p.totalCount);
      this.set({ state: 'idle' }, p.idleCount);
      this.set({ state: 'waiting' }, p.waitingCount);
    },
  });

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    // The route pattern (/staff/reports/:id), never the URL; unmatched requests share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const verdict = allowed(request, ctx.config.metricsToken);
    if (verdict === 'token') return reply.code(401).header('www-authenticate', 'Bearer').type('text/plain').send('metrics need the bearer token (METRICS_TOKEN)\n');
    if (verdict === 'loopback') return reply.code(403).type('text/plain').send('without METRICS_TOKEN, metrics are readable from this host only\n');
    const merged = Registry.merge([processRegistry, registry]);
    return reply.header('cache-control', 'no-store').type(merged.contentType).send(await merged.metrics());
  });
}
