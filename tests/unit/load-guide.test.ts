/** Loading, validation and citation checks, without a browser. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findGuides } from '../../src/content/find-guides.js';
import { loadGuide } from '../../src/content/load-guide.js';
import { FoldedText, foldText } from '../../src/content/normalize-text.js';
import { parseFrontMatter } from '../../src/content/parse-front-matter.js';
import { formatUserError } from '../../src/errors.js';
import { CONTENT, ORIGINALS, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';

async function copyBundled(): Promise<{ dir: string; guideFile: string }> {
  const root = await tempDir();
  await cp(path.join(CONTENT, SLUG), path.join(root, SLUG), { recursive: true });
  return { dir: root, guideFile: path.join(root, SLUG, 'guide.md') };
}

async function loadOnly(root: string) {
  const [ref] = await findGuides(root, [SLUG]);
  return loadGuide(ref!);
}

describe('folding for quote checks', () => {
  it('folds whitespace, typographic quotes and dashes, and nothing else', () => {
    expect(foldText('  “Quoted”\n\t and ‘single’ — dash – en  ')).toBe('"Quoted" and \'single\' - dash - en');
    const text = new FoldedText('He said, “This is my city.”\nI will   not leave.');
    expect(text.contains('"This is my city." I will not leave.')).toBe(true);
    expect(text.contains('this is my city')).toBe(false);
    expect(text.contains('This is my town')).toBe(false);
    expect(text.contains('   ')).toBe(false);
  });
});

describe('the bundled guide', () => {
  it('loads with no errors, its three sources, people, questions and comparison', async () => {
    const result = await loadOnly(CONTENT);
    expect(result.errors.map(formatUserError)).toEqual([]);
    const guide = result.guide!;
    expect(guide.sources.map((s) => s.id).sort()).toEqual(['festival-synopsis', 'news-feature', 'plot-summary']);
    expect(guide.meta.questions.length).toBeGreaterThanOrEqual(12);
    for (const stage of ['before', 'during', 'after']) {
      expect(guide.meta.questions.filter((q) => q.stage === stage).length).toBeGreaterThan(0);
    }
    expect(guide.meta.comparison.length).toBeGreaterThanOrEqual(8);
    for (const q of guide.meta.questions) expect(q.teacher_notes.length).toBeGreaterThan(20);
  });

  it('keeps each source verbatim: the body is the original document byte for byte', async () => {
    const originals: Record<string, string> = {
      'plot-summary': '000_1caa1a12f277bfc4.txt',
      'festival-synopsis': '001_d7789cefe8773654.txt',
      'news-feature': '002_455afbce8464e2a4.txt',
    };
    const { guide } = await loadOnly(CONTENT);
    expect(guide!.sources.map((s) => s.id).sort()).toEqual(Object.keys(originals).sort());
    for (const source of guide!.sources) {
      expect(source.body, source.id).toBe(readFileSync(path.join(ORIGINALS, originals[source.id]!), 'utf8'));
    }
  });

  it('names the spellings the sources use and which sources mention each person', async () => {
    const { guide } = await loadOnly(CONTENT);
    const person = (name: string) => guide!.meta.people.find((p) => p.name === name || p.aliases.includes(name));
    expect(person('Khalid')).toBeDefined();
    expect(person('Khaled')).toBeDefined();
    expect(person('Mohammaed')?.aliases).toContain('Mohammaed');
    expect(guide!.mentions.get(person('Feras Fayyad')!.id)?.sort()).toEqual(['festival-synopsis', 'news-feature']);
    expect(guide!.mentions.get(person('Abu Yousef')!.id)).toEqual(['news-feature']);
  });

  it('shows where the sources disagree: every topic leaves a silent source out or quotes them all', async () => {
    const { guide } = await loadOnly(CONTENT);
    const topics = guide!.meta.comparison;
    expect(topics.some((t) => t.verdict === 'differ')).toBe(true);
    expect(topics.some((t) => t.sources.length < guide!.sources.length)).toBe(true);
  });
});

describe('citation errors', () => {
  it('names the file, the line and the field of an altered quote', async () => {
    const { dir, guideFile } = await copyBundled();
    const text = await readFile(guideFile, 'utf8');
    const original = 'was killed saving his neighbors';
    expect(text).toContain(original);
    await writeFile(guideFile, text.replace(original, 'was killed saving his neighbours'));
    const { errors, guide } = await loadOnly(dir);
    expect(guide).toBeUndefined();
    const error = errors.find((e) => e.kind === 'citation');
    expect(error?.location?.file).toBe(guideFile);
    const line = text.split('\n').findIndex((l) => l.includes(original)) + 1;
    expect(error?.location?.line).toBe(line);
    expect(error?.location?.field).toMatch(/\.quote$|^\(body\)$/);
    expect(formatUserError(error!)).toContain(`${guideFile}:${line}: error: the quote "`);
  });

  it('reports an unknown source id with the ids that exist', async () => {
    const { dir, guideFile } = await copyBundled();
    const text = await readFile(guideFile, 'utf8');
    await writeFile(guideFile, text.replace('source: news-feature', 'source: news-featur'));
    const { errors } = await loadOnly(dir);
    expect(errors).toHaveLength(1);
    expect(formatUserError(errors[0]!)).toMatch(
      /guide\.md:\d+: error: unknown source "news-featur"\n {2}field: .+\.source\n {2}fix: use one of the sources in sources\/: festival-synopsis, news-feature, plot-summary\./,
    );
  });

  it('reports every schema problem, not only the first', async () => {
    const { dir, guideFile } = await copyBundled();
    const text = await readFile(guideFile, 'utf8');
    await writeFile(guideFile, text.replace(/^audience:.*$/m, 'audience: 12').replace(/^title:.*$/m, 'title: [a]'));
    const { errors } = await loadOnly(dir);
    const messages = errors.map(formatUserError).join('\n');
    expect(messages).toContain('error: expected string, got number\n  field: audience');
    expect(messages).toContain('error: expected string, got a list\n  field: title');
  });
});

describe('front matter', () => {
  it('gives YAML errors as file:line:column', () => {
    expect(() => parseFrontMatter('g.md', '---\ntitle: a\nlist: [1, 2\nother: x\n---\nbody')).toThrow(/invalid YAML/);
    try {
      parseFrontMatter('g.md', '---\ntitle: a\ntitle: b\n---\n');
    } catch (error) {
      expect(formatUserError(error as never)).toMatch(/^g\.md:3:1: error: invalid YAML: Map keys must be unique/);
    }
  });

  it('refuses JavaScript front matter without running it', () => {
    const marker = `__studyguide_ran_${Date.now()}`;
    const raw = `---js\n{ title: (globalThis.${marker} = true, 'x') }\n---\nbody`;
    expect(() => parseFrontMatter('g.md', raw)).toThrow('front matter in "js" is not allowed; only YAML is read');
    expect((globalThis as Record<string, unknown>)[marker]).toBeUndefined();
  });

  it('reads CRLF front matter without a stray carriage return on the last value', () => {
    const parsed = parseFrontMatter('s.md', '---\r\nid: a\r\nkind: other\r\n---\r\nText\r\n');
    expect(parsed.data).toEqual({ id: 'a', kind: 'other' });
    expect(parsed.lineOf(['kind'])).toBe(3);
    expect(parsed.body).toBe('Text\r\n');
  });

  it('maps a field path to its line', () => {
    const parsed = parseFrontMatter('g.md', '---\na: 1\npeople:\n  - id: x\n    name: y\n---\nbody\n');
    expect(parsed.lineOf(['people', 0, 'name'])).toBe(5);
    expect(parsed.lineOf(['people', 0, 'missing'])).toBe(4);
    expect(parsed.bodyLine).toBe(7);
    expect(parsed.body).toBe('body\n');
  });
});
