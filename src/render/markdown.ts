/**
 * Markdown for teachers' text: raw HTML is escaped (html: false), links are kept
 * as printed text with their target, and inline citations `[@id "quote"]`
 * become numbered notes collected in `env.citations`.
 */
import MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { INLINE_CITATION } from '../content/inline-citations.js';

export interface MarkdownEnv {
  citations: Array<{ n: number; source: string; quote: string }>;
}

function citationRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */ || state.src.charCodeAt(state.pos + 1) !== 0x40 /* @ */) {
    return false;
  }
  const pattern = new RegExp(INLINE_CITATION.source, 'y');
  pattern.lastIndex = state.pos;
  const match = pattern.exec(state.src);
  if (!match) return false;
  if (!silent) {
    const env = state.env as MarkdownEnv;
    env.citations ??= [];
    const n = env.citations.length + 1;
    env.citations.push({ n, source: match[1] ?? '', quote: match[2] ?? '' });
    const token = state.push('citation', '', 0);
    token.meta = { n };
  }
  state.pos += match[0].length;
  return true;
}

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true, breaks: false });
  md.inline.ruler.before('link', 'citation', citationRule);
  md.renderer.rules.citation = (tokens, idx) => `<sup class="cite">${Number(tokens[idx]?.meta?.n)}</sup>`;
  // Only web and mail links survive as links; anything else (file:, javascript:, data:) is text.
  md.validateLink = (url: string) => /^(https?:|mailto:|#)/i.test(url.trim());
  return md;
}

const md = createMarkdown();

export function renderMarkdown(source: string, env: MarkdownEnv = { citations: [] }): string {
  return md.render(source, env);
}

export function renderMarkdownInline(source: string, env: MarkdownEnv = { citations: [] }): string {
  return md.renderInline(source, env);
}
