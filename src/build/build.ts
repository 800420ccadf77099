/**
 * The build: find guides → load and check them → render, print and write every
 * document through one bounded pool of pages. One bad guide does not stop the
 * others; the result lists what failed and why.
 */
import os from 'node:os';
import path from 'node:path';
import { findGuides } from '../content/find-guides.js';
import { loadGuide, type LoadedGuide } from '../content/load-guide.js';
import { StudyguideError, isUserError, flattenErrors } from '../errors.js';
import {
  DOCUMENTS,
  EDITIONS,
  type DocumentKind,
  type Edition,
  type Format,
  type Paper,
  type RenderVariant,
} from '../options.js';
import { BrowserPool } from '../pdf/browser-pool.js';
import { jobsFor, runJob, type DocumentJob } from './build-guide.js';
import { runQueue } from './run-queue.js';

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
  /** Called as work progresses (for progress displays). */
  onEvent?: (event: BuildEvent) => void;
  /** An existing pool to print with (the caller closes it). */
  pool?: BrowserPool;
  signal?: AbortSignal;
}

export type BuildEvent =
  | { type: 'start'; guides: number; documents: number }
  | { type: 'document'; slug: string; file: string }
  | { type: 'guide'; report: GuideReport };

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
}

export function defaultConcurrency(): number {
  return Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

export function variantsOf(options: BuildOptions): RenderVariant[] {
  const editions = options.editions?.length ? options.editions : [...EDITIONS];
  return editions.map((edition) => ({ edition, paper: options.paper ?? 'a4', largePrint: options.largePrint ?? false }));
}

export async function build(options: BuildOptions = {}): Promise<BuildResult> {
  const started = performance.now();
  const contentDir = options.content ?? 'content';
  const outDir = path.resolve(options.out ?? 'output');
  const refs = await findGuides(contentDir, options.slugs ?? []);
  const concurrency = options.concurrency ?? defaultConcurrency();
  const variants = variantsOf(options);
  const documents = options.documents?.length ? options.documents : [...DOCUMENTS];

  const reports = new Map<string, GuideReport>();
  const loaded: LoadedGuide[] = [];
  for (const ref of refs) {
    const t0 = performance.now();
    const result = await loadGuide(ref);
    if (result.guide) loaded.push(result.guide);
    else reports.set(ref.slug, { slug: ref.slug, status: 'failed', outputs: [], ms: performance.now() - t0, errors: result.errors });
  }

  const jobs: DocumentJob[] = loaded.flatMap((g) => jobsFor(g, variants, documents));
  options.onEvent?.({ type: 'start', guides: refs.length, documents: jobs.length });
  for (const report of reports.values()) options.onEvent?.({ type: 'guide', report });

  const ownPool = options.pool === undefined;
  let pool = options.pool;
  const getPool = () =>
    (pool ??= new BrowserPool({
      concurrency,
      browserWSEndpoint: options.browserWSEndpoint,
      executablePath: options.executablePath,
      timeoutMs: options.timeoutMs,
    }));
  const remaining = new Map(loaded.map((g) => [g.slug, jobsFor(g, variants, documents).length]));
  const guideStart = new Map<string, number>();
  let stop = false;
  try {
    await runQueue(
      jobs,
      concurrency,
      async (job) => {
        const slug = job.guide.slug;
        const report = reports.get(slug) ?? { slug, status: 'built' as const, outputs: [], ms: 0, errors: [] };
        reports.set(slug, report);
        if (!guideStart.has(slug)) guideStart.set(slug, performance.now());
        if (report.status !== 'failed') {
          try {
            const files = await runJob(job, {
              outDir,
              format: options.format ?? 'pdf',
              templatesDir: options.templatesDir,
              pool: getPool,
            });
            report.outputs.push(...files);
            for (const file of files) options.onEvent?.({ type: 'document', slug, file });
          } catch (error) {
            report.status = 'failed';
            report.errors.push(...(isUserError(error) ? flattenErrors(error) : [asBugError(error)]));
            if (options.bail) stop = true;
          }
        }
        const left = (remaining.get(slug) ?? 1) - 1;
        remaining.set(slug, left);
        if (left === 0) {
          report.ms = performance.now() - (guideStart.get(slug) ?? performance.now());
          options.onEvent?.({ type: 'guide', report });
        }
      },
      () => stop || options.signal?.aborted === true,
    );
  } finally {
    if (ownPool) await pool?.close();
  }

  const guides = refs.map(
    (r) => reports.get(r.slug) ?? { slug: r.slug, status: 'failed' as const, outputs: [], ms: 0, errors: [] },
  );
  return {
    guides,
    rendered: guides.filter((g) => g.status === 'built').length,
    skipped: guides.filter((g) => g.status === 'skipped').length,
    failed: guides.filter((g) => g.status === 'failed').length,
    elapsedMs: performance.now() - started,
  };
}

/** An unexpected error inside the tool: kept with its stack, marked as a bug. */
export class InternalError extends StudyguideError {
  constructor(cause: unknown) {
    super(`internal error: ${String((cause as Error)?.message ?? cause)}`, { cause });
  }
}

function asBugError(error: unknown): StudyguideError {
  return new InternalError(error);
}
