import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import qs from 'node:querystring';
import { accountRoutes } from './account/account.routes.js';
import { adminRoutes } from './admin/admin.routes.js';
import { casesPlugin } from './cases/cases.plugin.js';
import { authPages } from './platform/auth/auth.pages.js';
import type { AppContext } from './platform/context.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { securityHeaders } from './platform/http/headers.js';
import { openapi } from './platform/http/openapi.js';
import { plumbing } from './platform/http/plumbing.js';
import { fastifyTrustProxy } from './platform/http/proxy.js';
import { healthRoutes } from './platform/health.routes.js';
import { homeRoutes } from './home/home.routes.js';
import { partnerPages } from './partners/partners.pages.js';
import { trainingPages } from './training/training.pages.js';
import { publicSiteRoutes } from './content/public-site.js';
import { reportsRoutes } from './reports/reports.routes.js';
import { plansRoutes } from './plans/plans.routes.js';
import { referralsRoutes } from './referrals/referrals.routes.js';
import { solutionsRoutes } from './solutions/solutions.routes.js';
import { dashboardsPages } from './dashboards/dashboards.pages.js';
import { statsPages } from './stats/stats.pages.js';

export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

export interface BuildOptions {
  ctx: AppContext;
}

/** Builds the whole app without listening: the server listens, tests inject. */
export async function buildApp({ ctx }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    trustProxy: fastifyTrustProxy(ctx.config),
    bodyLimit: 1024 * 1024,
    // Form and query values stay strings or arrays of strings; no nested objects from `a[b]=c`.
    routerOptions: { maxParamLength: 200, querystringParser: (s) => qs.parse(s) },
    requestIdHeader: false,
  });

  await app.register(cookie);
  await app.register(formbody, { parser: (s) => qs.parse(s), bodyLimit: 1024 * 1024 });
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: ctx.config.maxUploadMb * 1024 * 1024, files: 5, fields: 200, parts: 210, fieldSize: 200 * 1024 },
  });
  await app.register(securityHeaders, { hsts: ctx.config.secureCookies });
  await app.register(plumbing, { ctx });
  await app.register(fastifyStatic, {
    root: PUBLIC_DIR,
    prefix: '/assets/',
    maxAge: '1d',
    index: false,
    wildcard: false,
  });
  installErrorHandling(app);
  await app.register(openapi);

  await app.register(healthRoutes);
  await app.register(homeRoutes);
  await app.register(authPages);
  await app.register(accountRoutes);
  await app.register(adminRoutes);
  await app.register(partnerPages);
  await app.register(trainingPages);
  await app.register(publicSiteRoutes);
  await app.register(reportsRoutes);
  await app.register(casesPlugin);
  await app.register(plansRoutes);
  await app.register(referralsRoutes);
  await app.register(solutionsRoutes);
  await app.register(statsPages);
  await app.register(dashboardsPages);
  return app;
}
