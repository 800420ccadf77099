import { describe, expect, it } from 'vitest';
import { inlineCitation } from '../../src/init/draft-synopsis.js';
import { quoteAround, sentences, shorten, unwrapLines } from '../../src/init/text-units.js';

describe('sentences', () => {
  it('joins hard-wrapped lines but not list items, headings or paragraphs, with offsets into the original', () => {
    const text =
      '# Notes\r\n\r\nThe keeper lit the lamp\r\nin 1856. It was seen far away.\r\n- First item\r\n- Second item\r\n\r\nNew paragraph.';
    const found = sentences(text);
    expect(found.map((s) => s.text)).toEqual([
      '# Notes',
      'The keeper lit the lamp\r\nin 1856.',
      'It was seen far away.',
      '- First item',
      '- Second item',
      'New paragraph.',
    ]);
    for (const s of found) expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(unwrapLines(text)).toHaveLength(text.length);
  });

  it('splits a very long line into sentences with exact offsets (regression: V8 segmenter slowed on long strings)', () => {
    const line = Array.from({ length: 3000 }, (_, i) => `Sentence number ${i} ends here.`).join(' ');
    const found = sentences(`${line}\n`);
    expect(found).toHaveLength(3000);
    expect(found[2999]?.text).toBe('Sentence number 2999 ends here.');
    for (const s of found) expect(line.slice(s.start, s.end)).toBe(s.text);
  });
});

describe('quoteAround', () => {
  it('quotes a short sentence whole and a long one by the clause holding the match', () => {
    const short = sentences('Elena helps him read the notebooks.')[0];
    expect(short && quoteAround('Elena helps him read the notebooks.', short, 0, 5).text).toBe(
      'Elena helps him read the notebooks.',
    );
    const text = `${'a long clause about the weather and the town, '.repeat(5)}and then Victor finds the notebooks under the kiln, ${'and more words follow here, '.repeat(5)}at last.`;
    const [sentence] = sentences(text);
    const at = text.indexOf('Victor');
    const quote = sentence && quoteAround(text, sentence, at, at + 6);
    expect(quote?.text).toContain('Victor finds the notebooks under the kiln');
    expect(quote?.text.length).toBeLessThanOrEqual(240);
    expect(quote && text.slice(quote.start, quote.end)).toBe(quote?.text);
  });
});

describe('inlineCitation', () => {
  it('turns straight double quotes into typographic ones and joins lines, so the citation parses and verifies', () => {
    expect(inlineCitation('notes', 'He says "we just hope"\r\nthat it stops.')).toBe(
      '[@notes "He says “we just hope” that it stops."]',
    );
    expect(inlineCitation('notes', 'a [bracketed] word')).toBeUndefined();
  });
});

describe('shorten', () => {
  it('cuts at a word boundary with an ellipsis', () => {
    expect(shorten('The Glass Orchard follows Victor Halloran, a young glassblower', 30)).toBe(
      'The Glass Orchard follows…',
    );
    expect(shorten('Short', 30)).toBe('Short');
  });
});
