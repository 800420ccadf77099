/**
 * Figures (numbers with what they count) and quoted speech, found with
 * compromise's number tagging; each comes with a quote sliced from the source.
 */
import type { AnalysedText, Term } from './analyse-text.js';
import type { NameMention } from './find-names.js';
import { quoteAround, sentenceAt, type Span } from './text-units.js';

export interface Figure {
  /** The number and what it counts, as written: "400,000 Syrians". */
  label: string;
  /** Compares figures across sources: the number, digits only, or the words lower-cased. */
  key: string;
  source: string;
  quote: Span;
}

export interface YearMention {
  year: number;
  source: string;
  quote: Span;
}

/** Words that never make a figure on their own ("one of them", "a second time"). */
const TOO_COMMON = new Set(['one', 'a', 'an', 'zero', 'once']);
const UNIT_STOP_WORDS = new Set([
  'over',
  'under',
  'about',
  'per',
  'than',
  'more',
  'less',
  'each',
  'every',
  'old',
  'ago',
  'later',
  'earlier',
  'long',
  'away',
]);
const UNIT_STOP = [
  'Preposition',
  'Determiner',
  'Conjunction',
  'Pronoun',
  'Adverb',
  'Value',
  'Copula',
  'Modal',
  'Auxiliary',
];

function isYear(term: Term): boolean {
  return (
    /^\d{4}$/u.test(term.text) && Number(term.text) >= 1000 && Number(term.text) <= 2100 && !term.tags.has('Money')
  );
}

/** Numbers with the words that say what they count, and years (for a draft timeline). */
export function findFigures(analysed: AnalysedText): { figures: Figure[]; years: YearMention[] } {
  const { terms, text } = analysed;
  const figures: Figure[] = [];
  const years: YearMention[] = [];
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i] as Term;
    if (!term.tags.has('Value') || term.tags.has('Ordinal')) continue;
    const sentence = analysed.sentences[term.sentence];
    if (!sentence) continue;
    if (isYear(term)) {
      years.push({
        year: Number(term.text),
        source: analysed.id,
        quote: quoteAround(text, sentence, term.start, term.end),
      });
      continue;
    }
    // A number may span several terms ("two hundred"); take them all.
    let j = i;
    while (terms[j + 1]?.tags.has('Value') && /^ $/u.test(text.slice(terms[j]?.end ?? 0, terms[j + 1]?.start ?? 0)))
      j++;
    const start = term.start + (/^[^\p{L}\p{N}]*/u.exec(term.text)?.[0].length ?? 0);
    const numberText = text.slice(start, (terms[j] as Term).end);
    const digits = /\d/u.test(numberText);
    if (
      term.tags.has('Fraction') ||
      /^an? /iu.test(numberText) ||
      (/\p{L}/u.test(numberText.replace(/^\D+/u, '')) && digits)
    )
      continue;
    const range = /^(\d{4})\s*[-–]\s*(\d{4})$/u.exec(numberText);
    if (range) {
      for (const y of [range[1], range[2]])
        years.push({
          year: Number(y),
          source: analysed.id,
          quote: quoteAround(text, sentence, term.start, (terms[j] as Term).end),
        });
      i = j;
      continue;
    }
    if (terms[j + 1]?.tags.has('Month') || term.tags.has('Month')) continue;
    if (!digits && TOO_COMMON.has(numberText.toLowerCase())) continue;
    const unitEnd = unitAfter(analysed, j);
    if (!digits && unitEnd === undefined) continue;
    const end = unitEnd ?? (terms[j] as Term).end;
    figures.push({
      label: text.slice(start, end).replace(/\s+/gu, ' '),
      key: digits ? numberText.replace(/[^\d.]/gu, '').replace(/\.$/u, '') : numberText.toLowerCase(),
      source: analysed.id,
      quote: quoteAround(text, sentence, start, end),
    });
    i = j;
  }
  return { figures, years };
}

/** End of the words after a number that say what it counts: up to three nouns or adjectives, "hundreds of victims". */
function unitAfter(analysed: AnalysedText, j: number): number | undefined {
  const { terms, text } = analysed;
  let end: number | undefined;
  let taken = 0;
  for (let k = j + 1; k < terms.length && taken < 3; k++) {
    const prev = terms[k - 1] as Term;
    const term = terms[k] as Term;
    if (term.sentence !== prev.sentence || !/^\s+$/u.test(text.slice(prev.end, term.start))) break;
    if (term.text === 'of' && taken === 0) {
      const next = terms[k + 1];
      if (next && next.tags.has('Noun') && !next.tags.has('Pronoun') && !next.tags.has('Possessive')) continue;
      break;
    }
    if (UNIT_STOP_WORDS.has(term.text.toLowerCase()) || (term.tags.has('Date') && !term.tags.has('Duration'))) break;
    if (UNIT_STOP.some((t) => term.tags.has(t)) && !(taken === 0 && term.tags.has('Adjective'))) break;
    const counts =
      term.tags.has('Noun') ||
      term.tags.has('Adjective') ||
      term.tags.has('Plural') ||
      (taken === 0 && term.tags.has('Verb') && /s$/u.test(term.text));
    if (!counts) break;
    end = term.end;
    taken++;
    if (term.tags.has('Plural') || !/^ $/u.test(text.slice(term.end, terms[k + 1]?.start ?? term.end))) break;
  }
  return end;
}

export interface QuotedSpeech {
  /** The words inside the quotation marks. */
  words: Span;
  /** The citation: the sentence (or clause) holding the quotation. */
  quote: Span;
  source: string;
  /** A name the same sentence gives as the speaker ("Mohammed remarks", "said Fayyad"), when there is one. */
  speaker?: NameMention;
}

const QUOTATION = /"([^"\n]{3,600})"|\u201C([^\u201C\u201D\n]{3,600})\u201D/gu;

/** How many names on each side of a quotation are tried as its speaker: the nearest ones. */
const SPEAKER_REACH = 16;

/** Quoted words and who says them, when the same sentence names someone. */
export function findQuotedSpeech(analysed: AnalysedText, names: readonly NameMention[]): QuotedSpeech[] {
  const out: QuotedSpeech[] = [];
  // This source's names in text order, searched by offset instead of filtered for every quotation.
  const own = names.filter((n) => n.source === analysed.id).sort((a, b) => a.start - b.start);
  const firstFrom = (offset: number) => {
    let low = 0;
    let high = own.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((own[mid]?.start ?? 0) < offset) low = mid + 1;
      else high = mid;
    }
    return low;
  };
  for (const match of analysed.text.matchAll(QUOTATION)) {
    const start = match.index + 1;
    const end = match.index + match[0].length - 1;
    const sentence = sentenceAt(analysed.sentences, match.index);
    if (!sentence) continue;
    const last = sentenceAt(analysed.sentences, end) ?? sentence;
    const whole = { start: sentence.start, end: Math.max(last.end, end + 1), text: '' };
    whole.text = analysed.text.slice(whole.start, whole.end);
    const quote = whole.end - whole.start <= 2 * 240 ? whole : { start, end, text: analysed.text.slice(start, end) };
    const isSpeaker = (n: NameMention) => n.end <= whole.end && speaks(analysed.text, n, whole);
    // The nearest speaker before the quotation (names in the sentence that end before it), else after it.
    let before: NameMention | undefined;
    for (let i = firstFrom(match.index) - 1, tried = 0; i >= 0 && tried < SPEAKER_REACH; i--) {
      const n = own[i] as NameMention;
      if (n.start < sentence.start) break;
      if (n.end > match.index) continue;
      tried++;
      if (isSpeaker(n)) {
        before = n;
        break;
      }
    }
    let after: NameMention | undefined;
    for (let i = firstFrom(end + 1), tried = 0; i < own.length && tried < SPEAKER_REACH; i++, tried++) {
      const n = own[i] as NameMention;
      if (n.start >= whole.end) break;
      if (isSpeaker(n)) {
        after = n;
        break;
      }
    }
    out.push({
      words: { start, end, text: analysed.text.slice(start, end) },
      quote,
      source: analysed.id,
      speaker: before ?? after,
    });
  }
  return out;
}

const SPEECH_VERBS = new Set(
  (
    'say says said saying tell tells told telling remark remarks remarked add adds added ask asks asked explain explains explained ' +
    'recall recalls recalled reply replies replied answer answers answered insist insists insisted note notes noted write writes wrote ' +
    'state states stated admit admits admitted claim claims claimed declare declares declared shout shouts shouted whisper whispers ' +
    'whispered cry cries cried speak speaks spoke warn warns warned argue argues argued describe describes described continue continues continued'
  ).split(' '),
);

/** A speech verb right after the name ("Mohammed remarks") or right before it ("said Fayyad"). */
function speaks(text: string, name: NameMention, sentence: Span): boolean {
  const after = text
    .slice(name.end, Math.min(sentence.end, name.end + 40))
    .match(/^[\s,]*(?:\p{Ll}+\s+){0,2}?(\p{Ll}+)/u);
  const before = text.slice(Math.max(sentence.start, name.start - 20), name.start).match(/(\p{Ll}+)[\s,]*$/u);
  return [after?.[1], before?.[1]].some((w) => w !== undefined && SPEECH_VERBS.has(w));
}
