/**
 * The build: find guides → load and check them → render, print and write every
 * document through one bounded pool of pages. One bad guide does not stop the
 * others; the result lists what failed and why.
 */
import path from 'node:path';
import { findGuides } from '../content/find-guides.js';
import type { GuideRef } from '../content/find-guides.js';
import { ContentError, InternalError, type StudyguideError, isUserError, flattenErrors } from '../errors.js';
import {
  DOCUMENTS,
  type DocumentKind,
  type Edition,
  type Format,
  type Paper,
  type RenderVariant,
  variantFolder,
  defaultConcurrency,
  variantsOf,
} from '../options.js';
import { BuildCache } from '../output/build-cache.js';
import { removePendingTempFiles } from '../output/write-atomic.js';
import type { BrowserPool } from '../pdf/browser-pool.js';
import { browserIdentity } from '../pdf/find-chrome.js';
import { jobsFor, type DocumentJob } from './jobs.js';
import { runQueue } from './run-queue.js';
import { pickShard, type Shard } from './shard.js';

export { defaultConcurrency, variantsOf } from '../options.js';
export { InternalError } from '../errors.js';

export interface BuildOptions {
  /** Folder holding content/<slug>/guide.md (default "content"). */
  content?: string;
  /** Output folder (default "output"). */
  out?: string;
  /** Build only these guides (default: all). */
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
  | { type: 'document'; slug: string; files: string[] }
  /** A guide finished; `unprinted` of the documents counted at start will not be printed for it. */
  | { type: 'guide'; report: GuideReport; unprinted: number };

export interface GuideReport {
  slug: string;
  status: 'built' | 'skipped' | 'failed';
  outputs: string[];
  ms: number;
  errors: StudyguideError[];
}

export interface BuildResult {
  guides: GuideReport[];
  rendered: number;
  skipped: number;
  failed: number;
  elapsedMs: number;
  /** The build was stopped through `options.signal`; guides not finished are incomplete. */
  interrupted?: boolean;
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const contentDir = options.content ?? 'content';
  const outDir = path.resolve(options.out ?? 'output');
  const refs = pickShard(await findGuides(contentDir, options.slugs ?? []), options.shard);
  const concurrency = options.concurrency ?? defaultConcurrency();
  const variants = variantsOf(options);
  const documents = options.documents?.length ? options.documents : [...DOCUMENTS];
  const perGuide = variants.length * documents.length;

  // Up-to-date guides are skipped without loading them; the others are loaded one at a time,
  // just before their documents are printed, so memory holds the guides being printed rather than
  // the whole batch, and the first PDF does not wait for every guide to be read.
  const reports = new Map<string, GuideReport>();
  const toBuild: GuideRef[] = [];
  const cache = options.cache === false ? undefined : await openCache(outDir, options, variants, documents);
  await cache?.prefetch(refs);
  for (const ref of refs) {
    const t0 = performance.now();
    const upToDate = options.force ? undefined : await cache?.fresh(ref.slug, ref.dir);
    if (upToDate) {
      reports.set(ref.slug, {
        slug: ref.slug,
        status: 'skipped',
        outputs: upToDate,
        ms: performance.now() - t0,
        errors: [],
      });
    } else toBuild.push(ref);
  }
  options.onEvent?.({ type: 'start', guides: refs.length, documents: toBuild.length * perGuide });
  for (const report of reports.values()) options.onEvent?.({ type: 'guide', report, unprinted: 0 });

  // Loading, rendering and printing need zod, markdown-it, Handlebars, Puppeteer and pdf-lib: loaded
  // only when there is something to build, so a build with every guide up to date stays quick.
  const modules = toBuild.length === 0 ? undefined : await loadBuildModules();
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
    report.ms = performance.now() - (guideStart.get(report.slug) ?? performance.now());
    finished.add(report.slug);
    // Recorded at once and saved now and then: a build killed outright (SIGKILL, a CI job's time
    // limit) leaves a manifest that lets the next build skip what this one finished.
    cache?.record(report.slug, report.status, report.outputs);
    cache?.saveSoon();
    options.onEvent?.({ type: 'guide', report, unprinted: perGuide - (printed.get(report.slug) ?? 0) });
  };

  async function* jobSource(): AsyncGenerator<DocumentJob> {
    for (const ref of toBuild) {
      if (stop || options.signal?.aborted) return;
      guideStart.set(ref.slug, performance.now());
      // A bug while loading one guide fails that guide, not the build: the others still print and
      // the cache still records them.
      const result = await need(modules)
        .loadGuide(ref)
        .catch((error: unknown) => ({ guide: undefined, errors: [asBugError(error)] }));
      if (!result.guide) {
        const report: GuideReport = { slug: ref.slug, status: 'failed', outputs: [], ms: 0, errors: result.errors };
        reports.set(ref.slug, report);
        finishGuide(report);
        // --bail stops at the first failure, a guide that did not load included.
        if (options.bail) stop = true;
        continue;
      }
      reports.set(ref.slug, { slug: ref.slug, status: 'built', outputs: [], ms: 0, errors: [] });
      remaining.set(ref.slug, perGuide);
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
        const slug = job.guide.slug;
        const report = reports.get(slug) as GuideReport;
        if (report.status !== 'failed') {
          try {
            const files = await need(modules).runJob(job, {
              outDir,
              format: options.format ?? 'pdf',
              templatesDir: options.templatesDir,
              pool: getPool,
            });
            report.outputs.push(...files);
            printed.set(slug, (printed.get(slug) ?? 0) + 1);
            options.onEvent?.({ type: 'document', slug, files });
          } catch (error) {
            if (options.signal?.aborted) return; // interrupted, not failed
            report.status = 'failed';
            report.errors.push(
              ...(isUserError(error) ? flattenErrors(error).map((e) => withJob(e, job)) : [asBugError(error)]),
            );
            if (options.bail) stop = true;
          }
        }
        const left = (remaining.get(slug) ?? 1) - 1;
        remaining.set(slug, left);
        if (left === 0) finishGuide(report);
      },
      () => stop || options.signal?.aborted === true,
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (ownPool) await pool?.close();
    if (options.signal?.aborted) await removePendingTempFiles();
  }

  for (const [slug, left] of remaining) {
    const report = reports.get(slug);
    // Cut short by --bail or a signal: some documents were not made, so the guide is not built.
    if (left > 0 && report?.status === 'built') {
      report.status = 'failed';
      report.errors.push(notBuilt(options));
    }
  }
  const guides = refs.map(
    (r) =>
      reports.get(r.slug) ?? {
        slug: r.slug,
        status: 'failed' as const,
        outputs: [],
        ms: 0,
        errors: [notBuilt(options)],
      },
  );
  if (cache) {
    // Guides cut short (--bail, a signal) or never started are failed: forgotten, so built next time.
    for (const g of guides) if (!finished.has(g.slug)) cache.record(g.slug, g.status, g.outputs);
    await cache.save();
  }
  return {
    guides,
    rendered: guides.filter((g) => g.status === 'built').length,
    skipped: guides.filter((g) => g.status === 'skipped').length,
    failed: guides.filter((g) => g.status === 'failed').length,
    elapsedMs: performance.now() - started,
    ...(options.signal?.aborted ? { interrupted: true } : {}),
  };
}

async function loadBuildModules() {
  const [{ loadGuide }, { runJob }, { BrowserPool }] = await Promise.all([
    import('../content/load-guide.js'),
    import('./build-guide.js'),
    import('../pdf/browser-pool.js'),
  ]);
  return { loadGuide, runJob, BrowserPool };
}

function need<T>(value: T | undefined): T {
  if (value === undefined) throw new InternalError(new Error('the build modules were not loaded'));
  return value;
}

function openCache(outDir: string, options: BuildOptions, variants: RenderVariant[], documents: DocumentKind[]) {
  const output = {
    editions: variants.map((v) => v.edition),
    paper: options.paper ?? 'a4',
    format: options.format ?? 'pdf',
    largePrint: options.largePrint ?? false,
    documents,
    browser: options.pool?.identity ?? browserIdentity(options),
  };
  return BuildCache.open(outDir, output, options.templatesDir);
}

/** A printing error without a place gets one: the guide file and the document that failed. */
function withJob(error: StudyguideError, job: DocumentJob): StudyguideError {
  if (error.location || error instanceof InternalError) return error;
  const what = `${job.document}, ${variantFolder(job.variant)}`;
  return new (error.constructor as typeof StudyguideError)(`${error.message} (${what})`, {
    location: { file: job.guide.file },
    hint: error.hint,
    cause: error.cause ?? error,
  });
}

function notBuilt(options: BuildOptions): StudyguideError {
  return new ContentError(
    options.signal?.aborted
      ? 'not built: the build was interrupted'
      : 'not built: --bail stopped the build at an earlier failure',
    { hint: 'fix the failure reported above and build again.' },
  );
}

function asBugError(error: unknown): StudyguideError {
  return new InternalError(error);
}
