/** The synopsis body: instructions for the teacher, and how each source begins, cited inline. */
import { DRAFT, type SourceInfo } from './draft-people.js';
import { quoteAround, type Span } from './text-units.js';

/** An inline citation `[@id "quote"]`: straight double quotes inside become typographic ones (they fold back when checked). */
export function inlineCitation(source: string, quote: string): string | undefined {
  let opening = true;
  const text = quote.replace(/\s+/gu, ' ').replace(/"/gu, () => {
    const mark = opening ? '\u201C' : '\u201D';
    opening = !opening;
    return mark;
  });
  if (/[[\]\\]/u.test(text) || text.trim() === '') return undefined;
  return `[@${source} "${text}"]`;
}

const escapeMarkdown = (text: string) => text.replace(/[\\`*_{}[\]<>#|!]/gu, (c) => `\\${c}`);

export function draftSynopsis(sources: readonly SourceInfo[]): string {
  const lines = [
    `**${DRAFT.replace(':', '')}** This synopsis is a placeholder made by \`studyguide init\`. Replace it with a summary of the work in your own words.`,
    'Tie each claim to a source with an inline citation like the ones below: square brackets, an @ and the source id, then the source’s exact words in double quotation marks. `studyguide check` verifies every quote.',
    '',
    '## How each source begins',
    '',
  ];
  for (const source of sources) {
    const first = openingSentence(source.analysed.sentences);
    const citation =
      first &&
      inlineCitation(
        source.id,
        quoteAround(source.analysed.text, first, first.start, Math.min(first.end, first.start + 1)).text,
      );
    lines.push(`- *${escapeMarkdown(source.title)}* (source \`${source.id}\`)${citation ? ` ${citation}` : ''}`);
  }
  lines.push('');
  return lines.join('\n');
}

/** The first sentence of running prose (not a heading, a title line or a list item), else the first sentence. */
function openingSentence(sentences: readonly Span[]): Span | undefined {
  const prose = sentences.find(
    (s) => !/^(#|[-*+>|] |\d+[.)] )/u.test(s.text) && /[.!?]["”’)]?$/u.test(s.text) && s.text.split(/\s+/u).length >= 6,
  );
  return prose ?? sentences[0];
}
