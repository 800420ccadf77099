/**
 * No URL from content becomes an active link. Regression: the source `url` field took any scheme,
 * and a `javascript:`, `file:` or `data:` URL became a live link in the HTML output and the PDF
 * (clicking it in the HTML ran the script); `init` carried such a URL over from a document's own
 * front matter. And a line break in a `--from` file name wrote front matter of its own.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.js';
import { check } from '../../src/build/check.js';
import { importSource, renderSourceFile } from '../../src/init/import-source.js';
import { webAddress } from '../../src/render/view-model.js';
import { tempDir } from '../helpers/paths.js';
import { SOURCE_TEXT, writeGuide } from './guide-kit.js';

const ACTIVE = [
  'javascript:alert(document.domain)',
  'JavaScript:alert(1)',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  'ftp://example.org/x',
  'mailto:someone@example.org',
];

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-urls-');
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('source url', () => {
  for (const url of ACTIVE) {
    it(`check refuses ${url.split(':')[0]}: with the file, line and field`, async () => {
      const content = path.join(root, `c-${ACTIVE.indexOf(url)}`);
      await writeGuide(
        content,
        'test-guide',
        {},
        {
          'notes.md': `---\nid: notes\ntitle: Notes\nkind: article\nurl: ${JSON.stringify(url)}\n---\n${SOURCE_TEXT}`,
        },
      );
      const result = await check({ content });
      const errors = result.guides[0]?.errors ?? [];
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toBe('must be a web address starting with http:// or https://');
      expect(errors[0]?.location).toMatchObject({
        file: path.join(content, 'test-guide', 'sources', 'notes.md'),
        line: 5,
        field: 'url',
      });
    });
  }

  it('an https address prints as a link in the HTML', async () => {
    const content = path.join(root, 'https');
    const out = path.join(root, 'https-out');
    await writeGuide(
      content,
      'test-guide',
      {},
      {
        'notes.md': `---\nid: notes\ntitle: Notes\nkind: article\nurl: https://example.org/a?b=1&c=2\n---\n${SOURCE_TEXT}`,
      },
    );
    const result = await build({ content, out, format: 'html', documents: ['booklet'], editions: ['student'] });
    expect(result.failed).toBe(0);
    const html = await readFile(path.join(out, 'test-guide', 'student', 'test-guide.html'), 'utf8');
    expect(html).toContain('<a href="https://example.org/a?b&#x3D;1&amp;c&#x3D;2">');
  });

  it('the view model never gives a template a link that is not a web address', () => {
    for (const url of ACTIVE) expect(webAddress(url)).toBeNull();
    expect(webAddress('not a url')).toBeNull();
    expect(webAddress(undefined)).toBeNull();
    expect(webAddress('http://example.org/')).toBe('http://example.org/');
  });
});

describe('init', () => {
  it('keeps a javascript: link from a document only as a comment, never as the url field', async () => {
    const file = path.join(root, 'review.md');
    await writeFile(file, `---\ntitle: A review\nlink: "javascript:alert(1)"\n---\n${SOURCE_TEXT}`);
    const source = await importSource(file, new Set());
    expect(source.meta.url).toBeUndefined();
    const text = renderSourceFile(source);
    const frontMatter = parse(text.split('\n---\n')[0]?.replace(/^---\n/, '') ?? '') as Record<string, unknown>;
    expect(frontMatter).not.toHaveProperty('url');
    expect(frontMatter).not.toHaveProperty('link');
    expect(text).toContain('#   link: javascript:alert(1)');
  });

  it('a line break in a --from file name cannot write front matter', async () => {
    const dir = path.join(root, 'names');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, 'notes\nurl: javascript:alert(1)\nkind: book\n.txt');
    await writeFile(file, SOURCE_TEXT);
    const text = renderSourceFile(await importSource(file, new Set()));
    const yamlText = text.slice(4, text.indexOf('\n---\n'));
    const frontMatter = parse(yamlText) as Record<string, unknown>;
    expect(frontMatter).not.toHaveProperty('url');
    expect(frontMatter.kind).not.toBe('book');
    expect(yamlText).toContain('# Imported from notes\\u000aurl: javascript:alert(1)\\u000akind: book\\u000a.txt.');
  });
});
