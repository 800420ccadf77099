/**
 * The data a template sees. Everything is validated content, shaped for
 * printing: optional fields are explicit nulls (templates run in strict mode),
 * sources carry letters, and Markdown that holds citations is rendered here so
 * its notes can be listed.
 */
import Handlebars from 'handlebars';
import type { LoadedGuide } from '../content/load-guide.js';
import type { CitationT, LevelT, StageT } from '../content/schema.js';
import type { DocumentKind, RenderVariant } from '../options.js';
import { buildCoverage } from './coverage.js';
import { renderMarkdown, type MarkdownEnv } from './markdown.js';
import { timelineSvg } from './timeline-svg.js';

export const DEFAULT_ANSWER_LINES: Record<LevelT, number> = {
  recall: 3,
  understanding: 4,
  analysis: 6,
  evaluation: 7,
  creation: 8,
};

const STAGE_LABELS: Record<StageT, string> = {
  before: 'Before viewing',
  during: 'During viewing',
  after: 'After viewing',
};

const VERDICT_LABELS = {
  agree: 'Sources agree',
  differ: 'Sources differ',
  partial: 'Partly agree',
  'single-source': 'One source only',
} as const;

export const SECTION_TITLES: Record<DocumentKind, string> = {
  synopsis: 'Synopsis',
  characters: 'Character sheets',
  questions: 'Discussion questions',
  comparison: 'Comparing the sources',
  booklet: 'Study guide',
};

const orNull = <T>(value: T | undefined): T | null => (value === undefined ? null : value);

/**
 * Language and direction of a name from its script, so that an Arabic spelling is
 * tagged lang="ar" (read by a screen reader in Arabic) and laid out right to left
 * inside a left-to-right line. Other scripts keep the document's language.
 */
export function scriptOf(text: string): { text: string; lang: string | null; dir: 'rtl' | null } {
  if (/[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/u.test(text))
    return { text, lang: 'ar', dir: 'rtl' };
  if (/[\u0590-\u05ff]/u.test(text)) return { text, lang: 'he', dir: 'rtl' };
  return { text, lang: null, dir: null };
}

export function sourceLetter(index: number): string {
  let n = index;
  let out = '';
  do {
    out = String.fromCharCode(65 + (n % 26)) + out;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return out;
}

export function buildViewModel(guide: LoadedGuide, document: DocumentKind, variant: RenderVariant) {
  const { meta } = guide;
  const sources = guide.sources.map((s, i) => ({
    id: s.id,
    letter: sourceLetter(i),
    title: s.meta.title,
    kind: s.meta.kind,
    author: orNull(s.meta.author),
    publisher: orNull(s.meta.publisher),
    url: webAddress(s.meta.url),
    accessed: orNull(s.meta.accessed),
    published: orNull(s.meta.published),
    note: orNull(s.meta.note),
  }));
  const letterOf = new Map(sources.map((s) => [s.id, s]));
  const cite = (c: CitationT) => ({
    letter: letterOf.get(c.source)?.letter ?? '?',
    sourceTitle: letterOf.get(c.source)?.title ?? c.source,
    quote: c.quote,
  });

  const markdownEnv: MarkdownEnv = { citations: [] };
  const synopsisHtml = new Handlebars.SafeString(renderMarkdown(guide.body, markdownEnv));
  const synopsisNotes = markdownEnv.citations.map((c) => ({ n: c.n, ...cite(c) }));

  const people = meta.people.map((p) => {
    const mentioned = new Set(guide.mentions.get(p.id) ?? []);
    return {
      id: p.id,
      name: p.name,
      aliases: p.aliases.map(scriptOf),
      role: p.role,
      description: p.description,
      facts: p.facts.map((f) => ({ text: f.text, cites: f.citations.map(cite) })),
      mentionedIn: sources.filter((s) => mentioned.has(s.id)),
    };
  });

  let number = 0;
  const stages = (['before', 'during', 'after'] as const)
    .map((stage) => ({
      stage,
      label: STAGE_LABELS[stage],
      questions: meta.questions
        .filter((q) => q.stage === stage)
        .map((q) => ({
          n: ++number,
          level: q.level,
          prompt: q.prompt,
          teacherNotes: q.teacher_notes,
          answer: q.answer ?? q.teacher_notes,
          lines: q.answer_lines ?? DEFAULT_ANSWER_LINES[q.level],
          cites: q.citations.map(cite),
        })),
    }))
    .filter((s) => s.questions.length > 0);

  const topics = meta.comparison.map((t) => ({
    topic: t.topic,
    note: t.note,
    verdict: t.verdict,
    verdictLabel: VERDICT_LABELS[t.verdict],
    cells: sources.map((s) => {
      const entry = t.sources.find((e) => e.source === s.id);
      return {
        letter: s.letter,
        mentioned: entry !== undefined,
        says: entry?.says ?? null,
        quote: entry?.quote ?? null,
      };
    }),
  }));

  const work = meta.work;
  return {
    markdownEnv,
    lang: meta.language,
    document,
    documentTitle: SECTION_TITLES[document],
    edition: variant.edition,
    editionLabel: variant.edition === 'teacher' ? 'Teacher edition' : 'Student edition',
    isTeacher: variant.edition === 'teacher',
    isStudent: variant.edition === 'student',
    largePrint: variant.largePrint,
    paper: variant.paper,
    guide: {
      slug: guide.slug,
      title: meta.title,
      subtitle: orNull(meta.subtitle),
      author: meta.author,
      audience: meta.audience,
      advisory: meta.advisory,
      subjects: meta.subjects,
      objectives: meta.objectives,
      keywords: meta.keywords,
    },
    work: {
      title: work.title,
      year: orNull(work.year),
      kind: work.kind,
      makers: work.makers,
      runningTime: orNull(work.running_time),
      language: orNull(work.language),
      country: orNull(work.country),
    },
    sources,
    synopsis: { html: synopsisHtml, notes: synopsisNotes },
    people,
    questions: { stages, count: number },
    comparison: { topics, sourceCount: sources.length },
    timeline: meta.timeline.map((e) => ({ when: e.when, label: e.label, cites: e.citations.map(cite) })),
    timelineSvg: new Handlebars.SafeString(
      timelineSvg(
        meta.timeline.map((e) => ({
          when: e.when,
          label: e.label,
          sort: e.sort ?? null,
          sources: [...new Set(e.citations.map((c) => cite(c).letter))],
        })),
        // The SVG is printed full width (640 units ≈ 655–680 CSS px on A4 and Letter): large print
        // gets about 18 pt labels, each date above its label, and parts short enough to share a page.
        variant.largePrint
          ? {
              fontSize: 24,
              charWidth: 0.45,
              layout: 'stacked',
              maxHeight: 600,
              title: `Timeline of ${meta.work.title}`,
            }
          : {
              fontSize: 12.5,
              charWidth: 0.45,
              layout: 'columns',
              maxHeight: 760,
              title: `Timeline of ${meta.work.title}`,
            },
      ),
    ),
    coverage: buildCoverage(
      sources,
      people,
      meta.comparison.map((t) => ({ topic: t.topic, sourceIds: t.sources.map((e) => e.source) })),
    ),
    glossary: meta.glossary,
  };
}

export type ViewModel = ReturnType<typeof buildViewModel>;

/** A link target that can only be a web page: anything else (javascript:, file:, data:) prints no link. */
export function webAddress(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}
