/** Handlebars helpers: formatting only. Helpers that return HTML escape everything they did not make. */
import type Handlebars from 'handlebars';
import { renderMarkdown, renderMarkdownInline, type MarkdownEnv } from './markdown.js';

/** A CSS string literal with every character that could end it escaped. */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    out += /[A-Za-z0-9 ,.:;!?()-]/.test(char) ? char : `\\${(char.codePointAt(0) ?? 0).toString(16)} `;
  }
  return `${out}"`;
}

export function registerHelpers(hb: typeof Handlebars): void {
  const safe = (html: string) => new hb.SafeString(html);
  hb.registerHelper('md', (text: unknown, options: Handlebars.HelperOptions) =>
    safe(renderMarkdown(String(text ?? ''), markdownEnv(options))),
  );
  hb.registerHelper('mdInline', (text: unknown, options: Handlebars.HelperOptions) =>
    safe(renderMarkdownInline(String(text ?? ''), markdownEnv(options))),
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('not', (a: unknown) => !a);
  hb.registerHelper('inc', (n: unknown) => Number(n) + 1);
  hb.registerHelper('join', (list: unknown, sep: unknown) =>
    Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ', ') : '',
  );
  hb.registerHelper('times', (n: unknown, options: Handlebars.HelperOptions) => {
    let out = '';
    for (let i = 0; i < Number(n); i++) out += options.fn({ index: i });
    return out;
  });
  // The helper escapes every character itself, so its result is safe inside <style>.
  hb.registerHelper('cssString', (text: unknown) => safe(cssString(String(text ?? ''))));
}

function markdownEnv(options: Handlebars.HelperOptions): MarkdownEnv {
  // Citations number per document: the root context owns the list.
  const root = (options.data as { root?: { markdownEnv?: MarkdownEnv } } | undefined)?.root;
  return root?.markdownEnv ?? { citations: [] };
}
