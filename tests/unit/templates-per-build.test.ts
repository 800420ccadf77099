/**
 * Templates belong to one build, not to the process. Regression: a second build() in one process
 * printed with the templates the first had compiled (a process-wide cache), and recorded the
 * result as up to date with the new templates.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { check } from '../../src/build/check.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/templates.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from '../hardening/guide-kit.js';

let root: string;
let templates: string;
const content = () => path.join(root, 'content');
const out = () => path.join(root, 'out');
const synopsisHtml = () => readFile(path.join(out(), 'test-guide', 'student', 'synopsis.html'), 'utf8');

beforeAll(async () => {
  root = await tempDir('studyguide-templates-');
  templates = path.join(root, 'templates');
  await cp(DEFAULT_TEMPLATES_DIR, templates, { recursive: true });
  await writeGuide(content(), 'test-guide');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('templates are read for each build', () => {
  it('a second build() in one process prints with the edited template, not a stale one', async () => {
    const options = { content: content(), out: out(), templatesDir: templates, format: 'html' as const };
    const first = await build({ ...options, documents: ['synopsis'] });
    expect(first.failed).toBe(0);
    expect(await synopsisHtml()).not.toContain('EDITED-TEMPLATE-MARK');

    const file = path.join(templates, 'documents', 'synopsis.hbs');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace(
        '{{> section-synopsis}}',
        '{{> section-synopsis}}<p>EDITED-TEMPLATE-MARK</p>',
      ),
    );
    const second = await build({ ...options, documents: ['synopsis'] });
    expect(second.rendered).toBe(1); // the template changed: not up to date
    expect(await synopsisHtml()).toContain('EDITED-TEMPLATE-MARK');
  });

  it('check() reads the templates as they are now', async () => {
    const file = path.join(templates, 'documents', 'synopsis.hbs');
    const good = await readFile(file, 'utf8');
    expect((await check({ content: content(), templatesDir: templates })).errors).toBe(0);
    await writeFile(file, `${good}{{no_such_field}}`);
    const broken = await check({ content: content(), templatesDir: templates });
    expect(broken.errors).toBeGreaterThan(0);
    expect(broken.guides[0]?.errors[0]?.message).toContain('no_such_field');
    await writeFile(file, good);
    expect((await check({ content: content(), templatesDir: templates })).errors).toBe(0);
  });
});
