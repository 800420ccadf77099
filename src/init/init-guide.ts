/** `init`: start a guide from raw documents. Import each file as a source, draft guide.md, put both in place at once. */
import path from 'node:path';
import { GUIDE_MD, yamlFormFiles, type GuideFormat } from '../content/guide-files.js';
import { findGuides, type GuideRef } from '../content/find-guides.js';
import { SOURCES_DIR } from '../content/load-guide.js';
import { isSafeName, nameHint, printableName, SLUG_RULE } from '../content/names.js';
import { UsageError } from '../errors.js';
import { resolveInitOptions } from '../resolve-options.js';
import { draftGuide, type DraftSummary } from './draft-guide.js';
import { importSource, renderSourceFile, type ImportedSource } from './import-source.js';
import { hasGuide, refuseExisting, writeGuideFolder } from './write-guide-folder.js';

export interface InitOptions {
  /** The guide's folder name under `content`: lower-case letters, digits and hyphens (see content/names.ts). */
  slug: string;
  /** The documents to import (.txt or .md, UTF-8). */
  from: readonly string[];
  /** Folder holding the guides (default "content"). */
  content?: string;
  /** Title of the guide and of the work (default: from the slug). */
  title?: string;
  /** Replace an existing guide's guide.md and sources/. */
  force?: boolean;
  /** Check the draft against templates from this folder. */
  templatesDir?: string;
  /** `md`: one guide.md (default); `yaml`: guide.yaml (fields, validated by editors) + synopsis.md. */
  format?: GuideFormat;
}

export interface InitResult {
  slug: string;
  dir: string;
  guideFile: string;
  sources: { id: string; file: string; from: string; kind: string }[];
  /** An existing guide was replaced (--force). */
  replaced: boolean;
  summary: DraftSummary;
}

export async function init(input: InitOptions): Promise<InitResult> {
  const options = resolveInitOptions(input);
  const contentDir = options.content;
  const { slug } = options;
  // The rule every other command applies to the folder name: a slug init accepts, check and build accept.
  if (!isSafeName(slug)) {
    throw new UsageError(`"${printableName(slug)}" is not a valid guide slug`, {
      hint: nameHint(slug, `use ${SLUG_RULE} (e.g. "the-lighthouse-keeper").`),
    });
  }
  // JavaScript callers can pass anything. Tested as unknown: Array.isArray would narrow
  // options.from (readonly string[]) to any[] and leave every use below unchecked.
  const from: unknown = options.from;
  if (!Array.isArray(from) || from.length === 0) {
    throw new UsageError('no documents to import', { hint: 'name one or more .txt or .md files with --from.' });
  }
  const resolved = options.from.map((f) => path.resolve(f));
  const duplicate = resolved.find((f, i) => resolved.indexOf(f) !== i);
  if (duplicate) throw new UsageError(`"${duplicate}" is given twice to --from`, { hint: 'name each document once.' });
  const dir = path.join(contentDir, slug);
  if (!options.force && (await hasGuide(dir))) throw refuseExisting(dir);
  await refuseTakenSlug(contentDir, slug, dir);

  const taken = new Set<string>();
  const sources: ImportedSource[] = [];
  for (const file of options.from) sources.push(await importSource(file, taken));
  const title = options.title?.trim() || titleFromSlug(slug);
  const draft = draftGuide(title, sources);
  const guideFiles =
    options.format === 'yaml' ? yamlFormFiles(draft.text, dir) : [[GUIDE_MD, draft.text] as [string, string]];
  const files = new Map<string, string>(guideFiles);
  for (const source of sources) files.set(path.join(SOURCES_DIR, `${source.id}.md`), renderSourceFile(source));
  const written = await writeGuideFolder({
    contentDir,
    slug,
    files,
    force: options.force,
    templatesDir: options.templatesDir,
  });
  return {
    slug,
    dir: written.dir,
    guideFile: path.join(written.dir, guideFiles[0]?.[0] ?? GUIDE_MD),
    sources: sources.map((s) => ({
      id: s.id,
      file: path.join(written.dir, SOURCES_DIR, `${s.id}.md`),
      from: s.from,
      kind: s.meta.kind,
    })),
    replaced: written.replaced,
    summary: draft.summary,
  };
}

/** Slugs are unique under the content folder, subfolders included: a second guide "x" would fail both. */
async function refuseTakenSlug(contentDir: string, slug: string, dir: string): Promise<void> {
  const refs = await findGuides(contentDir).catch(() => [] as GuideRef[]);
  const other = refs.find((ref) => ref.slug === slug && path.resolve(ref.dir) !== path.resolve(dir));
  if (!other) return;
  throw new UsageError(`the slug "${slug}" is already used by the guide in ${other.dir}; nothing was changed`, {
    hint: "a guide's folder name is its slug and must be unique under the content folder: choose another slug.",
  });
}

/** "the-lighthouse-keeper" → "The Lighthouse Keeper". */
export function titleFromSlug(slug: string): string {
  return slug
    .split('-')
    .map((w) => (w.length > 0 ? `${w[0]?.toUpperCase()}${w.slice(1)}` : w))
    .join(' ');
}
