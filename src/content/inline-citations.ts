/**
 * Inline citations in Markdown bodies: `[@source-id "verbatim quote"]`.
 * Inside the quote, write typographic quotes (“ ”) for any quotation marks; they
 * fold to straight ones when the quote is checked against the source.
 */
// The source id is bounded and holds no "[": from any "[@" the pattern looks at most 128 characters
// ahead for the id, so a body of "[@[@[@..." costs time in proportion to its length, not its square.
export const INLINE_CITATION = /\[@([^\s\]"[]{1,128})\s+"([^"\n]+)"\]/g;

export interface InlineCitation {
  source: string;
  quote: string;
  /** 0-based offset in the body. */
  offset: number;
  /** 1-based line in the body. */
  line: number;
}

export function findInlineCitations(body: string): InlineCitation[] {
  const out: InlineCitation[] = [];
  // Lines are counted on from the previous citation, once over the body in all.
  let line = 1;
  let counted = 0;
  for (const match of body.matchAll(INLINE_CITATION)) {
    for (let i = counted; i < match.index; i++) if (body.charCodeAt(i) === 10) line++;
    counted = match.index;
    out.push({ source: match[1] ?? '', quote: match[2] ?? '', offset: match.index, line });
  }
  return out;
}
