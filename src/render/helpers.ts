/** Handlebars helpers: formatting only. Helpers that return HTML escape everything they did not make. */
import type Handlebars from 'handlebars';
import { TemplateError } from '../errors.js';
import { renderMarkdown, renderMarkdownInline, type MarkdownEnv } from './markdown.js';

/** A CSS string literal with every character that could end it escaped. */
export function cssString(text: string): string {
  let out = '"';
  for (const char of text) {
    out += /[A-Za-z0-9 ,.:;!?()-]/.test(char) ? char : `\\${(char.codePointAt(0) ?? 0).toString(16)} `;
  }
  return `${out}"`;
}

/**
 * A helper's text argument: text or a number from the content, or nothing. An object or a list
 * is a template mistake, reported as one instead of printing "[object Object]" in a handout.
 */
function textArg(helper: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  throw new TemplateError(`the ${helper} helper takes text, not ${Array.isArray(value) ? 'a list' : 'an object'}`, {
    hint: `give {{${helper}}} a text field (e.g. {{${helper} description}}); an object or a list has no text to print.`,
  });
}

export function registerHelpers(hb: typeof Handlebars): void {
  const safe = (html: string) => new hb.SafeString(html);
  hb.registerHelper('md', (text: unknown, options: Handlebars.HelperOptions) =>
    safe(renderMarkdown(textArg('md', text), markdownEnv(options))),
  );
  hb.registerHelper('mdInline', (text: unknown, options: Handlebars.HelperOptions) =>
    safe(renderMarkdownInline(textArg('mdInline', text), markdownEnv(options))),
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
  hb.registerHelper('cssString', (text: unknown) => safe(cssString(textArg('cssString', text))));
}

function markdownEnv(options: Handlebars.HelperOptions): MarkdownEnv {
  // Citations number per document: the root context owns the list.
  const root = (options.data as { root?: { markdownEnv?: MarkdownEnv } } | undefined)?.root;
  return root?.markdownEnv ?? { citations: [] };
}
