/**
 * The incremental build cache. Each guide gets a key: a hash of everything that
 * shapes its outputs (the files of its folder, the templates, the fonts, the
 * options that change what is printed, the tool version). A manifest in the
 * output folder remembers the key and the files of every guide built; a guide
 * whose key is unchanged and whose files are all still there is skipped
 * without loading it or starting a browser.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { guideFolder } from '../content/find-guides.js';
import { OutputError, StudyguideError } from '../errors.js';
import { FONT_FAMILIES } from '../render/fonts.js';
import { DEFAULT_TEMPLATES_DIR } from '../render/template-dir.js';
import { VERSION } from '../version.js';
import { TEMP_MARK, writeFileAtomic } from './write-atomic.js';

export const CACHE_FILE = '.studyguide-cache.json';
const MANIFEST_VERSION = 1;

export interface CacheEntry {
  key: string;
  /** Output files, relative to the output folder. */
  outputs: string[];
}

export interface Manifest {
  version: number;
  /**
   * Keyed by the guide's folder under the content folder: its slug, or "year-9/<slug>" for a nested
   * guide (so a guide moved to another folder is built again, into its new output folder).
   */
  guides: Record<string, CacheEntry>;
}

/** The options that change what a build writes (and nothing else: concurrency does not). */
export interface OutputOptions {
  editions: readonly string[];
  paper: string;
  format: string;
  largePrint: boolean;
  documents: readonly string[];
  /** The browser that prints (see browserIdentity); different browsers may print differently. */
  browser: string;
}

const require = createRequire(import.meta.url);

function hashText(parts: readonly (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    hash.update(typeof part === 'string' ? part : Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Files larger than this are keyed by size and date, not read: no content file is near it. */
export const MAX_HASHED_BYTES = 64 * 1024 * 1024;

/**
 * Every file under `dir` (sorted relative paths), hashed with its contents. Temp files of writes
 * are ignored. One odd file costs only its own guide: a huge one (a 2 GiB video beside the guide)
 * is keyed by size and date, and one that vanishes or cannot be read while the folder is hashed is
 * keyed as such, so the guide is built (and fails, if it needed the file) instead of the whole
 * build ending.
 */
export async function hashTree(dir: string): Promise<string> {
  const files = await listFiles(dir);
  // Read in parallel: a no-op rebuild is mostly waiting on small reads.
  const contents = await Promise.all(files.map((rel) => fileFingerprint(path.join(dir, rel))));
  return hashText(files.flatMap((rel, i) => [rel, contents[i] as Uint8Array | string]));
}

export async function fileFingerprint(file: string): Promise<Uint8Array | string> {
  try {
    const info = await stat(file);
    if (info.size > MAX_HASHED_BYTES) return `large file ${info.size} ${Math.trunc(info.mtimeMs)}`;
    return await readFile(file);
  } catch (error) {
    return `unreadable ${(error as NodeJS.ErrnoException).code ?? 'error'} ${Date.now()}`;
  }
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(TEMP_MARK)) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, rel)));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

/** Font package versions: the woff2 files are fixed per published version. */
function fontFingerprint(): string {
  return FONT_FAMILIES.map((spec) => {
    const pkg = JSON.parse(readFileSync(require.resolve(`${spec.pkg}/package.json`), 'utf8')) as {
      version: string;
    };
    return `${spec.pkg}@${pkg.version}:${spec.css.join(',')}`;
  }).join(';');
}

/** The part of every guide's key shared by the whole run. */
export async function runFingerprint(options: OutputOptions, templatesDir = DEFAULT_TEMPLATES_DIR): Promise<string> {
  const toolDir = path.resolve(DEFAULT_TEMPLATES_DIR, '..');
  const bundled = path.resolve(templatesDir) === path.resolve(DEFAULT_TEMPLATES_DIR);
  return hashText([
    `studyguide ${VERSION}`,
    await hashTree(templatesDir),
    // Custom templates may reuse the bundled stylesheets' names; the bundled ones are part of the tool.
    bundled ? '' : await hashTree(path.join(toolDir, 'templates')),
    fontFingerprint(),
    JSON.stringify({
      editions: [...options.editions],
      paper: options.paper,
      format: options.format,
      largePrint: options.largePrint,
      documents: [...options.documents],
      browser: options.browser,
    }),
  ]);
}

/** A guide's key: the run's fingerprint and every file of its folder. */
export async function guideKey(run: string, guideDir: string): Promise<string> {
  return hashText([run, await hashTree(guideDir)]);
}

export async function readManifest(outDir: string): Promise<Manifest> {
  try {
    const data = JSON.parse(await readFile(path.join(outDir, CACHE_FILE), 'utf8')) as Partial<Manifest>;
    if (data.version === MANIFEST_VERSION && data.guides && typeof data.guides === 'object') {
      return { version: MANIFEST_VERSION, guides: data.guides };
    }
  } catch {
    // A missing or damaged manifest only means everything is rebuilt.
  }
  return { version: MANIFEST_VERSION, guides: {} };
}

/** True when the manifest says the guide (by folder) was built with this key and all its files are still there. */
export async function isUpToDate(manifest: Manifest, outDir: string, folder: string, key: string): Promise<boolean> {
  const entry = manifest.guides[folder];
  if (!entry || entry.key !== key || entry.outputs.length === 0) return false;
  const infos = await Promise.all(entry.outputs.map((rel) => stat(path.join(outDir, rel)).catch(() => undefined)));
  return infos.every((info) => info?.isFile() === true);
}

export interface CacheUpdate {
  /** Guides built now (by folder): their key and absolute output files. */
  built: Array<{ folder: string; key: string; outputs: string[] }>;
  /** Guides (by folder) that failed now: forgotten, so they are tried again. */
  failed: string[];
}

/**
 * Record this run in the manifest. The manifest is read again just before
 * writing so that entries of guides this run did not touch (other slugs, other
 * shards writing to the same folder) are kept.
 */
export async function updateManifest(outDir: string, update: CacheUpdate): Promise<void> {
  if (update.built.length === 0 && update.failed.length === 0) return;
  const manifest = await readManifest(outDir);
  for (const folder of update.failed) delete manifest.guides[folder];
  for (const { folder, key, outputs } of update.built) {
    manifest.guides[folder] = { key, outputs: outputs.map((f) => path.relative(outDir, f).split(path.sep).join('/')) };
  }
  const sorted = Object.fromEntries(Object.entries(manifest.guides).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  await writeFileAtomic(
    path.join(outDir, CACHE_FILE),
    `${JSON.stringify({ version: MANIFEST_VERSION, guides: sorted }, null, 1)}\n`,
    { root: outDir },
  );
}

/** The cache as one build uses it: check guides before loading them, record what was built. */
export class BuildCache {
  private readonly keys = new Map<string, string>();
  private readonly update: CacheUpdate = { built: [], failed: [] };

  private constructor(
    readonly outDir: string,
    private readonly manifest: Manifest,
    private readonly run: string,
  ) {}

  static async open(outDir: string, options: OutputOptions, templatesDir?: string): Promise<BuildCache> {
    const [manifest, run] = await Promise.all([readManifest(outDir), runFingerprint(options, templatesDir)]);
    return new BuildCache(outDir, manifest, run);
  }

  private readonly checked = new Map<string, Promise<string[] | undefined>>();

  /** Check many guides at once (their reads overlap); `fresh` then answers from memory. */
  async prefetch(guides: ReadonlyArray<{ slug: string; folder?: string; dir: string }>): Promise<void> {
    await Promise.all(guides.map((g) => this.fresh(guideFolder(g), g.dir)));
  }

  /**
   * The guide's outputs (absolute) when it is up to date, else undefined. Remembers the key for `record`.
   * `folder` is the guide's folder under the content folder (see GuideRef.folder).
   */
  fresh(folder: string, guideDir: string): Promise<string[] | undefined> {
    const key = `${folder}\0${guideDir}`;
    let result = this.checked.get(key);
    if (!result) {
      result = this.check(folder, guideDir);
      this.checked.set(key, result);
    }
    return result;
  }

  private async check(folder: string, guideDir: string): Promise<string[] | undefined> {
    const key = await guideKey(this.run, guideDir);
    this.keys.set(folder, key);
    if (!(await isUpToDate(this.manifest, this.outDir, folder, key))) return undefined;
    return (this.manifest.guides[folder]?.outputs ?? []).map((rel) => path.join(this.outDir, ...rel.split('/')));
  }

  /** Note a guide's result; keys are the ones read before the build, so an edit made meanwhile rebuilds next time. */
  record(folder: string, status: 'built' | 'skipped' | 'failed', outputs: readonly string[]): void {
    const key = this.keys.get(folder);
    if (status === 'failed') this.update.failed.push(folder);
    else if (status === 'built' && key) this.update.built.push({ folder, key, outputs: [...outputs] });
  }

  private saving: Promise<void> = Promise.resolve();
  private lastSave = Number.NEGATIVE_INFINITY;

  /**
   * Save during a build, at most every `intervalMs`, without waiting: what is recorded so far
   * survives a build that is killed before its final `save()`. A failed save is left to the final one.
   */
  saveSoon(intervalMs = 2000): void {
    const now = performance.now();
    if (now - this.lastSave < intervalMs) return;
    this.lastSave = now;
    this.save().catch(() => undefined);
  }

  /**
   * Write everything recorded so far (after any save under way). A manifest that cannot be written
   * fails with an OutputError naming it: the build reports it beside the guides' own results, which
   * are not lost with it.
   */
  save(): Promise<void> {
    const next = this.saving
      .then(() => updateManifest(this.outDir, this.update))
      .catch((cause: unknown) => {
        throw notSaved(path.join(this.outDir, CACHE_FILE), cause);
      });
    this.saving = next.catch(() => undefined);
    return next;
  }
}

/** A file-system failure (or a refusal to write) as the user's problem; anything else stays a bug. */
function notSaved(file: string, cause: unknown): unknown {
  const fileSystem = cause instanceof StudyguideError || typeof (cause as { code?: unknown } | null)?.code === 'string';
  if (!fileSystem) return cause;
  return new OutputError(`could not save the build cache ${file}`, {
    location: { file },
    hint: `the guides above were built and written; only the record of them was not, so the next build builds them again. Check that the output folder is writable, that the disk is not full and that ${CACHE_FILE} is a file (or build with --no-cache).`,
    cause,
  });
}
