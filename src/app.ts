import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import qs from 'node:querystring';
import { FEATURES } from './features.js';
import { authPages } from './platform/auth/auth.pages.js';
import type { AppContext } from './platform/context.js';
import { type Feature, featureCaseSummary, featureCaseTabs, featureJobs, featureNav } from './platform/features/feature.js';
import { healthRoutes } from './platform/health.routes.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { securityHeaders } from './platform/http/headers.js';
import { openapi } from './platform/http/openapi.js';
import { plumbing } from './platform/http/plumbing.js';
import { fastifyTrustProxy } from './platform/http/proxy.js';

export const PUBLIC_DIR = fileURLToPath(new URL('../public/', import.meta.url));

export interface BuildOptions {
  ctx: AppContext;
  /** The features to assemble; every caller but a focused test uses the one list. */
  features?: readonly Feature[];
}

/** Builds the whole app without listening: the server listens, tests inject. */
export async function buildApp({ ctx, features = FEATURES }: BuildOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    trustProxy: fastifyTrustProxy(ctx.config),
    bodyLimit: 1024 * 1024,
    // Form and query values stay strings or arrays of strings; no nested objects from `a[b]=c`.
    routerOptions: { maxParamLength: 200, querystringParser: (s) => qs.parse(s) },
    requestIdHeader: false,
    // A first start seeds the public content in every language while its plugin registers: Fastify's 10 s default
    // failed that start on a busy machine. This bounds a hang, not a pace.
    pluginTimeout: 120_000,
  });

  // Brotli or gzip for pages, styles and scripts: a cheap phone on a slow network pays for every byte.
  await app.register(compress, {
    encodings: ['br', 'gzip'],
    threshold: 1024,
    customTypes: /^(text\/|application\/(javascript|json|xml|atom\+xml|rss\+xml)|image\/svg\+xml)/,
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

  app.decorate('caseTabs', featureCaseTabs(features));
  app.decorate('caseSummary', featureCaseSummary(features));
  app.decorate('staffNav', featureNav(features));
  app.decorate('jobs', featureJobs(features));
  await app.register(healthRoutes);
  await app.register(authPages);
  for (const feature of features) {
    for (const routes of feature.routes ?? []) await app.register(routes);
  }
  return app;
}
