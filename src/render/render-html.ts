/** Render one document of a guide to an HTML string (the input of printing). */
import type { LoadedGuide } from '../content/load-guide.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { RenderError, TemplateError, type Location } from '../errors.js';
import type { DocumentKind, RenderVariant } from '../options.js';
import { FONT_STACKS, uncoveredCharacters } from './fonts.js';
import { loadTemplates, type TemplateSet } from './templates.js';
import { buildViewModel, SECTION_TITLES, type ViewModel } from './view-model.js';

export interface RenderedDocument {
  document: DocumentKind;
  html: string;
  /** PDF metadata, from the content. */
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  language: string;
  /** Booklet sections in order (empty for single documents): id and heading as printed. */
  toc: TocEntry[];
}

export interface TocEntry {
  id: string;
  title: string;
}

export interface RenderHtmlOptions {
  /** The templates of this build, loaded once for it (see loadTemplates). */
  templates?: TemplateSet;
  /** Without `templates`: read the templates from this folder now (default: the bundled ones). */
  templatesDir?: string;
  /** Filled-in table of contents: section id → page number (second pass of the booklet). */
  pageNumbers?: Record<string, number>;
}

export function renderDocumentHtml(
  guide: LoadedGuide,
  document: DocumentKind,
  variant: RenderVariant,
  options: RenderHtmlOptions = {},
): RenderedDocument {
  const templates = options.templates ?? loadTemplates(options.templatesDir);
  const model = buildViewModel(guide, document, variant);
  const tocEntries = document === 'booklet' ? bookletSections(model) : [];
  const toc = tocEntries.map((e) => ({ ...e, page: options.pageNumbers?.[e.id] ?? null }));
  const html = templates.render(document, { ...model, toc });
  checkSectionIds(html, tocEntries, path.join(templates.dir, 'documents', `${document}.hbs`));
  checkFontCoverage(guide, html, variant.largePrint);
  const { meta } = guide;
  const title =
    document === 'booklet' ? `${meta.title}: ${SECTION_TITLES.booklet}` : `${meta.title}: ${SECTION_TITLES[document]}`;
  return {
    document,
    html,
    title: `${title} (${model.editionLabel}${variant.largePrint ? ', large print' : ''})`,
    author: meta.author,
    subject: `${SECTION_TITLES[document]} for ${meta.work.title}${meta.work.year ? ` (${meta.work.year})` : ''}, ${meta.audience}`,
    keywords: [...new Set([meta.work.title, meta.work.kind, ...meta.subjects, ...meta.keywords, 'study guide'])],
    language: meta.language,
    toc: tocEntries,
  };
}

/**
 * The booklet's sections after the cover, as the table of contents lists them. The id is
 * how a section is found (the template gives its element that id; printing reads its page
 * back by id); the title is only what the contents print.
 */
export function bookletSections(model: ViewModel): TocEntry[] {
  const entries: Array<TocEntry | false> = [
    { id: 'about', title: 'About this guide' },
    { id: 'synopsis', title: 'Synopsis' },
    model.timeline.length > 0 && { id: 'timeline', title: 'Timeline' },
    model.people.length > 0 && { id: 'characters', title: 'Character sheets' },
    model.questions.count > 0 && { id: 'questions', title: 'Discussion questions' },
    model.isTeacher && model.questions.count > 0 && { id: 'answer-key', title: 'Answer key' },
    model.comparison.topics.length > 0 && { id: 'comparison', title: 'Comparing the sources' },
    model.coverage.groups.length > 0 && model.sources.length > 0 && { id: 'coverage', title: 'Source coverage' },
    model.glossary.length > 0 && { id: 'glossary', title: 'Glossary' },
    { id: 'sources', title: 'The sources' },
  ];
  return entries.filter((e): e is TocEntry => e !== false);
}

/** Sections of the table of contents, named for a message: '"Synopsis" and "Glossary"', 'id="synopsis" or id="glossary"'. */
export function missingSections(missing: readonly TocEntry[]): { titles: string; ids: string } {
  return {
    titles: orList(
      missing.map((e) => `"${e.title}"`),
      'and',
    ),
    ids: orList(
      missing.map((e) => `id="${e.id}"`),
      'or',
    ),
  };
}

/**
 * Every section the table of contents lists must be an element with that id: its page is
 * found by id, so a template that drops one would print a contents line with no page.
 * Checked here, without a browser, so that `check` reports it too.
 */
function checkSectionIds(html: string, toc: readonly TocEntry[], templateFile: string): void {
  if (toc.length === 0) return;
  const present = new Set(
    Array.from(html.matchAll(/\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi), (m) => m[1] ?? m[2] ?? m[3]),
  );
  const missing = toc.filter((e) => !present.has(e.id));
  const first = missing[0];
  if (!first) return;
  const { titles, ids } = missingSections(missing);
  throw new TemplateError(`the table of contents lists ${titles}, but no element of the booklet has ${ids}`, {
    location: { file: templateFile },
    hint: `give the section's element id="${first.id}" (as the bundled templates/partials/ do); sections are found by id, not by their heading.`,
  });
}

/** "a", "a and b", "a, b and c". */
export function orList(items: readonly string[], word: 'and' | 'or'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${word} ${items.at(-1)}`;
}

/** Text a reader sees: tags and style blocks removed, entities decoded. */
export function visibleText(html: string): string {
  return stripTags(html)
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

const HIDDEN_ELEMENTS = ['style', 'script', 'title'] as const;

/**
 * Every style, script and title element with its content, then every tag, replaced by a space: what
 * `<(style|script|title)\b[^>]*>[\s\S]*?<\/\1>` then `<[^>]*>` did, in one pass each (those rescanned
 * the rest of the page from each unclosed "<": quadratic in a page of many).
 */
export function stripTags(html: string): string {
  return replaceTags(replaceTags(html, true), false);
}

/** One pass over the "<" of `html`: hidden elements (`hidden`) or any tag, each replaced by a space. */
function replaceTags(html: string, hidden: boolean): string {
  const parts: string[] = [];
  let copied = 0;
  let gt = -2; // The next ">" at or after the current position (-1: there is none).
  const closes = new Map<string, number>(); // Where each "</name>" next stands (-1: nowhere further).
  const closeOf = (name: string, from: number): number => {
    const known = closes.get(name);
    if (known !== undefined && (known === -1 || known >= from)) return known;
    const pattern = new RegExp(`</${name}>`, 'gi');
    pattern.lastIndex = from;
    const at = pattern.exec(html)?.index ?? -1;
    closes.set(name, at);
    return at;
  };
  for (let lt = html.indexOf('<'); lt !== -1; lt = html.indexOf('<', lt + 1)) {
    if (gt !== -1 && gt < lt) gt = html.indexOf('>', lt);
    if (gt === -1) break; // No ">" after this "<": no tag starts here or later.
    let end = gt + 1;
    if (hidden) {
      const name = HIDDEN_ELEMENTS.find(
        (n) => html.slice(lt + 1, lt + 1 + n.length).toLowerCase() === n && !/\w/.test(html[lt + 1 + n.length] ?? ''),
      );
      const close = name === undefined ? -1 : closeOf(name, end);
      if (name === undefined || close === -1) continue;
      end = close + name.length + 3;
    }
    parts.push(html.slice(copied, lt), ' ');
    copied = end;
    lt = end - 1;
  }
  parts.push(html.slice(copied));
  return parts.join('');
}

function checkFontCoverage(guide: LoadedGuide, html: string, largePrint: boolean): void {
  const stack = largePrint ? FONT_STACKS.largePrint : FONT_STACKS.regular;
  const missing = uncoveredCharacters(visibleText(html), stack);
  if (missing.length === 0) return;
  const list = missing
    .slice(0, 10)
    .map((c) => `"${c}" (U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')})`)
    .join(', ');
  throw new RenderError(`no bundled font has ${missing.length === 1 ? 'the character' : 'the characters'} ${list}`, {
    location: whereCharacter(guide, missing[0] ?? ''),
    hint: `the bundled fonts cover Latin, Greek, Cyrillic, Vietnamese and Arabic scripts; replace or remove ${missing.length === 1 ? 'it' : 'them'} so that nothing falls back to a font of the machine.`,
  });
}

/** The first place a character appears: the guide's files (guide.md, or guide.yaml and synopsis.md), else its sources. */
function whereCharacter(guide: LoadedGuide, char: string): Location {
  for (const file of guide.inputs) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const offset = text.indexOf(char);
    if (offset < 0) continue;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { file, line, column: offset - before.lastIndexOf('\n') };
  }
  return { file: guide.file };
}
