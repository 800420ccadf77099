/**
 * Input whose cost grew faster than its size. Each case is an adversarial input at (or near) the
 * size limits for a rule that was super-linear, named after what broke; it must finish with the
 * right result (vitest's per-test timeout is the only clock: no test asserts a wall time). Where
 * the work has a deterministic measure (characters compared), doubling the input must double it.
 * The measured growth of every family is in docs/performance.md (`node scripts/complexity.mjs`).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CitationWork, MAX_CITATION_WORK, checkCitations } from '../../src/content/check-citations.js';
import { MentionWork, mentionPattern, sourcesMentioning } from '../../src/content/find-mentions.js';
import type { LoadedSource } from '../../src/content/load-source.js';
import { FoldedText } from '../../src/content/normalize-text.js';
import { parseFrontMatter } from '../../src/content/parse-front-matter.js';
import { GuideFrontMatter } from '../../src/content/schema.js';
import { validateFrontMatter } from '../../src/content/validate.js';
import { FrontMatterError, LimitError } from '../../src/errors.js';
import { findQuotedSpeech } from '../../src/init/find-figures.js';
import { titleOf, withoutClosingHashes } from '../../src/init/import-source.js';
import type { NameMention } from '../../src/init/find-names.js';
import { MAX_NAME_KEYS, groupNames } from '../../src/init/group-names.js';
import { quoteAround, sentenceAt, sentences, unwrapLines } from '../../src/init/text-units.js';
import { stripTags, visibleText } from '../../src/render/render-html.js';

const MB = 1024 * 1024;

function source(text: string, id = 'notes'): LoadedSource {
  return {
    id,
    file: `content/g/sources/${id}.md`,
    meta: { id, title: 'Notes', kind: 'article' },
    body: text,
    text: new FoldedText(text),
  };
}

const chars = (alphabet: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { maxLength }).map((a) => a.join(''));

describe('front matter', () => {
  it('a mapping of 50,000 keys parses (yaml compared each key with every earlier one)', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`);
    const parsed = parseFrontMatter('g.md', `---\n${keys.join('\n')}\n---\nbody\n`);
    expect(Object.keys(parsed.data as object)).toHaveLength(50_000);
    expect(parsed.lineOf(['k49999'])).toBe(50_001);
  });

  it('a repeated key after 50,000 others is still reported at its own line', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `k${i}: ${i}`);
    const raw = `---\n${keys.join('\n')}\nk7: again\n---\n`;
    expect(() => parseFrontMatter('g.md', raw)).toThrow(FrontMatterError);
    try {
      parseFrontMatter('g.md', raw);
    } catch (error) {
      expect((error as FrontMatterError).message).toBe('invalid YAML: Map keys must be unique');
      expect((error as FrontMatterError).location).toMatchObject({ line: 50_002, column: 1 });
    }
  });

  it('repeated keys are found in nested and flow mappings, and keys of different types differ', () => {
    expect(() => parseFrontMatter('g.md', '---\na:\n  b: 1\n  b: 2\n---\n')).toThrow(/Map keys must be unique/);
    expect(() => parseFrontMatter('g.md', '---\na: { x: 1, x: 2 }\n---\n')).toThrow(/Map keys must be unique/);
    expect(parseFrontMatter('g.md', '---\n1: a\n"1 ": b\ntrue: c\n---\n').data).toBeDefined();
  });

  it('20,000 unknown fields each get their line (each lookup scanned the mapping)', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `extra${i}: 1`);
    const parsed = parseFrontMatter('g.md', `---\ntitle: T\n${keys.join('\n')}\n---\n`);
    const { errors } = validateFrontMatter(GuideFrontMatter, parsed);
    const unknown = errors.filter((e) => e.message.startsWith('unknown field'));
    expect(unknown).toHaveLength(20_000);
    expect(unknown.at(-1)?.location?.line).toBe(20_002);
  });
});

describe('citations', () => {
  const meta = (quotes: string[]) => {
    const parsed = parseFrontMatter(
      'g.md',
      `---\ntitle: T\nwork: { title: W, kind: film }\naudience: all\nadvisory: none\nquestions:\n${quotes
        .map(
          (q) =>
            `  - { stage: before, level: recall, prompt: p, teacher_notes: n, citations: [{ source: notes, quote: ${JSON.stringify(q)} }] }`,
        )
        .join('\n')}\n---\n`,
    );
    const { data } = validateFrontMatter(GuideFrontMatter, parsed);
    if (!data) throw new Error('test guide invalid');
    return { parsed, data };
  };

  it('the work is citations times source length, and a quote cited twice is looked up once', () => {
    const spent = (n: number, quotes: string[]) => {
      const { parsed, data } = meta(quotes);
      const work = new CitationWork();
      checkCitations(parsed, data, new Map([['notes', source('abc'.repeat(n))]]), new Set(), work);
      return work.spent;
    };
    const distinct = (k: number) => Array.from({ length: k }, (_, i) => `abcab ${String(i).padStart(3, '0')}`);
    const base = spent(10_000, distinct(20));
    // Not found: each costs one scan of the source, and the detail of where it differs a few more.
    expect(spent(20_000, distinct(20))).toBe(2 * base);
    expect(spent(10_000, distinct(40))).toBe(2 * base);
    expect(
      spent(
        10_000,
        Array.from({ length: 40 }, () => 'abcab x'),
      ),
    ).toBe(spent(10_000, ['abcab x']));
  });

  it('quotes that match a long prefix of a repetitive 8 MB source stop at the limit with a LimitError', () => {
    const text = 'a'.repeat(8 * MB);
    const quotes = Array.from({ length: 200 }, (_, i) => `${'a'.repeat(1990)}b${i}`);
    const { parsed, data } = meta(quotes);
    const errors = checkCitations(parsed, data, new Map([['notes', source(text)]]));
    const limit = errors.find((e) => e instanceof LimitError);
    expect(limit?.message).toContain(`more than ${MAX_CITATION_WORK.toLocaleString('en')} characters`);
    expect(limit?.location?.file).toBe('g.md');
    expect(limit?.location?.field).toMatch(/^questions\[\d+\]/);
    // The quotes checked before the limit are reported as not found, with where they differ.
    expect(errors[0]?.message).toMatch(/is not in source "notes": it matches up to/);
  });

  it('a budget too small for the detail still says the quote is not there', () => {
    const { parsed, data } = meta(['ab ab zz']);
    const text = 'ab '.repeat(1000);
    const errors = checkCitations(parsed, data, new Map([['notes', source(text)]]), new Set(), new CitationWork(4000));
    expect(errors.map((e) => e.message)).toEqual(['the quote "ab ab zz" is not in source "notes"']);
  });
});

describe('mentions', () => {
  it('finds the same sources as one regular expression of every spelling', () => {
    const alphabet = ['a', 'A', 'b', ' ', '-', "'", 'é', 'σ', 'ς', 'Σ', 'ſ', 's', 'S', '1', '.'];
    fc.assert(
      fc.property(chars(alphabet, 24), fc.array(chars(alphabet, 5), { minLength: 1, maxLength: 3 }), (text, names) => {
        const pattern = mentionPattern(names);
        const expected = pattern ? pattern.test(new FoldedText(text).folded) : false;
        expect(sourcesMentioning(names, [source(text)])).toEqual(expected ? ['notes'] : []);
      }),
      { numRuns: 1000 },
    );
  });

  it('500 people with 30 long aliases each against an 8 MB source finish (71 s for one person before)', () => {
    const text = 'a '.repeat(4 * MB);
    const notes = source(text);
    const work = new MentionWork();
    for (let p = 0; p < 500; p++) {
      const aliases = Array.from({ length: 30 }, (_, k) => `${'a '.repeat(90)}b${p}x${k}`);
      expect(sourcesMentioning([`a a ${p}`, ...aliases], [notes], work)).toEqual([]);
    }
    expect(sourcesMentioning(['a a a'], [notes], work)).toEqual(['notes']);
  });

  it('the work of names whose words all occur, but never in order, grows with the source', () => {
    const spent = (n: number) => {
      const work = new MentionWork();
      sourcesMentioning(['omar y'], [source('omar x y '.repeat(n))], work);
      return work.spent;
    };
    expect(spent(20_000)).toBe(2 * spent(10_000));
    expect(spent(40_000)).toBe(2 * spent(20_000));
  });

  it('a search past the limit is a LimitError, not minutes of work', () => {
    const work = new MentionWork(1000);
    expect(() => sourcesMentioning(['omar y'], [source('omar x y '.repeat(1000))], work)).toThrow(LimitError);
  });
});

describe('rendering', () => {
  const oldStrip = (html: string) =>
    html.replace(/<(style|script|title)\b[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');

  it('strips tags exactly as the two regular expressions did', () => {
    const pieces = ['<', '>', '/', 'style', 'STYLE', 'title', 'script', 'a', ' ', '</style>', '<title>', '</Title>'];
    fc.assert(
      fc.property(chars(pieces, 14), (html) => {
        expect(stripTags(html)).toBe(oldStrip(html));
      }),
      { numRuns: 5000 },
    );
  });

  it('8 MB of unclosed "<style" and "<" (each rescanned the rest of the page)', () => {
    expect(visibleText(`a${'<style'.repeat((8 * MB) / 6)}`)).toMatch(/^a<style/);
    expect(visibleText(`${'<'.repeat(8 * MB)}b`)).toHaveLength(8 * MB + 1);
    expect(visibleText(`${'<style>x'.repeat(100_000)}</style>y`)).toBe(' y');
  });
});

describe('init', () => {
  const oldUnwrap = (text: string) =>
    text.replace(/(?<=\S[ \t]*)\r?\n(?=[ \t]*(?![-*+>#|]|\d+[.)]\s)\S)/gu, (m) => ' '.repeat(m.length));

  it('unwraps lines exactly as the lookbehind expression did', () => {
    const pieces = ['a', ' ', '\t', '\n', '\r', '-', '1', '2', '.', ')', '#', '\u00a0', '>', 'é', '*'];
    fc.assert(
      fc.property(chars(pieces, 16), (text) => {
        expect(unwrapLines(text)).toBe(oldUnwrap(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('8 MB of spaces and a line of 8 MB (the lookbehind rescanned a run of spaces from each of its positions)', () => {
    expect(unwrapLines(' '.repeat(8 * MB))).toHaveLength(8 * MB);
    expect(unwrapLines(`a${' '.repeat(4 * MB)}\nb`)).toBe(`a${' '.repeat(4 * MB + 1)}b`);
    expect(sentences(' '.repeat(2 * MB))).toEqual([]);
  });

  it('finds the sentence of an offset by binary search, as a scan would', () => {
    const text = 'One. Two two. Three three three. '.repeat(1000);
    const all = sentences(text);
    for (const offset of [0, 3, 4, 5, 17, 500, text.length - 1, text.length]) {
      expect(sentenceAt(all, offset)).toBe(all.find((s) => offset >= s.start && offset < s.end));
    }
  });

  it('quotes around 4,000 figures of one long sentence (its clause breaks were found again for each)', () => {
    const text = `${Array.from({ length: 4000 }, (_, i) => `${i}`).join(', ')}.`;
    const [sentence] = sentences(text);
    if (!sentence) throw new Error('no sentence');
    let total = 0;
    for (let i = 0; i < 4000; i += 1) {
      const at = text.indexOf(`, ${i},`);
      if (at < 0) continue;
      const quote = quoteAround(text, sentence, at + 2, at + 2 + String(i).length);
      expect(quote.text).toBe(text.slice(quote.start, quote.end));
      expect(quote.end - quote.start).toBeLessThanOrEqual(480);
      total++;
    }
    expect(total).toBeGreaterThan(3000);
  });

  it('groups 200,000 mentions of one name and a flood of distinct names (lists rebuilt per mention; every pair compared)', () => {
    const mention = (form: string, i: number): NameMention => ({
      form,
      source: 's',
      start: i * 20,
      end: i * 20 + form.length,
      sentence: i,
    });
    const same = Array.from({ length: 200_000 }, (_, i) => mention('Khaled Omar', i));
    const [person] = groupNames(same);
    expect(person?.mentions).toHaveLength(200_000);
    const distinct = Array.from({ length: 3 * MAX_NAME_KEYS }, (_, i) => mention(`Khaled X${i.toString(36)}`, i));
    const people = groupNames([...distinct, mention('Feras Fayyad', 1e6), mention('Feras Fayyad', 1e6 + 1)]);
    expect(people.some((p) => p.name === 'Feras Fayyad')).toBe(true);
  });

  it('finds the speakers of 100,000 quotations (every name was filtered for every quotation)', () => {
    const unit = 'Omar said "we stay here" and left. ';
    const text = unit.repeat(100_000);
    const analysed = { id: 's', text, sentences: sentences(text), terms: [] };
    const names: NameMention[] = analysed.sentences.map((s, i) => ({
      form: 'Omar',
      source: 's',
      start: s.start,
      end: s.start + 4,
      sentence: i,
    }));
    const speech = findQuotedSpeech(analysed, names);
    expect(speech).toHaveLength(100_000);
    expect(speech.every((q) => q.speaker?.form === 'Omar' && q.words.text === 'we stay here')).toBe(true);
  });

  it('a heading of 8 MB of spaces takes its title (removing closing hashes backtracked over the spaces)', () => {
    expect(titleOf(`# a${' '.repeat(8 * MB)}b\n\ntext`, 'fallback')).toBe('a b');
    expect(withoutClosingHashes(`Title${' '.repeat(MB)}##`)).toBe('Title');
    fc.assert(
      fc.property(chars(['a', ' ', '#', '\t', '\u00a0'], 10), (text) => {
        expect(withoutClosingHashes(text)).toBe(text.replace(/\s+#+$/u, ''));
      }),
      { numRuns: 3000 },
    );
  });
});
