/**
 * Which sources mention a person: whole-word, case-insensitive matches of the name or an alias.
 *
 * One regular expression of every spelling, run over every source for every person, costs the
 * source's length times the names' (a name that shares a long beginning with the text is tried
 * at each position: minutes for one person on an 8 MB source). Instead each source is cut into
 * its words once; a spelling can only stand where its rarest word does, and only those places
 * are tried with the expression.
 */
import { LimitError } from '../errors.js';
import type { LoadedSource } from './load-source.js';
import { escapeRegExp, foldText } from './normalize-text.js';

const WORD = /[\p{L}\p{N}]+/gu;

export function mentionPattern(names: readonly string[]): RegExp | undefined {
  const words = [...new Set(names.map(foldText).filter((n) => n.length > 0))].sort((a, b) => b.length - a.length);
  if (words.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${words.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
}

/**
 * A word as case-insensitive matching sees it: upper then lower case, so that the letters one
 * case-folds together (s, S and ſ; σ, ς and Σ; k, K and the Kelvin sign) give one key.
 */
export function wordKey(word: string): string {
  return word.toUpperCase().toLowerCase();
}

/** Where each word of a source starts, by key: built once per source. */
const wordIndexes = new WeakMap<object, Map<string, number[]>>();

function wordIndex(source: LoadedSource): Map<string, number[]> {
  let index = wordIndexes.get(source.text);
  if (!index) {
    index = new Map();
    for (const match of source.text.folded.matchAll(WORD)) {
      const key = wordKey(match[0]);
      const list = index.get(key);
      if (list) list.push(match.index);
      else index.set(key, [match.index]);
    }
    wordIndexes.set(source.text, index);
  }
  return index;
}

/**
 * How many characters of sources the mention search of one guide may compare with names (each
 * place a name's rarest word stands costs the name's length). Ordinary guides use a tiny part.
 */
export const MAX_MENTION_WORK = 200_000_000;

/** The work of one guide's mention search, in characters compared; `limit` stops it with a LimitError. */
export class MentionWork {
  spent = 0;
  constructor(readonly limit = MAX_MENTION_WORK) {}
}

export function sourcesMentioning(
  names: readonly string[],
  sources: readonly LoadedSource[],
  work: MentionWork = new MentionWork(),
): string[] {
  const spellings = [...new Set(names.map(foldText).filter((n) => n.length > 0))];
  if (spellings.length === 0) return [];
  return sources.filter((source) => spellings.some((name) => mentions(source, name, work))).map((s) => s.id);
}

/** Whether `name` (folded) stands as whole words in the source. */
function mentions(source: LoadedSource, name: string, work: MentionWork): boolean {
  const words = [...name.matchAll(WORD)];
  const whole = `(?<![\\p{L}\\p{N}])${escapeRegExp(name)}(?![\\p{L}\\p{N}])`;
  if (words.length === 0) {
    // No letter or digit to look up: the expression runs over the source once.
    spend(work, source.text.folded.length);
    return new RegExp(whole, 'iu').test(source.text.folded);
  }
  // A whole-word match makes each word of the name a whole word of the source, at the same distance.
  const index = wordIndex(source);
  let anchor: { places: number[]; offset: number } | undefined;
  for (const word of words) {
    const places = index.get(wordKey(word[0]));
    if (!places) return false;
    if (!anchor || places.length < anchor.places.length) anchor = { places, offset: word.index };
  }
  if (!anchor) return false;
  const pattern = new RegExp(whole, 'iuy');
  for (const place of anchor.places) {
    const start = place - anchor.offset;
    if (start < 0) continue;
    spend(work, name.length);
    pattern.lastIndex = start;
    if (pattern.test(source.text.folded)) return true;
  }
  return false;
}

function spend(work: MentionWork, chars: number): void {
  work.spent += chars;
  if (work.spent > work.limit) {
    throw new LimitError(
      `finding which sources mention each person would compare more than ${work.limit.toLocaleString('en')} characters (the names and aliases times the places their words stand in the sources)`,
      {
        hint: 'give fewer aliases, or aliases made of words that are rarer in the sources.',
      },
    );
  }
}
