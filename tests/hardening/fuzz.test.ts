/**
 * Property tests: random and mutated front matter, Markdown and file trees go
 * through the loader and the validator. The only outcomes allowed are success or
 * a StudyguideError whose location names the file; never an unhandled exception.
 * Most cases run in memory (parse → validate → check citations); a smaller number
 * go through real files with loadGuide.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCitations } from '../../src/content/check-citations.js';
import { MentionWork, sourcesMentioning } from '../../src/content/find-mentions.js';
import { loadGuide } from '../../src/content/load-guide.js';
import type { LoadedSource } from '../../src/content/load-source.js';
import { FoldedText } from '../../src/content/normalize-text.js';
import { parseFrontMatter } from '../../src/content/parse-front-matter.js';
import { GuideFrontMatter, SourceFrontMatter } from '../../src/content/schema.js';
import { validateFrontMatter } from '../../src/content/validate.js';
import { StudyguideError } from '../../src/errors.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { tempDir } from '../helpers/paths.js';
import { SOURCE_TEXT, guideFile, sourceFile } from './guide-kit.js';

const FILE = 'content/fuzz/guide.md';
/** STUDYGUIDE_FUZZ_SCALE=10 runs ten times as many cases (for a longer hunt than CI's). */
const SCALE = Math.max(1, Number(process.env.STUDYGUIDE_FUZZ_SCALE ?? 1) || 1);
const SOURCES = new Map<string, LoadedSource>([
  [
    'notes',
    {
      id: 'notes',
      file: 'content/fuzz/sources/notes.md',
      meta: { id: 'notes', title: 'Notes', kind: 'article' },
      body: SOURCE_TEXT,
      text: new FoldedText(SOURCE_TEXT),
    },
  ],
]);

/** A typed error naming the file, or rethrow what escaped. */
function expectUserError(error: unknown, file: string): void {
  if (!(error instanceof StudyguideError)) throw error;
  expect(error.location?.file).toBe(file);
  expect(error.message.length).toBeGreaterThan(0);
}

/** Everything the loader does to one guide file's text, in memory. */
function loadInMemory(text: string, file = FILE): 'ok' | 'invalid' {
  let parsed;
  try {
    parsed = parseFrontMatter(file, text);
  } catch (error) {
    expectUserError(error, file);
    return 'invalid';
  }
  const { data, errors } = validateFrontMatter(GuideFrontMatter, parsed);
  for (const error of errors) expectUserError(error, file);
  if (!data) return 'invalid';
  for (const error of checkCitations(parsed, data, SOURCES)) expectUserError(error, file);
  return 'ok';
}

const VALID = guideFile();
const YAML_BITS = [
  ':',
  ' ',
  '\n',
  '  ',
  '- ',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '!!str ',
  '!!binary ',
  '|',
  '>',
  '#',
  '---',
  '...',
  '\t',
  '%YAML 1.2',
  '<<: *a',
  '? ',
  '@',
  '`',
  '\\',
  '\u0000',
  '\uFEFF',
  '\r\n',
  '__proto__: ',
  'constructor: ',
  '[@notes "',
  '"]',
];

/** A valid guide with one mutation: a range deleted, a fragment inserted, lines shuffled or repeated. */
const mutated = fc.oneof(
  fc.tuple(fc.nat(VALID.length), fc.nat(60)).map(([at, n]) => VALID.slice(0, at) + VALID.slice(at + n)),
  fc
    .tuple(
      fc.nat(VALID.length),
      fc.oneof(
        fc.constantFrom(...YAML_BITS),
        fc.string({ maxLength: 12 }),
        fc.string({ unit: 'grapheme', maxLength: 8 }),
      ),
    )
    .map(([at, bit]) => VALID.slice(0, at) + bit + VALID.slice(at)),
  fc.tuple(fc.nat(80), fc.nat(80)).map(([a, b]) => {
    const lines = VALID.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(80), fc.nat(5)).map(([a, n]) => {
    const lines = VALID.split('\n');
    const i = a % lines.length;
    lines.splice(i, 0, ...new Array<string>(n).fill(lines[i] ?? ''));
    return lines.join('\n');
  }),
);

/** Front matter built from random YAML values laid over valid fields. */
const randomFields = fc
  .record(
    {
      title: fc.anything(),
      work: fc.oneof(
        fc.anything(),
        fc.record({ title: fc.string(), kind: fc.string(), year: fc.oneof(fc.integer(), fc.string()) }),
      ),
      audience: fc.anything(),
      advisory: fc.string(),
      people: fc.array(
        fc.dictionary(fc.constantFrom('id', 'name', 'role', 'description', 'facts', 'aliases', 'x'), fc.anything()),
        { maxLength: 3 },
      ),
      questions: fc.anything(),
      extra: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...fields }) => `---\n${stringify({ ...extra, ...fields })}---\nBody\n`);

describe('fuzzing the loader and validator', () => {
  it('random text: parsed or refused with an error naming the file', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 300 }).map((s) => `---\n${s}\n---\n`),
        ),
        (text) => {
          loadInMemory(text);
        },
      ),
      { numRuns: 400 * SCALE },
    );
  });

  it('mutated valid guides: loaded or refused with an error naming the file', () => {
    let ok = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        if (loadInMemory(text) === 'ok') ok++;
      }),
      { numRuns: 600 * SCALE },
    );
    // The mutations are small: some must still load, or the generator is broken.
    expect(ok).toBeGreaterThan(0);
  });

  it('random field values: validated or refused with an error naming the file', () => {
    fc.assert(
      fc.property(randomFields, (text) => {
        loadInMemory(text);
      }),
      { numRuns: 300 * SCALE },
    );
  });

  it('random Markdown bodies with inline citations: checked or refused, never thrown', () => {
    const bodyPart = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom(
        '[@notes "worked through the night"]',
        '[@nope "x"]',
        '[@notes "',
        '[@ "a"]',
        '<script>x</script>',
        '\n\n',
        '`code`',
        '![i](file:///etc/passwd)',
      ),
    );
    fc.assert(
      fc.property(fc.array(bodyPart, { maxLength: 12 }), (parts) => {
        loadInMemory(guideFile({ body: parts.join('') }));
      }),
      { numRuns: 300 * SCALE },
    );
  });

  it('random source files: validated or refused with an error naming the file', () => {
    const file = 'content/fuzz/sources/notes.md';
    fc.assert(
      fc.property(fc.oneof(mutatedOf(sourceFile('notes')), fc.string({ maxLength: 200 })), (text) => {
        try {
          const parsed = parseFrontMatter(file, text);
          for (const error of validateFrontMatter(SourceFrontMatter, parsed).errors) expectUserError(error, file);
        } catch (error) {
          expectUserError(error, file);
        }
      }),
      { numRuns: 300 * SCALE },
    );
  });
});

describe('fuzzing Markdown rendering with hostile pieces', () => {
  const PIECES = [
    '<script>alert(1)</script>',
    '<iframe src="file:///etc/passwd">',
    '<object data="file:///etc/passwd">',
    '<embed src=x>',
    '<link rel=stylesheet href=http://127.0.0.1/x>',
    '<style>@import url(http://127.0.0.1/x)</style>',
    '<meta http-equiv="refresh" content="0;url=http://127.0.0.1">',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '![i](file:///etc/passwd)',
    '![i](javascript:alert(1))',
    '[l](javascript:alert(1))',
    '[l](data:text/html,<script>x</script>)',
    '[l](vbscript:x)',
    '<!-- comment -->',
    '<![CDATA[x]]>',
    '`<code>`',
    '```html\n<script>x</script>\n```',
    '[@notes "q"]',
    '\n\n',
    '> ',
    '* ',
    '&lt;',
    '&#60;script&#62;',
    '\\<script>',
  ];
  it('never produces a live tag, a file: or script URL, whatever the mix', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 6 })), { maxLength: 10 }),
        (parts) => {
          const html = renderMarkdown(parts.join(''));
          expect(html).not.toMatch(/<(script|iframe|object|embed|link|style|meta|svg|base|form)\b/i);
          expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+=/i); // an event handler inside a real tag
          expect(html).not.toMatch(/(src|href|data)="\s*(file|javascript|vbscript|data):/i);
          for (const src of html.matchAll(/<img [^>]*src="([^"]*)"/g)) expect(src[1]).toMatch(/^https?:/);
        },
      ),
      { numRuns: 500 * SCALE },
    );
  });
});

function mutatedOf(text: string) {
  return fc
    .tuple(fc.nat(text.length), fc.nat(20), fc.constantFrom(...YAML_BITS, ''))
    .map(([at, n, bit]) => text.slice(0, at) + bit + text.slice(at + n));
}

describe('fuzzing file trees through loadGuide', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempDir('studyguide-fuzz-');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const NAME = fc.oneof(
    fc.constantFrom(
      'notes.md',
      'Notes.md',
      'a b.md',
      '..md',
      '-x-.md',
      'con.md',
      'nul.md',
      'x.txt',
      '.hidden.md',
      'über.md',
      'a'.repeat(80) + '.md',
    ),
    fc.stringMatching(/^[a-z0-9-]{1,12}\.md$/),
  );
  const CONTENT = fc.oneof(
    mutatedOf(sourceFile('notes')),
    fc.string({ maxLength: 120 }),
    fc.constant(sourceFile('notes')),
  );
  const tree = fc.record({
    guide: fc.oneof(mutated, fc.constant(VALID)),
    sources: fc.uniqueArray(fc.tuple(NAME, CONTENT), { maxLength: 4, selector: ([name]) => name.toLowerCase() }),
    folderInsteadOfFile: fc.boolean(),
  });

  it('every error names a file of the guide; nothing escapes', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(tree, async ({ guide, sources, folderInsteadOfFile }) => {
        const dir = path.join(root, `g${run++}`);
        await mkdir(path.join(dir, 'sources'), { recursive: true });
        await writeFile(path.join(dir, 'guide.md'), guide);
        for (const [name, text] of sources) await writeFile(path.join(dir, 'sources', name), text);
        if (folderInsteadOfFile) await mkdir(path.join(dir, 'sources', 'folder.md'));
        const result = await loadGuide({ slug: 'fuzz', dir, file: path.join(dir, 'guide.md') });
        for (const error of result.errors) {
          expect(error).toBeInstanceOf(StudyguideError);
          expect(error.location?.file.startsWith(dir)).toBe(true);
        }
        expect(result.guide !== undefined || result.errors.length > 0).toBe(true);
      }),
      { numRuns: 60 * SCALE },
    );
  });
});

describe('fuzzing growth through work counters (never a clock)', () => {
  const WORDS = ['omar', 'Omar', 'x', 'y', 'al', 'ς', 'σ', '-', "'", '1'];
  const text = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).map((w) => w.join(' '));
  const folded = (t: string): LoadedSource => ({
    id: 'notes',
    file: 'notes.md',
    meta: { id: 'notes', title: 'Notes', kind: 'article' },
    body: t,
    text: new FoldedText(t),
  });

  it('the mention search of a name not found does work in proportion to the source (each 8 copies add the same)', () => {
    fc.assert(
      fc.property(text, fc.array(text, { minLength: 1, maxLength: 3 }), (unit, names) => {
        const spent = (copies: number) => {
          const work = new MentionWork();
          const found = sourcesMentioning(names, [folded(Array(copies).fill(unit).join(' . '))], work);
          return { found: found.length > 0, spent: work.spent };
        };
        const [a, b, c] = [spent(8), spent(16), spent(24)];
        fc.pre(!a.found && !b.found && !c.found);
        expect(c.spent - b.spent).toBe(b.spent - a.spent);
      }),
      { numRuns: 300 * SCALE },
    );
  });
});
