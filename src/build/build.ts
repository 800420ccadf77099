/**
 * The build: find guides → load and check them → render, print and write every
 * document through one bounded pool of pages. One bad guide does not stop the
 * others; the result lists what failed and why.
 */
import path from 'node:path';
import { findGuides, guideFolder } from '../content/find-guides.js';
import type { GuideRef } from '../content/find-guides.js';
import {
  ContentError,
  InternalError,
  type StudyguideError,
  isUserError,
  flattenErrors,
  type ReportedError,
} from '../errors.js';
import {
  type DocumentKind,
  type Edition,
  type Format,
  type Paper,
  type RenderVariant,
  variantFolder,
  variantsOf,
} from '../options.js';
import { resolveBuildOptions, type ResolvedBuildOptions } from '../resolve-options.js';
import { BuildCache } from '../output/build-cache.js';
import { checkOutputPlace } from '../output/paths.js';
import { removePendingTempFiles } from '../output/write-atomic.js';
import type { BrowserPool } from '../pdf/browser-pool.js';
import { browserIdentity, locateBrowser } from '../pdf/find-chrome.js';
import { jobsFor, type DocumentJob } from './jobs.js';
import { runQueue } from './run-queue.js';
import { pickShard, type Shard } from './shard.js';

export { defaultConcurrency, variantsOf } from '../options.js';
export { InternalError } from '../errors.js';

export interface BuildOptions {
  /** Folder holding the guides, <slug>/guide.md or in subfolders, year-9/<slug>/guide.md (default "content"). */
  content?: string;
  /** Output folder (default "output"). */
  out?: string;
  /** Build only these guides, by slug or by folder ("year-9/<slug>") (default: all). */
  slugs?: string[];
  editions?: Edition[];
  paper?: Paper;
  format?: Format;
  largePrint?: boolean;
  documents?: DocumentKind[];
  /** Pages printing at once (default: CPU count). */
  concurrency?: number;
  browserWSEndpoint?: string;
  executablePath?: string;
  templatesDir?: string;
  /** Milliseconds for one document to load and print. */
  timeoutMs?: number;
  /** Stop at the first failure. */
  bail?: boolean;
  /** Rebuild every guide, even those the build cache says are up to date. */
  force?: boolean;
  /** Use and update the build cache in the output folder (default true). */
  cache?: boolean;
  /** Build only this shard of the guides (i of n). */
  shard?: Shard;
  /** Called as work progresses (for progress displays). */
  onEvent?: (event: BuildEvent) => void;
  /** An existing pool to print with (the caller closes it). */
  pool?: BrowserPool;
  signal?: AbortSignal;
}

export type BuildEvent =
  | { type: 'start'; guides: number; documents: number }
  /** One document printed (its PDF, and its HTML with --format both). */
  | { type: 'document'; slug: string; folder?: string; files: string[] }
  /** A guide finished; `unprinted` of the documents counted at start will not be printed for it. */
  | { type: 'guide'; report: GuideReport; unprinted: number };

export interface GuideReport {
  slug: string;
  /** The guide's folder under the content folder: the slug, or "year-9/<slug>" for a nested guide. Always set by build(). */
  folder?: string;
  status: 'built' | 'skipped' | 'failed';
  outputs: string[];
  ms: number;
  /** Problems found: user mistakes (`StudyguideError`) or bugs (`InternalError`). */
  errors: ReportedError[];
}

export interface BuildResult {
  guides: GuideReport[];
  rendered: number;
  skipped: number;
  failed: number;
  elapsedMs: number;
  /** The build was stopped through `options.signal`; guides not finished are incomplete. */
  interrupted?: boolean;
  /** Problems of the build as a whole, after the guides' own (the build cache could not be saved). */
  errors: ReportedError[];
}

/**
 * Build guides. The options are validated first (a bad one throws a UsageError before anything is
 * read or written), then resolved once: every stage below reads the same resolved options.
 */
export async function build(input: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const options = resolveBuildOptions(input);
  const outDir = path.resolve(options.out);
  await checkOutputPlace(options.content, outDir);
  // The output folder may lie inside the content folder: never search it for guides.
  const refs = pickShard(await findGuides(options.content, options.slugs, { ignore: [outDir] }), options.shard);
  const { concurrency, documents } = options;
  const variants = variantsOf(options);
  const perGuide = variants.length * documents.length;

  // Up-to-date guides are skipped without loading them; the others are loaded one at a time,
  // just before their documents are printed, so memory holds the guides being printed rather than
  // the whole batch, and the first PDF does not wait for every guide to be read. Guides are keyed by
  // folder: two guides may share a slug (both then fail, but each gets its own report).
  const reports = new Map<string, GuideReport>();
  const toBuild: GuideRef[] = [];
  const cache = options.cache ? await openCache(outDir, options, variants) : undefined;
  await cache?.prefetch(refs.filter((ref) => !ref.problems));
  for (const ref of refs) {
    const t0 = performance.now();
    const upToDate = options.force || ref.problems ? undefined : await cache?.fresh(guideFolder(ref), ref.dir);
    if (upToDate) {
      reports.set(guideFolder(ref), {
        slug: ref.slug,
        folder: guideFolder(ref),
        status: 'skipped',
        outputs: upToDate,
        ms: performance.now() - t0,
        errors: [],
      });
    } else toBuild.push(ref);
  }
  // No browser is one error for the build, found before printing starts, not one per guide.
  if (toBuild.length > 0 && !options.pool && options.format !== 'html') locateBrowser(options);
  options.onEvent?.({ type: 'start', guides: refs.length, documents: toBuild.length * perGuide });
  for (const report of reports.values()) options.onEvent?.({ type: 'guide', report, unprinted: 0 });

  // Loading, rendering and printing need zod, markdown-it, Handlebars, Puppeteer and pdf-lib: loaded
  // only when there is something to build, so a build with every guide up to date stays quick.
  const modules = toBuild.length === 0 ? undefined : await loadBuildModules();
  // The templates of this build, read once: a later build in the same process reads them anew.
  const templates = modules?.loadTemplates(options.templatesDir);
  const ownPool = options.pool === undefined;
  let pool = options.pool;
  const getPool = () =>
    (pool ??= new (need(modules).BrowserPool)({
      concurrency,
      browserWSEndpoint: options.browserWSEndpoint,
      executablePath: options.executablePath,
      timeoutMs: options.timeoutMs,
    }));
  /** Documents of each started guide not yet finished (printed or failed). */
  const remaining = new Map<string, number>();
  const printed = new Map<string, number>();
  const guideStart = new Map<string, number>();
  let stop = false;
  const finished = new Set<string>();
  const finishGuide = (report: GuideReport) => {
    const folder = guideFolder(report);
    report.ms = performance.now() - (guideStart.get(folder) ?? performance.now());
    finished.add(folder);
    // Recorded at once and saved now and then: a build killed outright (SIGKILL, a CI job's time
    // limit) leaves a manifest that lets the next build skip what this one finished.
    cache?.record(folder, report.status, report.outputs);
    cache?.saveSoon();
    options.onEvent?.({ type: 'guide', report, unprinted: perGuide - (printed.get(folder) ?? 0) });
  };

  async function* jobSource(): AsyncGenerator<DocumentJob> {
    for (const ref of toBuild) {
      if (stop || options.signal?.aborted) return;
      const folder = guideFolder(ref);
      guideStart.set(folder, performance.now());
      // A bug while loading one guide fails that guide, not the build: the others still print and
      // the cache still records them.
      const result = await need(modules)
        .loadGuide(ref)
        .catch((error: unknown) => ({ guide: undefined, errors: [asBugError(error, ref.file)] }));
      if (!result.guide) {
        const report: GuideReport = {
          slug: ref.slug,
          folder,
          status: 'failed',
          outputs: [],
          ms: 0,
          errors: result.errors,
        };
        reports.set(folder, report);
        finishGuide(report);
        // --bail stops at the first failure, a guide that did not load included.
        if (options.bail) stop = true;
        continue;
      }
      reports.set(folder, { slug: ref.slug, folder, status: 'built', outputs: [], ms: 0, errors: [] });
      remaining.set(folder, perGuide);
      yield* jobsFor(result.guide, variants, documents);
    }
  }

  // SIGINT/SIGTERM: take no more jobs, close the browser now (prints under way fail fast) and drop temp files.
  const onAbort = () => {
    if (ownPool) void pool?.close();
    void removePendingTempFiles();
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await runQueue(
      jobSource(),
      concurrency,
      async (job) => {
        const { slug, folder } = job.guide;
        const report = reports.get(folder) as GuideReport;
        if (report.status !== 'failed') {
          try {
            const files = await need(modules).runJob(job, {
              outDir,
              format: options.format,
              templates: need(templates),
              pool: getPool,
            });
            report.outputs.push(...files);
            printed.set(folder, (printed.get(folder) ?? 0) + 1);
            options.onEvent?.({ type: 'document', slug, folder, files });
          } catch (error) {
            if (options.signal?.aborted) return; // interrupted, not failed
            report.status = 'failed';
            report.errors.push(
              ...(isUserError(error)
                ? flattenErrors(error).map((e) => withJob(e, job))
                : [asBugError(error, job.guide.file, job)]),
            );
            if (options.bail) stop = true;
          }
        }
        const left = (remaining.get(folder) ?? 1) - 1;
        remaining.set(folder, left);
        if (left === 0) finishGuide(report);
      },
      () => stop || options.signal?.aborted === true,
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (ownPool) await pool?.close();
    if (options.signal?.aborted) await removePendingTempFiles();
  }

  for (const [folder, left] of remaining) {
    const report = reports.get(folder);
    // Cut short by --bail or a signal: some documents were not made, so the guide is not built.
    if (left > 0 && report?.status === 'built') {
      report.status = 'failed';
      report.errors.push(notBuilt(options));
    }
  }
  const errors: ReportedError[] = [];
  const guides = refs.map(
    (r) =>
      reports.get(guideFolder(r)) ?? {
        slug: r.slug,
        folder: guideFolder(r),
        status: 'failed' as const,
        outputs: [],
        ms: 0,
        errors: [notBuilt(options)],
      },
  );
  if (cache) {
    // Guides cut short (--bail, a signal) or never started are failed: forgotten, so built next time.
    for (const g of guides) if (!finished.has(guideFolder(g))) cache.record(guideFolder(g), g.status, g.outputs);
    // A manifest that cannot be saved is one more error: the guides' results are still returned.
    await cache.save().catch((error: unknown) => errors.push(isUserError(error) ? error : InternalError.from(error)));
  }
  return {
    guides,
    errors,
    rendered: guides.filter((g) => g.status === 'built').length,
    skipped: guides.filter((g) => g.status === 'skipped').length,
    failed: guides.filter((g) => g.status === 'failed').length,
    elapsedMs: performance.now() - started,
    ...(options.signal?.aborted ? { interrupted: true } : {}),
  };
}

async function loadBuildModules() {
  const [{ loadGuide }, { runJob }, { BrowserPool }, { loadTemplates }] = await Promise.all([
    import('../content/load-guide.js'),
    import('./build-guide.js'),
    import('../pdf/browser-pool.js'),
    import('../render/templates.js'),
  ]);
  return { loadGuide, runJob, BrowserPool, loadTemplates };
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new InternalError(new Error('the build modules were not loaded'));
  return value;
}

function openCache(outDir: string, options: ResolvedBuildOptions, variants: RenderVariant[]) {
  const output = {
    editions: variants.map((v) => v.edition),
    paper: options.paper,
    format: options.format,
    largePrint: options.largePrint,
    documents: options.documents,
    browser: options.pool?.identity ?? browserIdentity(options),
  };
  return BuildCache.open(outDir, output, options.templatesDir);
}

/** A printing error without a place gets one: the guide file and the document that failed. */
function withJob(error: StudyguideError, job: DocumentJob): StudyguideError {
  const where = { document: job.document, variant: variantFolder(job.variant) };
  if (error.location) return error.job ? error : Object.assign(error, { job: where });
  return new (error.constructor as typeof StudyguideError)(`${error.message} (${where.document}, ${where.variant})`, {
    location: { file: job.guide.file },
    hint: error.hint,
    cause: error.cause ?? error,
    job: where,
  });
}

function notBuilt(options: ResolvedBuildOptions): StudyguideError {
  return new ContentError(
    options.signal?.aborted
      ? 'not built: the build was interrupted'
      : 'not built: --bail stopped the build at an earlier failure',
    { hint: 'fix the failure reported above and build again.' },
  );
}

function asBugError(error: unknown, file: string, job?: DocumentJob): InternalError {
  return InternalError.from(error, {
    location: { file },
    job: job && { document: job.document, variant: variantFolder(job.variant) },
  });
}
