/**
 * A bug while loading one guide (an exception from the loader itself, not a content error)
 * fails that guide as an internal error; the other guides still build and the cache still
 * records them. Printed to HTML, so no browser is needed.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build/build.js';
import { buildExitCode, describeError } from '../../src/cli/report.js';
import { CACHE_FILE } from '../../src/output/build-cache.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from './guide-kit.js';

vi.mock('../../src/content/load-guide.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/content/load-guide.js')>();
  return {
    ...real,
    loadGuide: async (ref: Parameters<typeof real.loadGuide>[0]) => {
      if (ref.slug === 'b-bug') throw new TypeError("cannot read properties of undefined (reading 'people')");
      return real.loadGuide(ref);
    },
  };
});

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-load-bug-');
  for (const slug of ['a-good', 'b-bug', 'c-good']) await writeGuide(path.join(root, 'content'), slug);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a bug in the loader for one guide', () => {
  it('fails that guide as a bug (exit 3), builds the rest, and the cache keeps them', async () => {
    const out = path.join(root, 'out');
    const result = await build({
      content: path.join(root, 'content'),
      out,
      format: 'html',
      editions: ['student'],
      documents: ['synopsis'],
    });
    expect(result.guides.map((g) => [g.slug, g.status])).toEqual([
      ['a-good', 'built'],
      ['b-bug', 'failed'],
      ['c-good', 'built'],
    ]);
    const bug = result.guides[1]?.errors[0];
    expect(describeError(bug!)).toMatch(
      /^internal error \(a bug in studyguide, not in your content\):\nTypeError: cannot read properties of undefined \(reading 'people'\)\n\s+at /,
    );
    expect(buildExitCode(result)).toBe(3);
    const manifest = JSON.parse(await readFile(path.join(out, CACHE_FILE), 'utf8')) as { guides: object };
    expect(Object.keys(manifest.guides)).toEqual(['a-good', 'c-good']);
  });
});
