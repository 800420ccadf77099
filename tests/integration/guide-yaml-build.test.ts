/** One real build of a guide kept as guide.yaml + synopsis.md: the synopsis prints, and the build cache sees synopsis.md. */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { splitGuideMarkdown } from '../../src/content/guide-files.js';
import { build, type BuildOptions } from '../../src/index.js';
import { pdfText } from '../helpers/pdf.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
const roots: string[] = [];

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

describe('build of a guide.yaml guide', () => {
  it('prints the synopsis from synopsis.md, and rebuilds when only synopsis.md changes', async () => {
    const root = await tempDir();
    roots.push(root);
    const dir = path.join(root, 'content', SLUG);
    await cp(path.join(CONTENT, SLUG), dir, { recursive: true });
    const split = splitGuideMarkdown(await readFile(path.join(dir, 'guide.md'), 'utf8'));
    await writeFile(path.join(dir, 'guide.yaml'), split?.yaml ?? '');
    await writeFile(path.join(dir, 'synopsis.md'), split?.synopsis ?? '');
    await rm(path.join(dir, 'guide.md'));
    const options: BuildOptions = {
      content: path.join(root, 'content'),
      out: path.join(root, 'output'),
      editions: ['student'],
      documents: ['synopsis'],
      concurrency: 1,
    };

    const first = await build(options);
    expect(first.guides.map((g) => [g.status, g.errors.length])).toEqual([['built', 0]]);
    const pdf = path.join(root, 'output', SLUG, 'student', 'synopsis.pdf');
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain(
      'is a documentary by the Syrian filmmaker Feras Fayyad',
    );

    expect((await build(options)).guides.map((g) => g.status)).toEqual(['skipped']);
    const synopsis = path.join(dir, 'synopsis.md');
    await writeFile(synopsis, `${await readFile(synopsis, 'utf8')}\nA closing line added to synopsis.md.\n`);
    expect((await build(options)).guides.map((g) => g.status)).toEqual(['built']);
    expect((await pdfText(pdf)).replace(/\s+/g, ' ')).toContain('A closing line added to synopsis.md.');
  });
});
