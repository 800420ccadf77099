/**
 * `init con` used to succeed and then `check` refused the slug: init tested the pattern only, the
 * other commands also refused names Windows reserves and names over 64 characters. Now one rule
 * (src/content/names.ts) decides for init, finding guides and output paths alike.
 */
import { readdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGuides } from '../../src/content/find-guides.js';
import { isSafeName } from '../../src/content/names.js';
import { init } from '../../src/init/init-guide.js';
import { slugify } from '../../src/init/import-source.js';
import { outputPath } from '../../src/output/paths.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES, tempDir } from '../helpers/paths.js';
import { writeGuide } from '../hardening/guide-kit.js';

const DOCUMENT = path.join(FIXTURES, 'init', 'lesson-notes.txt');
const student = { edition: 'student', largePrint: false } as const;

let root: string;
let content: string;
beforeAll(async () => {
  root = await tempDir('studyguide-slug-rule-');
  content = path.join(root, 'content');
  await writeGuide(content, 'existing');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Whether each stage takes `name` as a slug. init checks the slug first, so `from: []` probes it without writing. */
async function accepted(name: string) {
  const byInit = await init({ slug: name, from: [], content }).then(
    () => true,
    (e: unknown) => !(e as Error).message.includes('is not a valid guide slug'),
  );
  const byFind = await findGuides(content, [name]).then(
    () => true,
    (e: unknown) => !(e as Error).message.includes('is not a valid guide slug'),
  );
  let byOutput = true;
  try {
    outputPath(path.join(root, 'out'), name, student, 'booklet', 'pdf');
  } catch {
    byOutput = false;
  }
  return { byInit, byFind, byOutput };
}

describe('init and check agree on slugs (init con used to succeed, then check refused it)', () => {
  it('init con is refused as a usage error, before anything is written', async () => {
    const dir = await tempDir('studyguide-init-con-');
    try {
      const run = await runCli(['init', 'con', '--from', DOCUMENT, '--content', dir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'error: "con" is not a valid guide slug\n' +
          '  fix: CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are reserved file names on Windows; choose another name.\n',
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  for (const name of ['con', 'NUL', 'aux', 'com1', 'lpt9', 'x'.repeat(65), 'Bad_Slug', 'a--b', '-a', 'a/b']) {
    it(`refuses "${name.length > 20 ? `${name.slice(0, 8)}... (${name.length} characters)` : name}" in init, as everywhere else`, async () => {
      expect(await accepted(name)).toEqual({ byInit: false, byFind: name === 'a/b', byOutput: false });
    });
  }

  it('any name: init accepts it exactly when finding guides and output paths do', async () => {
    const piece = fc.constantFrom(
      'a',
      'z',
      '0',
      '9',
      '-',
      '_',
      'A',
      '.',
      ' ',
      'con',
      'nul',
      'com1',
      'lpt',
      'x'.repeat(30),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { minLength: 1, maxLength: 6 }), async (pieces) => {
        const name = pieces.join('');
        const { byInit, byFind, byOutput } = await accepted(name);
        expect({ name, byFind, byOutput }).toEqual({ name, byFind: byInit, byOutput: byInit });
        expect(byInit).toBe(isSafeName(name));
      }),
      { numRuns: 300 },
    );
  });

  it('a slug init accepts, check accepts: a 64-character slug is drafted and passes check', async () => {
    const slug = `a${'-b'.repeat(31)}c`;
    expect(slug).toHaveLength(64);
    const dir = await tempDir('studyguide-init-long-');
    try {
      expect((await runCli(['init', slug, '--from', DOCUMENT, '--content', dir])).code).toBe(0);
      const check = await runCli(['check', '--content', dir]);
      expect(check.stderr).toContain(`✓ ${slug}: ok`);
      expect(check.code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a document named con.txt becomes the source con-source, which check accepts', async () => {
    expect(slugify('con')).toBe('con-source');
    expect(slugify('NUL', 'person')).toBe('nul-person');
    const dir = await tempDir('studyguide-init-con-txt-');
    try {
      const file = path.join(dir, 'con.txt');
      await writeFile(file, 'The rescuers worked through the night in the ruined city.\n');
      const guides = path.join(dir, 'content');
      const result = await init({ slug: 'reserved-source', from: [file], content: guides });
      expect(result.sources.map((s) => s.id)).toEqual(['con-source']);
      expect((await runCli(['check', '--content', guides])).code).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses a slug another guide already has in a subfolder, since both would then fail', async () => {
    await writeGuide(path.join(content, 'year-9'), 'taken');
    await expect(init({ slug: 'taken', from: [DOCUMENT], content })).rejects.toThrow(
      `the slug "taken" is already used by the guide in ${path.join(content, 'year-9', 'taken')}; nothing was changed`,
    );
    expect(readdirSync(content).sort()).toEqual(['existing', 'year-9']);
  });
});
