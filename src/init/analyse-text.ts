/** One pass of compromise over a source: its terms with tags and offsets, and its sentences. */
import nlp from 'compromise';
import { sentences, unwrapLines, type Span } from './text-units.js';

export interface Term {
  text: string;
  start: number;
  end: number;
  tags: ReadonlySet<string>;
  /** Index of the sentence (in `sentences`) holding the term. */
  sentence: number;
  /** The term is the first word of its sentence. */
  first: boolean;
}

export interface AnalysedText {
  id: string;
  text: string;
  sentences: Span[];
  terms: Term[];
}

interface CompromiseTerm {
  text: string;
  tags: string[];
  offset: { start: number; length: number };
}

/**
 * Most text handed to compromise at once. Its analysis of a whole document costs time and memory
 * out of proportion to the document (a 2 MB source took half a minute and over a gigabyte), so the
 * text goes to it in pieces of whole sentences: its tags depend on the sentence, not the document.
 */
export const MAX_ANALYSED_CHUNK = 32_000;

export function analyseText(id: string, text: string): AnalysedText {
  const spans = sentences(text);
  const unwrapped = unwrapLines(text);
  const terms: Term[] = [];
  let s = 0;
  let lastSentence = -1;
  for (const chunk of sentenceChunks(spans, text.length)) {
    const json = nlp(unwrapped.slice(chunk.start, chunk.end)).json({ offset: true, terms: { offset: true } }) as {
      terms: CompromiseTerm[];
    }[];
    for (const sentence of json) {
      for (const t of sentence.terms) {
        const start = chunk.start + t.offset.start;
        const end = start + t.offset.length;
        if (t.offset.length === 0 || text.slice(start, end) !== t.text) continue;
        while (s < spans.length - 1 && start >= (spans[s]?.end ?? 0)) s++;
        const span = spans[s];
        if (!span) continue;
        const first = s !== lastSentence;
        lastSentence = s;
        terms.push({ text: t.text, start, end, tags: new Set(t.tags), sentence: s, first });
      }
    }
  }
  return { id, text, sentences: spans, terms };
}

/** The text cut into pieces of about MAX_ANALYSED_CHUNK characters, each ending where a sentence does. */
export function sentenceChunks(spans: readonly Span[], length: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i < spans.length; i++) {
    const next = spans[i + 1];
    if (next && next.start - start >= MAX_ANALYSED_CHUNK) {
      out.push({ start, end: next.start });
      start = next.start;
    }
  }
  if (start < length || out.length === 0) out.push({ start, end: length });
  return out;
}
