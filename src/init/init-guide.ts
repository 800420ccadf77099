/** `init`: start a guide from raw documents. Import each file as a source, draft guide.md, put both in place at once. */
import path from 'node:path';
import { SOURCES_DIR } from '../content/load-guide.js';
import { SLUG_PATTERN } from '../content/schema.js';
import { UsageError } from '../errors.js';
import { draftGuide, type DraftSummary } from './draft-guide.js';
import { importSource, renderSourceFile, type ImportedSource } from './import-source.js';
import { hasGuide, refuseExisting, writeGuideFolder } from './write-guide-folder.js';

export interface InitOptions {
  /** The guide's folder name under `content`: lower-case letters, digits and hyphens. */
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

export async function init(options: InitOptions): Promise<InitResult> {
  const contentDir = options.content ?? 'content';
  const { slug } = options;
  if (!SLUG_PATTERN.test(slug)) {
    throw new UsageError(`"${slug}" is not a valid guide slug`, {
      hint: 'use lower-case letters, digits and hyphens only (e.g. "the-lighthouse-keeper").',
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

  const taken = new Set<string>();
  const sources: ImportedSource[] = [];
  for (const file of options.from) sources.push(await importSource(file, taken));
  const title = options.title?.trim() || titleFromSlug(slug);
  const draft = draftGuide(title, sources);
  const files = new Map<string, string>([['guide.md', draft.text]]);
  for (const source of sources) files.set(path.join(SOURCES_DIR, `${source.id}.md`), renderSourceFile(source));
  const written = await writeGuideFolder({
    contentDir,
    slug,
    files,
    force: options.force ?? false,
    templatesDir: options.templatesDir,
  });
  return {
    slug,
    dir: written.dir,
    guideFile: path.join(written.dir, 'guide.md'),
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

/** "the-lighthouse-keeper" → "The Lighthouse Keeper". */
export function titleFromSlug(slug: string): string {
  return slug
    .split('-')
    .map((w) => (w.length > 0 ? `${w[0]?.toUpperCase()}${w.slice(1)}` : w))
    .join(' ');
}
