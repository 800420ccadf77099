/**
 * The cases under tests/fixtures/bad/: each holds a content/ folder with one kind of
 * bad input, and optionally templates/ (files laid over a copy of the bundled
 * templates). `too-large-file` gets its size at test time, so the repository stays small.
 */
import { appendFile, cp, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_TEMPLATES_DIR } from '../../src/render/templates.js';
import { MAX_FILE_BYTES } from '../../src/content/read-text-file.js';
import { FIXTURES } from '../helpers/paths.js';

export const BAD = path.join(FIXTURES, 'bad');

export async function badCases(): Promise<string[]> {
  return (await readdir(BAD, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** Copy a case to `work` and make it ready to check: the --content and --templates to pass. */
export async function prepareCase(name: string, work: string): Promise<{ content: string; templates?: string }> {
  const dir = path.join(work, name);
  await cp(path.join(BAD, name), dir, { recursive: true });
  const content = path.join(dir, 'content');
  let templates: string | undefined;
  if (await stat(path.join(dir, 'templates')).catch(() => undefined)) {
    templates = path.join(dir, 'templates-merged');
    await cp(DEFAULT_TEMPLATES_DIR, templates, { recursive: true });
    await cp(path.join(dir, 'templates'), templates, { recursive: true });
  }
  if (name === 'too-large-file') {
    const file = path.join(content, 'test-guide', 'sources', 'notes.md');
    await appendFile(file, 'padding '.repeat(MAX_FILE_BYTES / 8 + 1));
  }
  return { content, templates };
}
