import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import type { AppContext } from './context.js';
import { migrationsCurrent } from './db/migrate-plan.js';
import { registerMetrics } from './metrics.js';

type Check = 'ok' | 'failed';

/** Each readiness check, failing closed: an error is a failed check, never a 500. */
async function readiness(ctx: AppContext, state: { migrated: boolean }): Promise<Record<'database' | 'files' | 'migrations', Check>> {
  const attempt = async (fn: () => Promise<unknown>): Promise<Check> => {
    try {
      await fn();
      return 'ok';
    } catch {
      return 'failed';
    }
  };
  const database = await attempt(() => sql`select 1`.execute(ctx.db));
  // A real write: a full disk or a read-only mount fails it, where a permission check would pass.
  const files = await attempt(async () => {
    const probe = join(ctx.config.dataDir, 'files', `.readyz-${process.pid}`);
    await writeFile(probe, 'ok', { mode: 0o600 });
    await rm(probe);
  });
  const migrations = await attempt(async () => {
    if (!state.migrated) state.migrated = await migrationsCurrent(ctx.database);
    if (!state.migrated) throw new Error('pending migrations');
  });
  return { database, files, migrations };
}

/**
 * Liveness, readiness and metrics. Wrapped with fastify-plugin: the metrics' response hook then times every route
 * of the app, registered after this one.
 */
export const healthRoutes = fp(async (app: FastifyInstance) => {
  const state = { migrated: false };
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    const checks = await readiness(app.ctx, state);
    const ready = Object.values(checks).every((c) => c === 'ok');
    return reply.code(ready ? 200 : 503).header('cache-control', 'no-store').send({ status: ready ? 'ready' : 'unavailable', checks });
  });

  registerMetrics(app, app.ctx);
});
