/**
 * Front matter is data, never code: other languages are refused before gray-matter
 * sees them, YAML cannot reach Object.prototype, and alias bombs stop at a limit.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide } from '../../src/content/load-guide.js';
import { parseFrontMatter } from '../../src/content/parse-front-matter.js';
import { GuideFrontMatter } from '../../src/content/schema.js';
import { validateFrontMatter } from '../../src/content/validate.js';
import { FrontMatterError, LimitError, formatUserError } from '../../src/errors.js';
import { tempDir } from '../helpers/paths.js';
import { guideFile, writeGuide } from './guide-kit.js';

const MARKER = path.join(os.tmpdir(), `studyguide-front-matter-ran-${process.pid}`);
const globals = globalThis as { studyguidePwned?: boolean };
/** A payload that leaves two traces if it ever runs: a global and a file. */
const PAYLOAD = `{ "title": (function () { globalThis.studyguidePwned = true; require("fs").writeFileSync(${JSON.stringify(MARKER)}, "ran"); return "x"; })() }`;
const COFFEE_PAYLOAD = `title: do -> globalThis.studyguidePwned = true; require("fs").writeFileSync(${JSON.stringify(MARKER)}, "ran")`;

let work: string;
beforeAll(async () => {
  work = await tempDir('studyguide-fm-');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
  await rm(MARKER, { force: true });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('front matter in another language', () => {
  for (const [fence, payload] of [
    ['---js', PAYLOAD],
    ['---javascript', PAYLOAD],
    ['---coffee', COFFEE_PAYLOAD],
    ['---coffeescript', COFFEE_PAYLOAD],
    ['--- JS ', PAYLOAD],
  ] as const) {
    it(`"${fence}" is refused with a clear message and never run`, () => {
      const error = thrown(() => parseFrontMatter('guide.md', `${fence}\n${payload}\n---\nBody\n`));
      expect(error).toBeInstanceOf(FrontMatterError);
      const language = fence.slice(3).trim().toLowerCase();
      expect(formatUserError(error as FrontMatterError)).toBe(
        `guide.md:1:4: error: front matter in "${language}" is not allowed; only YAML is read\n` +
          '  fix: remove the language after the opening "---" and write the front matter as YAML. Front matter is never run as code.',
      );
      expect(globals.studyguidePwned).toBeUndefined();
      expect(existsSync(MARKER)).toBe(false);
    });
  }

  it('is refused through the loader too, for guides and sources, without running', async () => {
    const dir = await writeGuide(
      path.join(work, 'content'),
      'hostile',
      {},
      {
        'evil.md': `---javascript\n${PAYLOAD}\n---\nText\n`,
      },
    );
    const result = await loadGuide({ slug: 'hostile', dir, file: path.join(dir, 'guide.md') });
    expect(result.errors.map((e) => e.message)).toEqual([
      'front matter in "javascript" is not allowed; only YAML is read',
    ]);
    expect(result.errors[0]?.location).toEqual({ file: path.join(dir, 'sources', 'evil.md'), line: 1, column: 4 });
    expect(globals.studyguidePwned).toBeUndefined();
    expect(existsSync(MARKER)).toBe(false);
  });

  it('a YAML tag cannot construct functions or call code', () => {
    const parsed = parseFrontMatter(
      'guide.md',
      '---\ntitle: !!js/function "function () { globalThis.studyguidePwned = true }"\nx: !!js/undefined\n---\n',
    );
    expect(typeof (parsed.data as { title: unknown }).title).toBe('string');
    expect(globals.studyguidePwned).toBeUndefined();
  });
});

describe('YAML keys that name prototypes', () => {
  it('__proto__ and constructor stay plain fields and do not reach Object.prototype', () => {
    const text = guideFile({
      extraYaml: '__proto__:\n  polluted: yes\nconstructor:\n  prototype:\n    polluted: yes\n',
      questions: `questions:
  - stage: before
    level: recall
    prompt: p
    teacher_notes: n
    __proto__:
      isAdmin: true
`,
    });
    const parsed = parseFrontMatter('guide.md', text);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { isAdmin?: unknown }).isAdmin).toBeUndefined();
    expect(Object.getPrototypeOf(parsed.data)).toBe(Object.prototype);
    const { data, errors } = validateFrontMatter(GuideFrontMatter, parsed);
    expect(data).toBeUndefined();
    expect(errors.map((e) => `${e.location?.line} ${e.location?.field}: ${e.message}`)).toEqual([
      '24 questions[0].__proto__: unknown field "__proto__"',
      '26 __proto__: unknown field "__proto__"',
      '28 constructor: unknown field "constructor"',
    ]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('YAML alias bombs', () => {
  it('"billion laughs" fails fast with a limit message naming the first alias line', () => {
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 12; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(', ')}]`);
    }
    const error = thrown(() => parseFrontMatter('bomb.md', `---\n${levels.join('\n')}\n---\n`));
    expect(error).toBeInstanceOf(LimitError);
    expect(formatUserError(error as LimitError)).toBe(
      "bomb.md:3: error: the front matter's YAML aliases (*name) expand too far; the limit is 100 expansions\n" +
        '  fix: write the repeated values out instead of pointing at them with &anchors and *aliases.',
    );
  });

  it('a few ordinary aliases still work', () => {
    const parsed = parseFrontMatter('ok.md', '---\na: &x [one, two]\nb: *x\n---\n');
    expect(parsed.data).toEqual({ a: ['one', 'two'], b: ['one', 'two'] });
  });
});

describe('regressions found by fuzzing', () => {
  it('an alias to an anchor that does not exist is a front-matter error, not a crash', () => {
    const error = thrown(() => parseFrontMatter('guide.md', '---\ntitle: ok\nauthor: *star\n---\n'));
    expect(error).toBeInstanceOf(FrontMatterError);
    expect(formatUserError(error as FrontMatterError)).toBe(
      'guide.md:3: error: the YAML alias "*star" points at no anchor\n' +
        '  fix: a value starting with * is an alias; put text that starts with * inside "double quotes".',
    );
    expect(thrown(() => parseFrontMatter('guide.md', '---\n*!\n---\n'))).toBeInstanceOf(FrontMatterError);
  });
});

describe('YAML keys that are lists or mappings', () => {
  // Regression: `? [a, b]` keys reached the yaml library's conversion, which printed a Node warning
  // ("Keys with collection values will be stringified") on the user's terminal (found by fuzzing).
  it('are refused with the line and column, and no warning is printed', () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      const text = '---\ntitle: A guide\n? [a, b]\n: value\n---\nBody.\n';
      const error = thrown(() => parseFrontMatter('guide.md', text));
      expect(error).toBeInstanceOf(FrontMatterError);
      expect(formatUserError(error as FrontMatterError)).toBe(
        'guide.md:3:3: error: a key here is a list or a mapping; a field name is plain text\n' +
          '  fix: write the field name as a word followed by a colon (e.g. "title: ..."); remove the "?" before it.',
      );
      expect(thrown(() => parseFrontMatter('guide.md', '---\n? {x: 1}\n: v\n---\n'))).toBeInstanceOf(FrontMatterError);
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });
});
