/**
 * Templates run in strict mode without prototype access: reading a missing field is
 * an error naming the template and line; constructor/__proto__ give nothing.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGuide, type LoadedGuide } from '../../src/content/load-guide.js';
import { TemplateError, formatUserError } from '../../src/errors.js';
import { renderDocumentHtml } from '../../src/render/render-html.js';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/templates.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';

const variant = { edition: 'student', paper: 'a4', largePrint: false } as const;
let root: string;
let guide: LoadedGuide;
let n = 0;

beforeAll(async () => {
  root = await tempDir('studyguide-templates-');
  const dir = await writeGuide(path.join(root, 'content'), 'guide');
  const loaded = await loadGuide({ slug: 'guide', dir, file: path.join(dir, 'guide.md') });
  if (!loaded.guide) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
  guide = loaded.guide;
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A copy of the bundled templates with `line` added to the synopsis document, rendered. */
async function renderWith(line: string, where: 'document' | 'partial' = 'document') {
  const templates = path.join(root, `templates-${n++}`);
  await cp(DEFAULT_TEMPLATES_DIR, templates, { recursive: true });
  if (where === 'document') {
    await writeFile(
      path.join(templates, 'documents', 'synopsis.hbs'),
      `{{#> layout}}\n${line}\n{{> section-synopsis}}\n{{/layout}}\n`,
    );
  } else {
    const file = path.join(templates, 'partials', 'section-synopsis.hbs');
    await writeFile(file, `${line}\n${await readFile(file, 'utf8')}`);
  }
  return { templates, render: () => renderDocumentHtml(guide, 'synopsis', variant, { templatesDir: templates }).html };
}

function thrown(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('expected a TemplateError');
}

describe('strict templates', () => {
  it('a missing field in a document names the document template and its line', async () => {
    const { templates, render } = await renderWith('<p>{{work.director}}</p>');
    const error = thrown(render);
    expect(formatUserError(error).split(`${templates}/`).join('')).toBe(
      'documents/synopsis.hbs:2:6: error: template documents/synopsis.hbs reads the field "director", which the content does not have\n' +
        '  fix: fix the field name in the template, or guard it with {{#if}}; templates run in strict mode.',
    );
  });

  it('a missing field in a partial names the partial and its line', async () => {
    const { templates, render } = await renderWith('<p>{{guide.publisher}}</p>', 'partial');
    const error = thrown(render);
    expect(formatUserError(error).split(`${templates}/`).join('')).toBe(
      'partials/section-synopsis.hbs:1:6: error: template partials/section-synopsis.hbs reads the field "publisher", which the content does not have\n' +
        '  fix: fix the field name in the template, or guard it with {{#if}}; templates run in strict mode.',
    );
  });

  it('md given an object is a template error, not "[object Object]" in the handout', async () => {
    const { render } = await renderWith('<div>{{md work}}</div>');
    expect(formatUserError(thrown(render))).toBe(
      'error: the md helper takes text, not an object\n' +
        '  fix: give {{md}} a text field (e.g. {{md description}}); an object or a list has no text to print.',
    );
  });

  it('a syntax error names the template and line when templates load', async () => {
    const { templates, render } = await renderWith('{{#if work.title}}unclosed');
    const error = thrown(render);
    expect(formatUserError(error).split(`${templates}/`).join('')).toBe(
      'documents/synopsis.hbs:2:4: error: template documents/synopsis.hbs failed: {{#if}} is not closed (found {{/layout}} first)\n' +
        '  fix: fix the template syntax at that line.',
    );
  });
});

describe('no prototype access', () => {
  for (const expression of [
    '{{constructor.name}}',
    '{{__proto__}}',
    '{{work.constructor.name}}',
    '{{lookup this "constructor"}}',
    '{{#with constructor}}[{{name}}]{{/with}}',
    '{{work.__proto__.constructor.name}}',
    '{{#each __proto__}}[{{@key}}]{{/each}}',
  ]) {
    it(`${expression} yields nothing or a template error`, async () => {
      const { render } = await renderWith(`<p id="probe">${expression}</p>`);
      let html: string;
      try {
        html = render();
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateError);
        return;
      }
      const probe = /<p id="probe">([\s\S]*?)<\/p>/.exec(html)?.[1];
      expect(probe).toBe('');
    });
  }
});
