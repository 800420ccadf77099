/**
 * Candidate names: runs of capitalised words (with name particles such as
 * "al-" or "van"), minus words that are ordinary vocabulary, places,
 * organisations or nationalities according to compromise's lexicon and tagger.
 */
import nlp from 'compromise';
import type { AnalysedText, Term } from './analyse-text.js';

export interface NameMention {
  /** The name as written, without a possessive ending. */
  form: string;
  source: string;
  start: number;
  end: number;
  /** Index of the sentence in the source's analysis. */
  sentence: number;
  /** compromise took this occurrence for a place or an organisation (a name is dropped only if every occurrence is). */
  placeLike?: boolean;
}

const PARTICLES = new Set([
  'al',
  'el',
  'bin',
  'ibn',
  'bint',
  'van',
  'von',
  'de',
  'da',
  'di',
  'du',
  'del',
  'della',
  'der',
  'den',
  'la',
  'le',
  'ben',
]);
const NAME_TAGS = ['Person', 'FirstName', 'LastName', 'MaleName', 'FemaleName', 'Honorific'];
const NOT_NAME_TAGS = [
  'Place',
  'Country',
  'City',
  'Region',
  'Organization',
  'Demonym',
  'Date',
  'Month',
  'WeekDay',
  'Pronoun',
  'Determiner',
  'Preposition',
  'Conjunction',
  'Adverb',
  'Adjective',
  'Verb',
  'Value',
  'QuestionWord',
  'Expression',
  'Acronym',
];
const MAX_NAME = 80;
const MAX_NAME_WORDS = 5;
const POSSESSIVE = /['’]s$|(?<=s)['’]$/u;

const lexicon = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
const wordClass = new Map<string, 'name' | 'honorific' | 'common' | 'unknown'>();

/** How compromise knows a capitalised word on its own: a name, a title, an ordinary word, or not at all. */
export function classifyWord(word: string): 'name' | 'honorific' | 'common' | 'unknown' {
  const cached = wordClass.get(word);
  if (cached) return cached;
  const lower = word.toLowerCase();
  const entry = lexicon[lower];
  const lexTags = entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
  const own = (nlp(word).json() as unknown[])[0] as { terms?: { tags: string[] }[] } | undefined;
  const tags = new Set(own?.terms?.flatMap((t) => t.tags) ?? []);
  let result: 'name' | 'honorific' | 'common' | 'unknown';
  if (tags.has('Honorific')) result = 'honorific';
  else if (lexTags.some((t) => NAME_TAGS.includes(t)) || (tags.has('Person') && !tags.has('Actor'))) result = 'name';
  else if (lexTags.length > 0 || NOT_NAME_TAGS.some((t) => tags.has(t))) result = 'common';
  else result = 'unknown';
  wordClass.set(word, result);
  return result;
}

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word) && !/^\p{Lu}{2,}$/u.test(word.replace(POSSESSIVE, ''));

/** Every candidate name in one source, in order of appearance. */
export function findNameMentions(analysed: AnalysedText, lowercaseWords: ReadonlySet<string>): NameMention[] {
  const out: NameMention[] = [];
  const { terms, text } = analysed;
  let run: Term[] = [];
  const flush = () => {
    const mention = runToMention(run, analysed, lowercaseWords);
    if (mention) out.push(mention);
    run = [];
  };
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i] as Term;
    const prev = run[run.length - 1];
    const joined =
      prev !== undefined && prev.sentence === term.sentence && /^(?: |-)$/u.test(text.slice(prev.end, term.start));
    if (prev && !joined) flush();
    const next = terms[i + 1];
    const particle =
      run.length > 0 &&
      PARTICLES.has(term.text) &&
      next !== undefined &&
      isCapitalised(next.text) &&
      /^(?: |-)$/u.test(text.slice(term.end, next.start));
    if (/\d/u.test(term.text) || !(isCapitalised(term.text) || particle)) {
      flush();
      continue;
    }
    run.push(term);
    if (POSSESSIVE.test(term.text) || /^[ \t]*[,.;:!?)\]]/u.test(text.slice(term.end, term.end + 2))) flush();
  }
  flush();
  return out;
}

function runToMention(
  run: Term[],
  analysed: AnalysedText,
  lowercaseWords: ReadonlySet<string>,
): NameMention | undefined {
  let words = [...run];
  // A capital at the start of a sentence proves nothing: drop an ordinary first word ("Afterwards Mohammed").
  if (words[0]?.first && words.length > 0 && isOrdinary(words[0], lowercaseWords)) words = words.slice(1);
  while (words.length > 0 && PARTICLES.has(words[words.length - 1]?.text ?? '')) words.pop();
  const first = words[0];
  const last = words[words.length - 1];
  if (!first || !last) return undefined;
  if (words.some((w) => w.tags.has('Demonym'))) return undefined;
  // compromise's context tags are a weak signal: a known first name or a particle ("al-") outweighs them.
  const personLike = words.some(
    (w) => PARTICLES.has(w.text) || w.tags.has('Person') || classifyWord(w.text.replace(POSSESSIVE, '')) === 'name',
  );
  const placeLike = !personLike && words.some((w) => w.tags.has('Place') || w.tags.has('Organization'));
  const body = words.filter(
    (w, i) => !(i === 0 && words.length > 1 && classifyWord(w.text.replace(POSSESSIVE, '')) === 'honorific'),
  );
  if (body.some((w) => !PARTICLES.has(w.text) && isOrdinary(w, lowercaseWords))) return undefined;
  const end = POSSESSIVE.test(last.text) ? last.end - (last.text.match(POSSESSIVE)?.[0].length ?? 0) : last.end;
  const form = analysed.text.slice(first.start, end);
  // A name has a few words; a longer run of capitals is a title or a heading.
  if (form.length < 2 || form.length > MAX_NAME || words.length > MAX_NAME_WORDS) return undefined;
  return {
    form,
    source: analysed.id,
    start: first.start,
    end,
    sentence: first.sentence,
    ...(placeLike ? { placeLike } : {}),
  };
}

/** An ordinary word: known to compromise as something other than a name, or written in lower case elsewhere in the sources. */
function isOrdinary(term: Term, lowercaseWords: ReadonlySet<string>): boolean {
  const word = term.text.replace(POSSESSIVE, '');
  const cls = classifyWord(word);
  if (cls === 'name') return false;
  if (cls === 'common' || cls === 'honorific') return true;
  return lowercaseWords.has(word.toLowerCase());
}

/** Words the sources write in lower case somewhere (so they are not names). */
export function lowercaseWordsOf(texts: readonly AnalysedText[]): Set<string> {
  const set = new Set<string>();
  for (const t of texts)
    for (const term of t.terms)
      if (/^\p{Ll}/u.test(term.text)) set.add(term.text.toLowerCase().replace(POSSESSIVE, ''));
  return set;
}
