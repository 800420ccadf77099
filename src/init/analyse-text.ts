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

export function analyseText(id: string, text: string): AnalysedText {
  const spans = sentences(text);
  const json = nlp(unwrapLines(text)).json({ offset: true, terms: { offset: true } }) as { terms: CompromiseTerm[] }[];
  const terms: Term[] = [];
  let s = 0;
  let lastSentence = -1;
  for (const sentence of json) {
    for (const t of sentence.terms) {
      const start = t.offset.start;
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
  return { id, text, sentences: spans, terms };
}
