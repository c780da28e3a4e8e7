import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export function renderPage(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

export function renderFragment(node: VNode): string {
  return renderToString(node);
}
