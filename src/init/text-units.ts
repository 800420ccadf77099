/**
 * Sentences and clauses of a source, as offsets into its text. Every quote a
 * draft cites is a slice of the source text itself, never retyped, so that it
 * verifies verbatim.
 */

export interface Span {
  start: number;
  end: number;
  text: string;
}

const sentenceSegmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

/** A quote should be a readable sentence or clause, not a paragraph. */
export const MAX_QUOTE = 240;

/**
 * The sentences of a text (UAX #29), trimmed, empty ones dropped. A single
 * line break inside a paragraph (hard-wrapped text) does not end a sentence;
 * a blank line, a heading or a list item does.
 */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  const unwrapped = unwrapLines(text);
  for (const chunk of chunks(unwrapped)) {
    for (const seg of sentenceSegmenter.segment(unwrapped.slice(chunk.start, chunk.end))) {
      const span = trimSpan(text, chunk.start + seg.index, chunk.start + seg.index + seg.segment.length);
      if (span) out.push(span);
    }
  }
  return out;
}

/** Longest text handed to the segmenter at once: V8's sentence segmenter slows down badly on long strings. */
const MAX_CHUNK = 8000;

/** Lines of the (unwrapped) text, and long lines cut after a sentence-ending mark, as offsets. */
function chunks(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    let end = newline === -1 ? text.length : newline + 1;
    if (end - start > MAX_CHUNK) {
      const window = text.slice(start, start + MAX_CHUNK);
      const cut = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
      end = start + (cut > 0 ? cut + 2 : MAX_CHUNK);
    }
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** Trim whitespace from both ends of text[start, end). */
export function trimSpan(text: string, start: number, end: number): Span | undefined {
  while (start < end && /\s/u.test(text[start] ?? '')) start++;
  while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
  return end > start ? { start, end, text: text.slice(start, end) } : undefined;
}

/** The sentence holding an offset (sentences in text order, as `sentences` gives them): a binary search. */
export function sentenceAt(all: readonly Span[], offset: number): Span | undefined {
  let low = 0;
  let high = all.length;
  // The first sentence that ends after the offset holds it, if it starts at or before it.
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((all[mid]?.end ?? 0) <= offset) low = mid + 1;
    else high = mid;
  }
  const span = all[low];
  return span && offset >= span.start && offset < span.end ? span : undefined;
}

/** Index of the first item of the sorted `list` for which `before(item)` is false. */
function partition(list: readonly number[], before: (item: number) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (before(list[mid] ?? 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Clause breaks of each long sentence, found once however many quotes are cut from it. */
const clauseBreaks = new WeakMap<Span, number[]>();

function breaksOf(text: string, sentence: Span): number[] {
  let breaks = clauseBreaks.get(sentence);
  if (!breaks) {
    breaks = [sentence.start];
    const inner = text.slice(sentence.start, sentence.end);
    for (const m of inner.matchAll(/[,;:\u2013\u2014]\s|\s[-\u2013\u2014]\s/gu))
      breaks.push(sentence.start + m.index + 1);
    breaks.push(sentence.end);
    clauseBreaks.set(sentence, breaks);
  }
  return breaks;
}

/**
 * A quote around text[start, end): the whole sentence when it is short enough,
 * else the clause (between commas, semicolons, colons or dashes) that holds the
 * match, widened to neighbouring clauses while it stays short.
 */
export function quoteAround(text: string, sentence: Span, start: number, end: number): Span {
  if (sentence.end - sentence.start <= MAX_QUOTE) return sentence;
  const breaks = breaksOf(text, sentence);
  // Binary searches over the sorted breaks: the last at or before a point, the first at or after it.
  const lastAtOrBefore = (x: number) => breaks[partition(breaks, (b) => b <= x) - 1];
  const lastBefore = (x: number) => breaks[partition(breaks, (b) => b < x) - 1];
  const firstAfter = (x: number) => breaks[partition(breaks, (b) => b <= x)];
  let from = lastAtOrBefore(start) ?? sentence.start;
  let to = breaks[partition(breaks, (b) => b < end)] ?? sentence.end;
  for (;;) {
    const before = lastBefore(from);
    const after = firstAfter(to);
    if (after !== undefined && after - from <= MAX_QUOTE) to = after;
    else if (before !== undefined && to - before <= MAX_QUOTE) from = before;
    else break;
  }
  const clause = trimSpan(text, from, to);
  if (clause && clause.end - clause.start <= 2 * MAX_QUOTE && clause.end - clause.start >= end - start) {
    return stripTrailingPunctuation(text, clause);
  }
  return wordWindow(text, sentence, start, end);
}

/** A run-on sentence with no clause breaks: the words around the match, cut at word boundaries. */
function wordWindow(text: string, sentence: Span, start: number, end: number): Span {
  const half = Math.max(0, Math.floor((MAX_QUOTE - (end - start)) / 2));
  let from = Math.max(sentence.start, start - half);
  let to = Math.min(sentence.end, end + half);
  while (from > sentence.start && from < start && /\S/u.test(text[from - 1] ?? '')) from++;
  while (to < sentence.end && to > end && /\S/u.test(text[to] ?? '')) to--;
  return trimSpan(text, from, to) ?? { start, end, text: text.slice(start, end) };
}

function stripTrailingPunctuation(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /[,;:\s\u2013\u2014-]/u.test(text[end - 1] ?? '')) end--;
  return { start: span.start, end, text: text.slice(span.start, end) };
}

/** Shorten a text for a label, at a word boundary. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/u, '')}…`;
}

/**
 * The text with single line breaks inside paragraphs turned into spaces of the
 * same length, so that offsets into it are offsets into the original.
 *
 * A break joins when the line before ends in a non-space (trailing blanks aside) and the
 * line after starts, after its indentation, with a non-space that begins no list item,
 * heading, quote or table row. One pass: each break looks back over the blanks before it
 * and ahead over the next line's indentation only (a lookbehind regular expression
 * re-scanned a run of spaces from every position in it: quadratic).
 */
export function unwrapLines(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    const start = i > 0 && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    if (!endsInWord(text, start) || !joinsNextLine(text, i + 1)) continue;
    parts.push(text.slice(copied, start), ' '.repeat(i + 1 - start));
    copied = i + 1;
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

const isBlank = (code: number) => code === 32 || code === 9;
const isSpace = (char: string) => /\s/u.test(char);

/** Whether text before `end`, after trailing spaces and tabs, ends in a non-space character. */
function endsInWord(text: string, end: number): boolean {
  let j = end - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  return j >= 0 && !isSpace(text[j] ?? ' ');
}

/** Whether the line at `from`, after its indentation, starts with text that continues a paragraph. */
function joinsNextLine(text: string, from: number): boolean {
  let j = from;
  while (j < text.length && isBlank(text.charCodeAt(j))) j++;
  const first = text[j];
  if (first === undefined || isSpace(first) || '-*+>#|'.includes(first)) return false;
  let k = j;
  while (k < text.length && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
  // "12. " or "3) " starts a numbered item.
  return !(k > j && (text[k] === '.' || text[k] === ')') && isSpace(text[k + 1] ?? 'x'));
}
