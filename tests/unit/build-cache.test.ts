/** The build cache without a browser: keys, manifest, up-to-date checks. */
import { mkdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BuildCache,
  CACHE_FILE,
  guideKey,
  hashTree,
  readManifest,
  runFingerprint,
  type OutputOptions,
} from '../../src/output/build-cache.js';
import { browserIdentity } from '../../src/pdf/find-chrome.js';
import { tempDir } from '../helpers/paths.js';

const OPTIONS: OutputOptions = {
  editions: ['student', 'teacher'],
  paper: 'a4',
  format: 'pdf',
  largePrint: false,
  documents: ['synopsis', 'booklet'],
  browser: '/usr/lib/chromium/chromium 296700760 1762055502000',
};

let root: string;
let guide: string;
let out: string;

beforeEach(async () => {
  root = await tempDir();
  guide = path.join(root, 'content', 'a-guide');
  out = path.join(root, 'out');
  await mkdir(path.join(guide, 'sources'), { recursive: true });
  await writeFile(path.join(guide, 'guide.md'), '---\ntitle: A\n---\nBody\n');
  await writeFile(path.join(guide, 'sources', 'one.md'), '---\nid: one\n---\nText\n');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writeOutputs(...rels: string[]): Promise<string[]> {
  const files = rels.map((r) => path.join(out, r));
  for (const file of files) {
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, 'pdf');
  }
  return files;
}

describe('keys', () => {
  it('change with a source file, a new file, and nothing else', async () => {
    const before = await hashTree(guide);
    expect(await hashTree(guide)).toBe(before);
    await writeFile(path.join(guide, 'sources', 'one.md'), '---\nid: one\n---\nText!\n');
    const edited = await hashTree(guide);
    expect(edited).not.toBe(before);
    await writeFile(path.join(guide, 'photo.png'), 'png');
    expect(await hashTree(guide)).not.toBe(edited);
  });

  it('change with every option that changes the output, but not with their absence of change', async () => {
    const base = await runFingerprint(OPTIONS);
    expect(await runFingerprint({ ...OPTIONS })).toBe(base);
    const variants: OutputOptions[] = [
      { ...OPTIONS, editions: ['student'] },
      { ...OPTIONS, paper: 'letter' },
      { ...OPTIONS, format: 'both' },
      { ...OPTIONS, largePrint: true },
      { ...OPTIONS, documents: ['booklet'] },
      { ...OPTIONS, browser: '/usr/lib/chromium/chromium 301000000 1764000000000' },
    ];
    const keys = await Promise.all(variants.map((v) => runFingerprint(v)));
    expect(new Set([base, ...keys]).size).toBe(variants.length + 1);
  });

  it('know the browser by its executable, without starting it: a browser update is a new key', async () => {
    const bin = path.join(root, 'bin');
    await mkdir(bin);
    const chrome = path.join(bin, 'chrome');
    await writeFile(chrome, '#!/bin/sh\n', { mode: 0o755 });
    await utimes(chrome, 1_700_000_000, 1_700_000_000);
    const before = browserIdentity({ executablePath: chrome });
    expect(before).toBe(`${chrome} 10 1700000000000`);
    // Another path to the same file is the same browser.
    await symlink(chrome, path.join(bin, 'chromium'));
    expect(browserIdentity({ executablePath: path.join(bin, 'chromium') })).toBe(before);
    // An update replaces the file.
    await writeFile(chrome, '#!/bin/sh\n# 157\n', { mode: 0o755 });
    expect(browserIdentity({ executablePath: chrome })).not.toBe(before);
    // A remote browser is known only as one.
    expect(browserIdentity({ browserWSEndpoint: 'ws://127.0.0.1:9222/devtools/browser/x' })).toBe('remote browser');
  });

  it('change with the templates folder', async () => {
    const templates = path.join(root, 'templates');
    await mkdir(path.join(templates, 'partials'), { recursive: true });
    await writeFile(path.join(templates, 'partials', 'cover.hbs'), '<h1>{{title}}</h1>');
    const before = await runFingerprint(OPTIONS, templates);
    await writeFile(path.join(templates, 'partials', 'cover.hbs'), '<h1 class="big">{{title}}</h1>');
    expect(await runFingerprint(OPTIONS, templates)).not.toBe(before);
  });

  it('tie a guide to the run: same folder, other options, other key', async () => {
    const a = await guideKey(await runFingerprint(OPTIONS), guide);
    const b = await guideKey(await runFingerprint({ ...OPTIONS, paper: 'letter' }), guide);
    expect(a).not.toBe(b);
  });
});

describe('BuildCache', () => {
  it('skips a guide built with the same key whose outputs all exist', async () => {
    const outputs = await writeOutputs('a-guide/student/synopsis.pdf', 'a-guide/student/a-guide.pdf');
    const first = await BuildCache.open(out, OPTIONS);
    expect(await first.fresh('a-guide', guide)).toBeUndefined();
    first.record('a-guide', 'built', outputs);
    await first.save();

    const manifest = JSON.parse(await readFile(path.join(out, CACHE_FILE), 'utf8')) as {
      guides: Record<string, { outputs: string[] } | undefined>;
    };
    expect(manifest.guides['a-guide']?.outputs).toEqual([
      'a-guide/student/synopsis.pdf',
      'a-guide/student/a-guide.pdf',
    ]);

    const second = await BuildCache.open(out, OPTIONS);
    expect(await second.fresh('a-guide', guide)).toEqual(outputs);
  });

  it('rebuilds a guide whose output file was deleted', async () => {
    const outputs = await writeOutputs('a-guide/student/synopsis.pdf', 'a-guide/student/a-guide.pdf');
    const first = await BuildCache.open(out, OPTIONS);
    await first.fresh('a-guide', guide);
    first.record('a-guide', 'built', outputs);
    await first.save();
    await rm(outputs[1] as string);
    expect(await (await BuildCache.open(out, OPTIONS)).fresh('a-guide', guide)).toBeUndefined();
  });

  it('rebuilds a guide whose source changed, or when the options changed', async () => {
    const outputs = await writeOutputs('a-guide/student/synopsis.pdf');
    const first = await BuildCache.open(out, OPTIONS);
    await first.fresh('a-guide', guide);
    first.record('a-guide', 'built', outputs);
    await first.save();
    expect(
      await (await BuildCache.open(out, { ...OPTIONS, largePrint: true })).fresh('a-guide', guide),
    ).toBeUndefined();
    await writeFile(path.join(guide, 'sources', 'one.md'), '---\nid: one\n---\nOther text\n');
    expect(await (await BuildCache.open(out, OPTIONS)).fresh('a-guide', guide)).toBeUndefined();
  });

  it('forgets failed guides and keeps entries of guides the run did not touch', async () => {
    const outputs = await writeOutputs('a-guide/student/synopsis.pdf', 'other/student/synopsis.pdf');
    const first = await BuildCache.open(out, OPTIONS);
    await first.fresh('a-guide', guide);
    await first.fresh('other', guide);
    first.record('a-guide', 'built', [outputs[0] as string]);
    first.record('other', 'built', [outputs[1] as string]);
    await first.save();
    const second = await BuildCache.open(out, OPTIONS);
    await second.fresh('a-guide', guide);
    second.record('a-guide', 'failed', []);
    await second.save();
    expect(Object.keys((await readManifest(out)).guides)).toEqual(['other']);
  });

  it('treats a damaged manifest as empty', async () => {
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, CACHE_FILE), '{ not json');
    expect((await readManifest(out)).guides).toEqual({});
  });
});
