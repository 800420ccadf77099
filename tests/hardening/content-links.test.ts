/**
 * No text from outside the guide's folder is read through a link. Regression: a source, guide.md or
 * sources/ that was a symbolic link to a file elsewhere was read, its text printed into the PDF and
 * the HTML, and the citation check echoed what followed a guessed quote (an oracle for a secret).
 */
import { cp, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { check } from '../../src/build/check.js';
import { formatUserError, TemplateError } from '../../src/errors.js';
import { DEFAULT_TEMPLATES_DIR, loadTemplates } from '../../src/render/templates.js';
import { tempDir } from '../helpers/paths.js';
import { guideFile, sourceFile, writeGuide } from './guide-kit.js';

const SECRET = 'The vault code is SECRET-7731 and the key is under the mat.';
let root: string;
let outside: string;

beforeAll(async () => {
  root = await tempDir('studyguide-links-');
  outside = path.join(root, 'outside');
  await mkdir(path.join(outside, 'sources'), { recursive: true });
  // Files a teacher never meant to publish, shaped as content so that they would load if followed.
  await writeFile(path.join(outside, 'notes.md'), sourceFile('notes', `worked through the night. ${SECRET}\n`));
  await writeFile(
    path.join(outside, 'sources', 'notes.md'),
    sourceFile('notes', `worked through the night. ${SECRET}\n`),
  );
  await writeFile(
    path.join(outside, 'guide.md'),
    guideFile({ body: `${SECRET} [@notes "worked through the night"]\n` }),
  );
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function everything(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const texts = await Promise.all(
    entries.filter((e) => e.isFile()).map((e) => readFile(path.join(e.parentPath, e.name), 'latin1')),
  );
  return texts.join('\n');
}

const CASES: Array<{ name: string; link: (guideDir: string) => Promise<string> }> = [
  {
    name: 'a source file',
    link: async (dir) => {
      await rm(path.join(dir, 'sources', 'notes.md'));
      await symlink(path.join(outside, 'notes.md'), path.join(dir, 'sources', 'notes.md'));
      return path.join(dir, 'sources', 'notes.md');
    },
  },
  {
    name: 'guide.md',
    link: async (dir) => {
      await rm(path.join(dir, 'guide.md'));
      await symlink(path.join(outside, 'guide.md'), path.join(dir, 'guide.md'));
      return path.join(dir, 'guide.md');
    },
  },
  {
    name: 'the sources folder',
    link: async (dir) => {
      await rm(path.join(dir, 'sources'), { recursive: true });
      await symlink(path.join(outside, 'sources'), path.join(dir, 'sources'));
      return path.join(dir, 'sources', 'notes.md');
    },
  },
];

describe('links out of the guide folder', () => {
  for (const { name, link } of CASES) {
    it(`${name} that links outside is refused by check and build, and nothing of it is printed`, async () => {
      const content = path.join(root, `content-${CASES.findIndex((c) => c.name === name)}`);
      const dir = await writeGuide(content, 'test-guide');
      const where = await link(dir);
      const checked = await check({ content });
      const errors = checked.guides[0]?.errors ?? [];
      expect(errors.map((e) => e.message)).toContain(
        "this file is a link to a file outside the guide's folder; studyguide reads only files inside it",
      );
      expect(errors.find((e) => e.message.startsWith('this file is a link'))?.location?.file).toBe(where);
      expect(errors.map(formatUserError).join('\n')).not.toContain('SECRET-7731');

      const out = path.join(root, `out-${name.replace(/\W+/g, '-')}`);
      const built = await build({ content, out, format: 'html', documents: ['synopsis'] });
      expect(built.failed).toBe(1);
      expect(await everything(out)).not.toContain('SECRET-7731');
    });
  }

  it('a quote guessed from a linked file gets no answer: the check never reads the file', async () => {
    const content = path.join(root, 'content-oracle');
    const dir = await writeGuide(content, 'test-guide', {
      body: 'Guessing [@notes "The vault code is SECRET-"].\n',
    });
    await rm(path.join(dir, 'sources', 'notes.md'));
    await symlink(path.join(outside, 'notes.md'), path.join(dir, 'sources', 'notes.md'));
    const text = (await check({ content })).guides[0]?.errors.map(formatUserError).join('\n') ?? '';
    expect(text).not.toContain('7731');
    expect(text).not.toContain('the key is under');
  });

  it('a link to another file inside the guide folder still works', async () => {
    const content = path.join(root, 'content-inside');
    const dir = await writeGuide(content, 'test-guide');
    await rename(path.join(dir, 'sources', 'notes.md'), path.join(dir, 'notes-original.md'));
    await symlink(path.join('..', 'notes-original.md'), path.join(dir, 'sources', 'notes.md'));
    expect((await check({ content })).errors).toBe(0);
  });
});

describe('links out of a templates folder', () => {
  for (const [name, file] of [
    ['a partial', path.join('partials', 'cover.hbs')],
    ['a document template', path.join('documents', 'synopsis.hbs')],
    ['a stylesheet', path.join('styles', 'print.css')],
  ] as const) {
    it(`${name} that links outside is refused, and its text never printed`, async () => {
      const templates = path.join(root, `templates-${name.replace(/\W+/g, '-')}`);
      await cp(DEFAULT_TEMPLATES_DIR, templates, { recursive: true });
      await writeFile(path.join(outside, 'secret.hbs'), SECRET);
      await rm(path.join(templates, file));
      await symlink(path.join(outside, 'secret.hbs'), path.join(templates, file));
      const load = () => {
        const set = loadTemplates(templates);
        return file.startsWith('styles') ? set.style('print.css') : set;
      };
      expect(load).toThrow(TemplateError);
      expect(load).toThrow('this template file is a link to a file outside the templates folder; it is not read');
      const content = path.join(root, `content-t-${name.replace(/\W+/g, '-')}`);
      await writeGuide(content, 'test-guide');
      const out = path.join(root, `out-t-${name.replace(/\W+/g, '-')}`);
      const options = {
        content,
        out,
        templatesDir: templates,
        format: 'html' as const,
        documents: ['synopsis' as const],
      };
      if (file.startsWith('styles')) {
        // Stylesheets are read as documents are written: the guide fails.
        const built = await build(options);
        expect(built.failed).toBe(1);
        expect(built.guides[0]?.errors.map((e) => e.message).join('\n')).not.toContain('SECRET-7731');
      } else {
        // Templates are read once, before any guide: one error for the build.
        await expect(build(options)).rejects.toThrow(TemplateError);
      }
      expect(await everything(out)).not.toContain('SECRET-7731');
    });
  }
});
