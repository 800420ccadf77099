import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, UsageError } from '../errors.js';
import { guideFileName, isGuideFolder } from './guide-files.js';
import { RESERVED_HINT, WINDOWS_RESERVED, isSafeName } from './names.js';

export const GUIDE_FILE = 'guide.md';

export interface GuideRef {
  slug: string;
  dir: string;
  file: string;
}

/** Every guide under the content folder (folders holding guide.md or guide.yaml), sorted by slug. */
export async function findGuides(contentDir: string, only: readonly string[] = []): Promise<GuideRef[]> {
  let entries;
  try {
    entries = await readdir(contentDir, { withFileTypes: true });
  } catch (cause) {
    throw new UsageError(`the content folder "${contentDir}" could not be read`, {
      hint: 'pass --content with the folder that holds your guides (content/<slug>/guide.md).',
      cause,
    });
  }
  const found: GuideRef[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
    const dir = path.join(contentDir, entry.name);
    const children = await readdir(dir).catch(() => [] as string[]);
    if (!isGuideFolder(children)) continue;
    if (!isSafeName(entry.name)) {
      throw new ContentError(`the folder name "${JSON.stringify(entry.name).slice(1, -1)}" is not a valid guide slug`, {
        location: { file: dir },
        hint: WINDOWS_RESERVED.test(entry.name)
          ? RESERVED_HINT
          : 'rename the folder using lower-case letters, digits and hyphens only, at most 64 characters (e.g. "last-men-in-aleppo").',
      });
    }
    found.push({ slug: entry.name, dir, file: path.join(dir, guideFileName(children)) });
  }
  found.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
  if (only.length === 0) return found;
  for (const slug of only) {
    if (!isSafeName(slug)) {
      throw new UsageError(`"${JSON.stringify(slug).slice(1, -1)}" is not a valid guide slug`, {
        hint: WINDOWS_RESERVED.test(slug)
          ? RESERVED_HINT
          : 'slugs are folder names under --content: lower-case letters, digits and hyphens only (no paths).',
      });
    }
    if (!found.some((g) => g.slug === slug)) {
      throw new UsageError(`no guide "${slug}" under ${contentDir}`, {
        hint: `create ${path.join(contentDir, slug, GUIDE_FILE)} or check the spelling. Guides found: ${found.map((g) => g.slug).join(', ') || 'none'}.`,
      });
    }
  }
  return found.filter((g) => only.includes(g.slug));
}
