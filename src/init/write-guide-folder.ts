/**
 * Put a drafted guide in place all at once. Everything is written to a staging
 * folder beside the guide, loaded and checked there, and only then moved into
 * content/<slug>/. With --force, the old guide.md and sources/ are moved aside
 * first and put back if anything fails; other files in the folder (images) are
 * left alone. A failed init leaves the content folder as it found it.
 */
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GUIDE_OWN_FILES, guideFileName } from '../content/guide-files.js';
import { loadGuide, SOURCES_DIR } from '../content/load-guide.js';
import { ContentError, OutputError, UsageError, isUserError } from '../errors.js';
import { DOCUMENTS, EDITIONS } from '../options.js';
import { renderDocumentHtml } from '../render/render-html.js';
import { loadTemplates } from '../render/templates.js';

export const STAGING_PREFIX = '.studyguide-init-';

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** The guide folder holds a guide (guide.md, or sources) that init would replace. */
export async function hasGuide(dir: string): Promise<boolean> {
  for (const name of GUIDE_OWN_FILES) if (await exists(path.join(dir, name))) return true;
  const sources = await readdir(path.join(dir, SOURCES_DIR)).catch(() => [] as string[]);
  return sources.length > 0;
}

export function refuseExisting(dir: string): UsageError {
  return new UsageError('this folder already holds a guide; nothing was changed', {
    location: { file: dir },
    hint: 'pass --force to replace its guide.md and sources/ with a new draft (other files stay), or choose another slug.',
  });
}

export interface WriteGuideOptions {
  contentDir: string;
  slug: string;
  /** Relative path (guide.md, sources/<id>.md) → content. */
  files: ReadonlyMap<string, string>;
  force: boolean;
  templatesDir?: string;
}

export async function writeGuideFolder(options: WriteGuideOptions): Promise<{ dir: string; replaced: boolean }> {
  const dir = path.join(options.contentDir, options.slug);
  const contentExisted = await exists(options.contentDir);
  let stage: string | undefined;
  try {
    await mkdir(options.contentDir, { recursive: true });
    stage = await mkdtemp(path.join(options.contentDir, `${STAGING_PREFIX}${options.slug}-`));
    for (const [relative, text] of options.files) {
      const file = path.join(stage, relative);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
    }
    await verifyStaged(stage, options.slug, options.templatesDir);
    const replaced = await hasGuide(dir);
    if (replaced && !options.force) throw refuseExisting(dir);
    if (await exists(dir)) await swapInto(stage, dir);
    else await rename(stage, dir);
    return { dir, replaced };
  } catch (error) {
    if (!contentExisted) await rm(options.contentDir, { recursive: true, force: true }).catch(() => undefined);
    if (isUserError(error)) throw error;
    throw new OutputError(`could not write the guide to ${dir}; nothing was changed`, {
      location: { file: dir },
      hint: 'check that the content folder is writable, that nothing but a folder has that name, and that the disk is not full.',
      cause: error,
    });
  } finally {
    if (stage) await rm(stage, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Load the staged guide as `check` would, and render every document, so that a draft that would not build is never put in place. */
async function verifyStaged(stage: string, slug: string, templatesDir: string | undefined): Promise<void> {
  const { guide, errors } = await loadGuide({
    slug,
    dir: stage,
    file: path.join(stage, guideFileName(await readdir(stage))),
  });
  const problems = errors.map((e) => `${e.where ?? ''} ${e.message}`.trim());
  if (guide) {
    let templates: ReturnType<typeof loadTemplates> | undefined;
    for (const edition of EDITIONS) {
      for (const document of DOCUMENTS) {
        try {
          templates ??= loadTemplates(templatesDir);
          renderDocumentHtml(guide, document, { edition, paper: 'a4', largePrint: false }, { templates });
        } catch (error) {
          if (!isUserError(error)) throw error;
          problems.push(error.message);
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new ContentError(
      `the drafted guide did not pass its own check, so nothing was written:\n  ${problems.join('\n  ')}`,
      {
        hint: 'this is a bug in studyguide init; please report it with the files you imported.',
      },
    );
  }
}

/** Replace dir/guide.md and dir/sources with the staged ones; put the old ones back if a step fails. */
async function swapInto(stage: string, dir: string): Promise<void> {
  const backup = await mkdtemp(path.join(path.dirname(dir), `${STAGING_PREFIX}old-`));
  // Every form of the guide's own files, so that a guide.md replaced by a guide.yaml (or back) leaves no other behind.
  const entries = [...GUIDE_OWN_FILES, SOURCES_DIR];
  const movedAside: string[] = [];
  const movedIn: string[] = [];
  try {
    for (const entry of entries) {
      if (await exists(path.join(dir, entry))) {
        await rename(path.join(dir, entry), path.join(backup, entry));
        movedAside.push(entry);
      }
    }
    for (const entry of entries) {
      if (!(await exists(path.join(stage, entry)))) continue;
      await rename(path.join(stage, entry), path.join(dir, entry));
      movedIn.push(entry);
    }
  } catch (error) {
    for (const entry of movedIn)
      await rm(path.join(dir, entry), { recursive: true, force: true }).catch(() => undefined);
    for (const entry of movedAside)
      await rename(path.join(backup, entry), path.join(dir, entry)).catch(() => undefined);
    await rm(backup, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  await rm(backup, { recursive: true, force: true });
}
