/**
 * Names that would leave the output folder (.., absolute paths, NUL, names Windows
 * reserves) are refused; a build writes only under --out and deletes nothing it
 * did not write.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGuides } from '../../src/content/find-guides.js';
import { loadGuide } from '../../src/content/load-guide.js';
import { OutputError, formatUserError } from '../../src/errors.js';
import { outputPath } from '../../src/output/paths.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/paths.js';
import { sourceFile, writeGuide } from './guide-kit.js';
import { filesUnder } from './process-kit.js';

let root: string;
beforeAll(async () => {
  root = await tempDir('studyguide-paths-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const student = { edition: 'student', largePrint: false } as const;

describe('output paths', () => {
  for (const slug of ['..', '../escape', '/etc', 'a/b', 'a\0b', 'con', 'NUL', 'lpt1', 'com9', '', 'x'.repeat(65)]) {
    it(`refuses the slug ${JSON.stringify(slug)}`, () => {
      expect(() => outputPath('/tmp/out', slug, student, 'synopsis', 'pdf')).toThrow(OutputError);
    });
  }

  it('says which slug and how to fix it', () => {
    try {
      outputPath('/tmp/out', '../../etc', student, 'synopsis', 'pdf');
      expect.unreachable();
    } catch (error) {
      expect(formatUserError(error as OutputError)).toBe(
        '/tmp/out: error: refusing to write an output for the unsafe slug "../../etc"\n' +
          '  fix: slugs use lower-case letters, digits and hyphens only, and no name Windows reserves (CON, NUL...).',
      );
    }
  });

  it('keeps ordinary slugs inside the output folder', () => {
    expect(outputPath('/tmp/out', 'a-guide', student, 'booklet', 'pdf')).toBe('/tmp/out/a-guide/student/a-guide.pdf');
  });
});

const SELECTOR_HINT =
  'name a guide by its folder: lower-case letters, digits and hyphens only, or its path under --content such as year-9/<slug> (no "..", no absolute paths).';

describe('guide slugs on the command line', () => {
  let content: string;
  beforeAll(async () => {
    content = path.join(root, 'content-cli');
    await writeGuide(content, 'fine');
  });

  for (const [slug, hint] of [
    ['../fine', SELECTOR_HINT],
    ['/etc', SELECTOR_HINT],
    ['con', 'CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are reserved file names on Windows; choose another name.'],
  ] as const) {
    it(`build ${slug}: refused as a usage error`, async () => {
      const run = await runCli(['build', slug, '--content', content, '--out', path.join(root, 'never')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`error: "${slug}" is not a valid guide slug\n  fix: ${hint}\n`);
      await expect(stat(path.join(root, 'never'))).rejects.toThrow();
    });
  }

  it('a slug with a NUL byte is refused by the API', async () => {
    await expect(findGuides(content, ['fi\0ne'])).rejects.toThrow('"fi\\u0000ne" is not a valid guide slug');
  });
});

describe('folder and file names in content', () => {
  it('a guide folder named after a reserved device is refused (that guide fails, as a content error)', async () => {
    const content = path.join(root, 'content-reserved');
    await writeGuide(content, 'aux');
    const run = await runCli(['check', '--content', content]);
    expect(run.code).toBe(1);
    expect(run.stderr.split(`${content}/`).join('')).toBe(
      '✗ aux:\naux: error: the folder name "aux" is not a valid guide slug\n' +
        '  fix: CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are reserved file names on Windows; choose another name.\n' +
        '1 problem found.\n',
    );
  });

  it('source files named .., NUL or with spaces are refused, each with its name', async () => {
    const content = path.join(root, 'content-sources');
    const dir = await writeGuide(
      content,
      'guide',
      {},
      {
        '..md': sourceFile('x'),
        'nul.md': sourceFile('nul'),
        'Com1.md': sourceFile('com1'),
        'a b.md': sourceFile('a-b'),
      },
    );
    const { errors } = await loadGuide({ slug: 'guide', dir, file: path.join(dir, 'guide.md') });
    expect(errors.map((e) => `${path.basename(e.location?.file ?? '')}: ${e.message} | ${e.hint}`)).toEqual([
      '..md: the source file name "..md" is not a valid source id | rename it using lower-case letters, digits and hyphens, ending in .md (e.g. "news-feature.md").',
      'Com1.md: the source file name "Com1.md" is not a valid source id | CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are reserved file names on Windows; choose another name.',
      'a b.md: the source file name "a b.md" is not a valid source id | rename it using lower-case letters, digits and hyphens, ending in .md (e.g. "news-feature.md").',
      'nul.md: the source file name "nul.md" is not a valid source id | CON, PRN, AUX, NUL, COM0-9 and LPT0-9 are reserved file names on Windows; choose another name.',
    ]);
  });
});

async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const file of await filesUnder(dir)) {
    out.set(
      file,
      createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    );
  }
  return out;
}

describe('what a build writes', () => {
  it('writes only under --out, never through a link, and deletes nothing it did not write', async () => {
    const base = path.join(root, 'sandbox');
    const content = path.join(base, 'content');
    const out = path.join(base, 'out');
    await writeGuide(content, 'good');
    // A hostile neighbour: it fails to load and must write nothing anywhere.
    await writeGuide(
      content,
      'hostile',
      { body: 'See [@..%2F..%2Fetc "x"] and ../../outside.' },
      {
        '..md': sourceFile('x'),
        'con.md': sourceFile('con'),
      },
    );
    // What the user already has: files in the output folder (one named like our temp files),
    // a file outside it, and an output path that is a link to that outside file.
    const outside = path.join(base, 'outside', 'victim.txt');
    await mkdir(path.dirname(outside), { recursive: true });
    await writeFile(outside, 'do not touch');
    await mkdir(path.join(out, 'good', 'student'), { recursive: true });
    await writeFile(path.join(out, 'keep.txt'), 'mine');
    await writeFile(path.join(out, 'good', 'student', 'teacher-notes.txt'), 'mine too');
    await writeFile(path.join(out, 'good', 'student', '.studyguide-tmp-not-yours'), 'also mine');
    await symlink(outside, path.join(out, 'good', 'student', 'synopsis.pdf'));
    const before = await snapshot(base);

    const run = await runCli(['build', '--content', content, '--out', out, '--edition', 'student', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('✗ hostile: failed');
    expect(run.stderr).toMatch(/✓ good: 5 files/);

    const after = await snapshot(base);
    for (const [file, hash] of before) {
      expect(after.get(file), `${file} changed or vanished`).toBe(hash);
    }
    const created = [...after.keys()]
      .filter((f) => !before.has(f))
      .map((f) => path.relative(base, f))
      .sort();
    expect(created).toEqual([
      'out/good/student/characters.pdf',
      'out/good/student/comparison.pdf',
      'out/good/student/good.pdf',
      'out/good/student/questions.pdf',
      'out/good/student/synopsis.pdf', // was a link, not a file
    ]);
    // The output replaced the link; the file it pointed at is untouched.
    expect(await readFile(outside, 'utf8')).toBe('do not touch');
    expect((await readFile(path.join(out, 'good', 'student', 'synopsis.pdf'))).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses to write through a folder that is a link out of --out, and touches nothing there', async () => {
    const base = path.join(root, 'linked');
    const content = path.join(base, 'content');
    const out = path.join(base, 'out');
    await writeGuide(content, 'good');
    // Say a restored CI cache brought a link where the guide's folder goes.
    const elsewhere = path.join(base, 'home', '.ssh');
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, 'id_ed25519'), 'secret');
    await mkdir(out, { recursive: true });
    await symlink(elsewhere, path.join(out, 'good'));
    const before = await snapshot(path.join(base, 'home'));

    const run = await runCli(['build', '--content', content, '--out', out, '--edition', 'student', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stderr.split(`${out}/`).join('')).toContain(
      'good: error: refusing to write through good: it is a symbolic link\n' +
        '  fix: studyguide writes only inside the output folder and never follows links out of it; delete the link (it may have come from a restored cache) and build again.',
    );
    expect(await snapshot(path.join(base, 'home'))).toEqual(before);
  });

  it('removes temporary files a killed build left, and only those', async () => {
    const base = path.join(root, 'stale');
    const content = path.join(base, 'content');
    const out = path.join(base, 'out');
    await writeGuide(content, 'good');
    const folder = path.join(out, 'good', 'student');
    await mkdir(folder, { recursive: true });
    // Left by a build killed with SIGKILL (no such process now)...
    const stale = '.studyguide-tmp-99999999-0123456789ab-synopsis.pdf';
    // ...written right now by another build into the same folder (this test's process is running)...
    const live = `.studyguide-tmp-${process.pid}-0123456789ab-questions.pdf`;
    // ...and files of the user's that merely look alike.
    const lookalikes = ['.studyguide-tmp-notes.txt', '.studyguide-tmp-99999999-xyz-a.pdf'];
    for (const name of [stale, live, ...lookalikes]) await writeFile(path.join(folder, name), '%PDF-1.7 trunc');

    const run = await runCli(['build', '--content', content, '--out', out, '--edition', 'student', '--no-cache']);
    expect(run.code, run.stderr).toBe(0);
    const names = (await filesUnder(folder)).map((f) => path.basename(f)).sort();
    expect(names).toEqual(
      [live, ...lookalikes, 'characters.pdf', 'comparison.pdf', 'good.pdf', 'questions.pdf', 'synopsis.pdf'].sort(),
    );
  });
});
