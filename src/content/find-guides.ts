/**
 * Finding guides: every folder under the content folder that holds a guide file, directly
 * (content/<slug>/guide.md) or in subfolders (content/year-9/<slug>/guide.md). Outputs mirror the
 * folders. A guide's folder name is its slug, unique across the whole content folder.
 *
 * A guide with a bad name, or whose slug another guide also has, is still returned, with its
 * problems: it fails on its own while the others build. Finding no guide at all is an error.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { ContentError, UsageError, type StudyguideError } from '../errors.js';
import { guideFileName, isGuideFolder } from './guide-files.js';
import { guidePathSegments, isSafeName, nameHint, printableName, SLUG_RULE } from './names.js';

export const GUIDE_FILE = 'guide.md';

/** How many folders deep guides are looked for: content/a/b/c/d/<slug>/guide.md at most. */
export const MAX_DEPTH = 5;

export interface GuideRef {
  slug: string;
  /**
   * The guide's folder under the content folder, '/'-separated: "last-men-in-aleppo", or
   * "year-9/last-men-in-aleppo" for a guide in a subfolder. Outputs mirror it. Default: the slug.
   */
  folder?: string;
  dir: string;
  file: string;
  /** Why the guide cannot be built (a bad folder name, a slug two guides share): it fails with these, unread. */
  problems?: StudyguideError[];
}

export interface FindOptions {
  /** Folders not to search (the output folder, when it lies inside the content folder). */
  ignore?: readonly string[];
}

/** The guide's folder under the content folder (see GuideRef.folder). */
export function guideFolder(ref: Pick<GuideRef, 'slug' | 'folder'>): string {
  return ref.folder ?? ref.slug;
}

/**
 * The guide file of a folder, from the names of the files in it, or undefined when the folder is
 * not a guide. The one place that says what makes a folder a guide.
 */
export function guideFileIn(names: readonly string[]): string | undefined {
  return isGuideFolder(names) ? guideFileName(names) : undefined;
}

/** Folders never searched: hidden or parked ones (".git", "_drafts") and installed packages. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name.startsWith('_') || name === 'node_modules';
}

/**
 * Every guide under the content folder, sorted by slug (then folder). With `only`, the guides
 * named there, each by slug ("last-men") or by folder ("year-9/last-men").
 */
export async function findGuides(
  contentDir: string,
  only: readonly string[] = [],
  options: FindOptions = {},
): Promise<GuideRef[]> {
  for (const name of only) checkSelector(name);
  let top: string[];
  try {
    top = await readdir(contentDir);
  } catch (cause) {
    throw new UsageError(`the content folder "${contentDir}" could not be read`, {
      hint: `pass --content with the folder that holds your guides (${path.join('content', '<slug>', GUIDE_FILE)}).${await suggestion(contentDir)}`,
      cause,
    });
  }
  const ignore = (options.ignore ?? []).map((dir) => path.resolve(dir));
  const found = guideFileIn(top) ? [] : await search(contentDir, [], ignore);
  // (A content folder that is itself a guide holds no guides: nothingFound says which folder to pass.)
  if (found.length === 0) throw await nothingFound(contentDir);
  markDuplicates(found);
  found.sort((a, b) => compare(a.slug, b.slug) || compare(guideFolder(a), guideFolder(b)));
  if (only.length === 0) return found;
  const matches = (ref: GuideRef, name: string) => ref.slug === name || guideFolder(ref) === name;
  for (const name of only) {
    if (!found.some((g) => matches(g, name))) {
      throw new UsageError(`no guide "${name}" under ${contentDir}`, {
        hint: `create ${path.join(contentDir, ...name.split('/'), GUIDE_FILE)} or check the spelling. Guides found: ${found.map(guideFolder).join(', ')}.`,
      });
    }
  }
  return found.filter((g) => only.some((name) => matches(g, name)));
}

function checkSelector(name: string): void {
  if (guidePathSegments(name)) return;
  throw new UsageError(`"${printableName(name)}" is not a valid guide slug`, {
    hint: nameHint(
      name,
      'name a guide by its folder: lower-case letters, digits and hyphens only, or its path under --content such as year-9/<slug> (no "..", no absolute paths).',
    ),
  });
}

/** The guides in the folder `segments` below `root`; a guide's own folder is not searched further. */
async function search(root: string, segments: readonly string[], ignore: readonly string[]): Promise<GuideRef[]> {
  const dir = path.join(root, ...segments);
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const found: GuideRef[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || skipped(entry.name)) continue;
    const child = path.join(dir, entry.name);
    if (ignore.includes(path.resolve(child))) continue;
    const names = await readdir(child).catch(() => [] as string[]);
    const file = guideFileIn(names);
    const childSegments = [...segments, entry.name];
    if (file) found.push(guideRef(root, childSegments, file));
    else if (childSegments.length < MAX_DEPTH) found.push(...(await search(root, childSegments, ignore)));
  }
  return found;
}

function guideRef(root: string, segments: readonly string[], file: string): GuideRef {
  const name = segments[segments.length - 1] as string;
  const dir = path.join(root, ...segments);
  const ref: GuideRef = {
    slug: printableName(name),
    folder: segments.map(printableName).join('/'),
    dir,
    file: path.join(dir, file),
  };
  const problems: StudyguideError[] = [];
  if (!isSafeName(name)) {
    problems.push(
      new ContentError(`the folder name "${printableName(name)}" is not a valid guide slug`, {
        location: { file: dir },
        hint: nameHint(name, `rename the folder using ${SLUG_RULE} (e.g. "last-men-in-aleppo").`),
      }),
    );
  }
  // The folders above a guide name the folders of its outputs: they follow the same rule.
  segments.slice(0, -1).forEach((above, i) => {
    if (isSafeName(above)) return;
    problems.push(
      new ContentError(`the folder name "${printableName(above)}" above this guide is not valid for its outputs`, {
        location: { file: path.join(root, ...segments.slice(0, i + 1)) },
        hint: nameHint(
          above,
          `outputs mirror the folders above a guide: rename the folder using ${SLUG_RULE} (e.g. "year-9"), or start its name with "_" to leave the guides in it out.`,
        ),
      }),
    );
  });
  if (problems.length > 0) ref.problems = problems;
  return ref;
}

/** Two guides with one slug: each fails, naming the other. Outputs, the cache and `build <slug>` go by the slug. */
function markDuplicates(found: GuideRef[]): void {
  const bySlug = new Map<string, GuideRef[]>();
  for (const ref of found) bySlug.set(ref.slug, [...(bySlug.get(ref.slug) ?? []), ref]);
  for (const [slug, refs] of bySlug) {
    if (refs.length < 2) continue;
    for (const ref of refs) {
      const others = refs.filter((r) => r !== ref).map((r) => r.dir);
      (ref.problems ??= []).push(
        new ContentError(`the slug "${slug}" is used by another guide too: ${others.join(', ')}`, {
          location: { file: ref.dir },
          hint: `a guide's folder name is its slug and must be unique under the content folder (its booklet is ${slug}.pdf): rename one of the folders.`,
        }),
      );
    }
  }
}

async function nothingFound(contentDir: string): Promise<ContentError> {
  const example = path.join(contentDir, '<slug>');
  return new ContentError(`no guides in this folder: none of its folders holds a ${GUIDE_FILE}`, {
    location: { file: contentDir },
    hint:
      `a guide is a folder holding ${GUIDE_FILE} and sources/, such as ${path.join(example, GUIDE_FILE)}, or in subfolders ` +
      `up to ${MAX_DEPTH} deep, such as ${path.join(contentDir, 'year-9', '<slug>', GUIDE_FILE)}. ` +
      `Start one with "studyguide init <slug> --from <document>".${await suggestion(contentDir)}`,
  });
}

/** " Did you mean --content X?" when guides are where people often put them by mistake, else "". */
async function suggestion(contentDir: string): Promise<string> {
  const here = path.resolve(contentDir);
  if (guideFileIn(await readdir(here).catch(() => [] as string[]))) {
    const parent = path.relative(process.cwd(), path.dirname(here)) || '.';
    return ` ${contentDir} is itself a guide: did you mean --content ${parent}?`;
  }
  const parked = await parkedGuides(here);
  if (parked.length > 0) {
    return ` Folders whose names start with "." or "_" are left out, and these hold guides: ${parked.join(', ')}.`;
  }
  const usual = path.resolve('content');
  if (usual !== here && (await search(usual, [], [])).length > 0) return ' Did you mean --content content?';
  return '';
}

/** Guides directly inside folders `search` skips (_drafts/<slug>), at most five. */
async function parkedGuides(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const parked: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !skipped(entry.name) || entry.name === 'node_modules' || entry.name === '.git')
      continue;
    const inner = path.join(dir, entry.name);
    for (const sub of await readdir(inner, { withFileTypes: true }).catch(() => [])) {
      if (!sub.isDirectory()) continue;
      const names = await readdir(path.join(inner, sub.name)).catch(() => [] as string[]);
      if (guideFileIn(names)) parked.push(`${entry.name}/${sub.name}`);
    }
  }
  return parked.sort().slice(0, 5);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
