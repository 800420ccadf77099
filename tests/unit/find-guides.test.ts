/** Finding guides: nested folders, what is skipped, slugs that clash, and finding nothing at all. */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findGuides, guideFileIn, guideFolder, MAX_DEPTH, type GuideRef } from '../../src/content/find-guides.js';
import { loadGuide } from '../../src/content/load-guide.js';
import { ContentError, UsageError, formatUserError } from '../../src/errors.js';
import { pickShard } from '../../src/build/shard.js';
import { tempDir } from '../helpers/paths.js';
import { writeGuide } from '../hardening/guide-kit.js';

let root: string;
let n = 0;
beforeAll(async () => {
  root = await tempDir('studyguide-find-');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A fresh content folder holding a guide at each of the given folders ("year-9/a"). */
async function contentWith(...folders: string[]): Promise<string> {
  const content = path.join(root, `content-${++n}`);
  await mkdir(content, { recursive: true });
  for (const folder of folders) {
    const parts = folder.split('/');
    await writeGuide(path.join(content, ...parts.slice(0, -1)), parts[parts.length - 1] as string);
  }
  return content;
}

const folders = (refs: GuideRef[]) => refs.map(guideFolder);

describe('guides in subfolders', () => {
  it('finds guides one or more folders deep, with their folder, sorted by slug', async () => {
    const content = await contentWith('year-9/zeta', 'alpha', 'year-10/term-2/beta');
    const refs = await findGuides(content);
    expect(refs.map((r) => [r.slug, guideFolder(r), path.relative(content, r.file)])).toEqual([
      ['alpha', 'alpha', path.join('alpha', 'guide.md')],
      ['beta', 'year-10/term-2/beta', path.join('year-10', 'term-2', 'beta', 'guide.md')],
      ['zeta', 'year-9/zeta', path.join('year-9', 'zeta', 'guide.md')],
    ]);
    expect(refs.every((r) => r.problems === undefined)).toBe(true);
  });

  it(`looks ${MAX_DEPTH} folders deep and no deeper`, async () => {
    const deepest = [...Array<string>(MAX_DEPTH - 1).fill('d'), 'found'].join('/');
    const tooDeep = [...Array<string>(MAX_DEPTH).fill('d'), 'lost'].join('/');
    const content = await contentWith(deepest, tooDeep);
    expect(folders(await findGuides(content))).toEqual([deepest]);
  });

  it('does not search inside a guide: a guide.md under a guide belongs to it', async () => {
    const content = await contentWith('outer', 'outer/sources/inner', 'outer/extra/inner-2');
    expect(folders(await findGuides(content))).toEqual(['outer']);
  });

  it('skips folders starting with . or _, node_modules, and the folders it is told to ignore', async () => {
    const content = await contentWith('kept', '_drafts/parked', '.git/hidden', 'node_modules/pkg', 'output/copy');
    expect(folders(await findGuides(content, [], { ignore: [path.join(content, 'output')] }))).toEqual(['kept']);
    expect(folders(await findGuides(content))).toEqual(['output/copy', 'kept']);
  });

  it('selects by slug or by folder', async () => {
    const content = await contentWith('year-9/a', 'year-9/b', 'c');
    expect(folders(await findGuides(content, ['a']))).toEqual(['year-9/a']);
    expect(folders(await findGuides(content, ['year-9/b', 'c']))).toEqual(['year-9/b', 'c']);
    await expect(findGuides(content, ['year-10/a'])).rejects.toThrow('no guide "year-10/a" under');
    await expect(findGuides(content, ['year-9/../c'])).rejects.toThrow(UsageError);
  });

  it('shards nested guides like the others: every guide in exactly one shard', async () => {
    const content = await contentWith('year-9/a', 'year-9/b', 'year-10/c', 'd', 'e');
    const refs = await findGuides(content);
    const shards = [1, 2, 3].map((index) => folders(pickShard(refs, { index, total: 3 })));
    expect(shards.flat().sort()).toEqual(folders(refs).sort());
    expect(shards).toEqual([['year-9/a', 'd'], ['year-9/b', 'e'], ['year-10/c']]);
  });
});

describe('guides that fail on their own', () => {
  it('two guides with one slug both fail, each naming the other; the rest are fine', async () => {
    const content = await contentWith('year-9/same', 'year-10/same', 'other');
    const refs = await findGuides(content);
    expect(folders(refs)).toEqual(['other', 'year-10/same', 'year-9/same']);
    const [other, ten, nine] = refs as [GuideRef, GuideRef, GuideRef];
    expect(other.problems).toBeUndefined();
    expect(ten.problems?.map((e) => e.message)).toEqual([
      `the slug "same" is used by another guide too: ${path.join(content, 'year-9', 'same')}`,
    ]);
    expect(nine.problems?.map((e) => e.message)).toEqual([
      `the slug "same" is used by another guide too: ${path.join(content, 'year-10', 'same')}`,
    ]);
    // Loading such a guide returns its problems without reading it.
    expect((await loadGuide(nine)).errors).toEqual(nine.problems);
    expect((await loadGuide(other)).errors).toEqual([]);
    // Selecting one of them by folder still fails it: the clash is in the content folder.
    expect((await findGuides(content, ['year-9/same']))[0]?.problems).toHaveLength(1);
  });

  it('a badly named guide folder, or a badly named folder above one, fails only that guide', async () => {
    const content = await contentWith('Bad_Name', 'Year 9/fine-name', 'good');
    const refs = await findGuides(content);
    expect(refs.map((r) => [guideFolder(r), r.problems?.map((e) => formatUserError(e)) ?? []])).toEqual([
      [
        'Bad_Name',
        [
          `${path.join(content, 'Bad_Name')}: error: the folder name "Bad_Name" is not a valid guide slug\n` +
            '  fix: rename the folder using lower-case letters, digits and hyphens only, at most 64 characters (e.g. "last-men-in-aleppo").',
        ],
      ],
      [
        'Year 9/fine-name',
        [
          `${path.join(content, 'Year 9')}: error: the folder name "Year 9" above this guide is not valid for its outputs\n` +
            '  fix: outputs mirror the folders above a guide: rename the folder using lower-case letters, digits and hyphens only, at most 64 characters (e.g. "year-9"), or start its name with "_" to leave the guides in it out.',
        ],
      ],
      ['good', []],
    ]);
  });
});

describe('no guides at all', () => {
  const noGuides = async (content: string) => {
    const error = await findGuides(content).then(
      () => expect.unreachable('findGuides found guides'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContentError);
    return formatUserError(error as ContentError);
  };

  it('an empty content folder is a content error naming the folder and what a guide looks like', async () => {
    const content = await contentWith();
    const text = await noGuides(content);
    expect(text).toMatch(
      new RegExp(`^${escape(content)}: error: no guides in this folder: none of its folders holds a guide\\.md\\n`),
    );
    expect(text).toContain(`a guide is a folder holding guide.md and sources/, such as ${content}/<slug>/guide.md`);
    expect(text).toContain('Start one with "studyguide init <slug> --from <document>".');
  });

  it('a content folder that is itself a guide: did you mean its parent?', async () => {
    const content = await contentWith('only');
    const text = await noGuides(path.join(content, 'only'));
    expect(text).toContain(`is itself a guide: did you mean --content ${path.relative(process.cwd(), content)}?`);
  });

  it('guides only in skipped folders: says which', async () => {
    const content = await contentWith('_drafts/one', '.old/two');
    expect(await noGuides(content)).toContain(
      'Folders whose names start with "." or "_" are left out, and these hold guides: .old/two, _drafts/one.',
    );
  });

  it('a folder of other things, with guides in ./content: did you mean --content content?', async () => {
    // The tests run from the repository, whose content/ holds the bundled guide.
    const content = await contentWith();
    await writeFile(path.join(content, 'notes.txt'), 'not a guide');
    expect(await noGuides(content)).toMatch(/ Did you mean --content content\?$/);
  });

  it('knows a guide by its guide.md', () => {
    expect(guideFileIn(['sources', 'guide.md'])).toBe('guide.md');
    expect(guideFileIn(['sources', 'README.md'])).toBeUndefined();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
