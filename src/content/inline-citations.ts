/**
 * Inline citations in Markdown bodies: `[@source-id "verbatim quote"]`.
 * Inside the quote, write typographic quotes (“ ”) for any quotation marks; they
 * fold to straight ones when the quote is checked against the source.
 */
export const INLINE_CITATION = /\[@([^\s\]"]+)\s+"([^"\n]+)"\]/g;

export interface InlineCitation {
  source: string;
  quote: string;
  /** 0-based offset in the body. */
  offset: number;
}

export function findInlineCitations(body: string): InlineCitation[] {
  const out: InlineCitation[] = [];
  for (const match of body.matchAll(INLINE_CITATION)) {
    out.push({ source: match[1] ?? '', quote: match[2] ?? '', offset: match.index });
  }
  return out;
}

/** 1-based line of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
