import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { config: { access: 'public' } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { config: { access: 'public' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.ctx.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  app.get('/metrics', { config: { access: { permission: 'admin.manage' } } }, async (_request, reply) => {
    const mem = process.memoryUsage();
    const lines = [
      '# HELP abri_process_resident_memory_bytes Resident memory size in bytes.',
      '# TYPE abri_process_resident_memory_bytes gauge',
      `abri_process_resident_memory_bytes ${mem.rss}`,
      '# HELP abri_process_heap_used_bytes Heap used in bytes.',
      '# TYPE abri_process_heap_used_bytes gauge',
      `abri_process_heap_used_bytes ${mem.heapUsed}`,
      '# HELP abri_process_uptime_seconds Process uptime.',
      '# TYPE abri_process_uptime_seconds gauge',
      `abri_process_uptime_seconds ${Math.round(process.uptime())}`,
    ];
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`);
  });
}
