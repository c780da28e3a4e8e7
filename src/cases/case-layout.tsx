import type { FastifyRequest } from 'fastify';
import type { ComponentChildren } from 'preact';
import { CaseFrameView } from './case-frame.views.js';
import { caseFrame } from './case-http.js';
import type { CaseRow } from './cases.table.js';

/**
 * A case page from a request, for the features that render their own case tabs (plans, referrals, solutions); the
 * cases feature's own views take a `CaseFrame` built by the route (case-http.ts) instead.
 */
export async function CasePage(props: { request: FastifyRequest; record: CaseRow; tab: string; title: string; children: ComponentChildren }) {
  return CaseFrameView({ frame: await caseFrame(props.request, { record: props.record, tab: props.tab, title: props.title }), children: props.children });
}
