/**
 * Folding used to compare a quote with its source: runs of whitespace become
 * one space, typographic quotes become straight ones, dashes become hyphens.
 * Everything else (case, spelling, punctuation) must match exactly, because a
 * citation is a promise that the source says these words.
 */
const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g;
const WHITESPACE = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]+/g;

export function foldText(text: string): string {
  return text
    .normalize('NFC')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(WHITESPACE, ' ')
    .trim();
}

/** A source body folded once, so that many quotes can be checked against it cheaply. */
export class FoldedText {
  readonly folded: string;
  constructor(readonly original: string) {
    this.folded = foldText(original);
  }
  contains(quote: string): boolean {
    const needle = foldText(quote);
    return needle.length > 0 && this.folded.includes(needle);
  }
}

/** Escape a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
