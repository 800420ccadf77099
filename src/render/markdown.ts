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

/** The inline-citation pattern, anchored where the rule is asked to look (sticky). */
const CITATION_AT = new RegExp(INLINE_CITATION.source, 'y');
/** What a citation token carries (markdown-it types a token's meta as any). */
interface CitationMeta {
  n: number;
}

function citationRule(state: StateInline, silent: boolean): boolean {
  if (state.src.charCodeAt(state.pos) !== 0x5b /* [ */ || state.src.charCodeAt(state.pos + 1) !== 0x40 /* @ */) {
    return false;
  }
  const pattern = CITATION_AT;
  pattern.lastIndex = state.pos;
  const match = pattern.exec(state.src);
  if (!match) return false;
  if (!silent) {
    const env = state.env as MarkdownEnv;
    env.citations ??= [];
    const n = env.citations.length + 1;
    env.citations.push({ n, source: match[1] ?? '', quote: match[2] ?? '' });
    const token = state.push('citation', '', 0);
    token.meta = { n } satisfies CitationMeta;
  }
  state.pos += match[0].length;
  return true;
}

function createMarkdown(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true, breaks: false });
  md.inline.ruler.before('link', 'citation', citationRule);
  md.renderer.rules.citation = (tokens, idx) =>
    `<sup class="cite">${Number((tokens[idx]?.meta as CitationMeta | undefined)?.n)}</sup>`;
  // Links: web, mail, in-page and paths inside the guide's folder. Anything else (file:,
  // javascript:, data:, absolute paths) stays text.
  md.validateLink = (url: string) => /^(https?:|mailto:|#)/i.test(url.trim()) || isGuideRelative(url);
  // A relative link would point into the printing page's private origin: print its text only.
  const open = md.renderer.rules.link_open ?? ((t, i, o, _e, self) => self.renderToken(t, i, o));
  const close = md.renderer.rules.link_close ?? ((t, i, o, _e, self) => self.renderToken(t, i, o));
  md.renderer.rules.link_open = (tokens, idx, options, env: MarkdownEnv & { links?: boolean[] }, self) => {
    const local = isGuideRelative(tokens[idx]?.attrGet('href') ?? '');
    (env.links ??= []).push(local);
    return local ? '<span class="link-local">' : open(tokens, idx, options, env, self);
  };
  md.renderer.rules.link_close = (tokens, idx, options, env: MarkdownEnv & { links?: boolean[] }, self) =>
    env.links?.pop() ? '</span>' : close(tokens, idx, options, env, self);
  const defaultImage = md.renderer.rules.image;
  // Images print only from the guide's own folder; a remote one would print as a broken icon,
  // so it becomes a note saying what was left out.
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const src = token?.attrGet('src') ?? '';
    if (token && isGuideRelative(src) && defaultImage) return defaultImage(tokens, idx, options, env, self);
    const alt = token?.content || 'image';
    return `<span class="image-omitted">[${md.utils.escapeHtml(alt)}: image not included, only images in the guide's folder print]</span>`;
  };
  return md;
}

/** A relative path with no scheme, no leading slash and no way up out of the folder. */
export function isGuideRelative(url: string): boolean {
  const u = url.trim();
  return u !== '' && !/^[a-z][a-z0-9+.-]*:/i.test(u) && !/^[\\/]/.test(u) && !/(^|[\\/])\.\.([\\/]|$)/.test(u);
}

const md = createMarkdown();

export function renderMarkdown(source: string, env: MarkdownEnv = { citations: [] }): string {
  return md.render(source, env);
}

export function renderMarkdownInline(source: string, env: MarkdownEnv = { citations: [] }): string {
  return md.renderInline(source, env);
}
