/** Whatever the documents say, every quote in a draft is in its source and the draft fits the schema. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { citationSites } from '../../src/content/check-citations.js';
import { findInlineCitations } from '../../src/content/inline-citations.js';
import { FoldedText } from '../../src/content/normalize-text.js';
import { parseFrontMatter } from '../../src/content/parse-front-matter.js';
import { GuideFrontMatter } from '../../src/content/schema.js';
import { draftGuide } from '../../src/init/draft-guide.js';
import type { ImportedSource } from '../../src/init/import-source.js';

const WORDS = [
  'the',
  'keeper',
  'said',
  'Victor',
  'Viktor',
  'Halloran',
  'Elena',
  'Mrs',
  'Ellison',
  'al-Rashid',
  'Omar',
  'Abu',
  'walked',
  'over',
  '400,000',
  'thirty',
  'volunteers',
  '1856',
  '2,900',
  'miles',
  'and',
  'in',
  'Paris',
  'O’Brien',
  '“Never',
  'again,”',
  '"Hope',
  'stays."',
  'it’s',
  '—',
  '-',
  '(twelve',
  'ships)',
  '[sic]',
  '*bold*',
  'José',
  'Zoë',
];
const SEPARATORS = [' ', ' ', ' ', ', ', '. ', '! ', '? ', '\n', '\r\n', '\n\n', '; ', ': '];

const sentenceText = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 60 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''))
  .filter((t) => t.trim().length > 0);

function source(id: string, body: string): ImportedSource {
  return { id, from: `${id}.txt`, meta: { id, title: id, kind: 'other' }, body, eol: '\n', extra: {} };
}

describe('draftGuide on random documents', () => {
  it('quotes every source verbatim and stays inside the schema', () => {
    fc.assert(
      fc.property(fc.array(sentenceText, { minLength: 1, maxLength: 3 }), (bodies) => {
        const sources = bodies.map((b, i) => source(`s${i + 1}`, b));
        const { text } = draftGuide('Random', sources);
        const parsed = parseFrontMatter('guide.md', text);
        const result = GuideFrontMatter.safeParse(parsed.data);
        expect(result.error).toBeUndefined();
        if (!result.success) return;
        const folded = new Map(sources.map((s) => [s.id, new FoldedText(s.body)]));
        const quotes = [...citationSites(result.data), ...findInlineCitations(parsed.body)];
        for (const q of quotes) expect(folded.get(q.source)?.contains(q.quote), `${q.source}: ${q.quote}`).toBe(true);
      }),
      { numRuns: 80, seed: 20261122 },
    );
  });
});
