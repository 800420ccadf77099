/**
 * `npm run bench -- --guides N [--json] [--corpus-out DIR] [--concurrency C]`:
 * generate N guides, build them cold with every edition through the real
 * build() API, then print the same final HTML with bare Puppeteer (the floor)
 * in the same run, and report time per PDF, the ratio to the floor and peak
 * memory of the tool and of Chromium.
 */
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, defaultConcurrency, variantsOf } from '../build/build.js';
import { sectionPages } from '../build/build-guide.js';
import { jobsFor } from '../build/jobs.js';
import { findGuides } from '../content/find-guides.js';
import { loadGuide } from '../content/load-guide.js';
import { outputPath } from '../output/paths.js';
import { BrowserPool } from '../pdf/browser-pool.js';
import { renderDocumentHtml } from '../render/render-html.js';
import { loadTemplates } from '../render/templates.js';
import { writeCorpus } from './generate-corpus.js';
import type { ChildBuildRequest, ChildBuildResult } from './build-child.js';
import { rssBytes, sampleRss, treeRss } from './measure-rss.js';
import { printFloor } from './print-floor.js';

export interface BenchOptions {
  guides: number;
  concurrency: number;
  corpusOut?: string;
}

export interface BenchResult {
  guides: number;
  pdfs: number;
  failures: number;
  concurrency: number;
  wall_s: number;
  ms_per_pdf: number;
  pdfs_per_s: number;
  floor_ms_per_pdf: number;
  ratio_to_floor: number;
  peak_rss_mb: number;
  peak_rss_tool_mb: number;
  /** The most heap the tool held just after a full GC during the build: its live data at the fullest. */
  peak_live_heap_mb: number;
  /** Heap the tool still holds after the build and a full GC (flat in N unless something leaks). */
  retained_heap_mb: number;
  peak_rss_chromium_mb: number;
  floor_peak_rss_chromium_mb: number;
  floor_ms_per_pdf_before: number;
  floor_ms_per_pdf_after: number;
  /** The stricter floor: bare Puppeteer reusing loaded pages and cached fonts, as our build does. */
  reuse_floor_ms_per_pdf: number;
  ratio_to_reuse_floor: number;
  /** A second build() of the same corpus into the same folder: everything up to date. */
  noop_ms: number;
  noop_rendered: number;
  noop_browser_launches: number;
  /** CPU seconds of the tool's own process during the build (Chromium not included). */
  tool_cpu_s: number;
  node: string;
  cpus: number;
  cpu_model: string;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runBench(
  options: BenchOptions,
  log: (text: string) => void = () => undefined,
): Promise<BenchResult> {
  const work = await import('node:fs/promises').then((fs) => fs.mkdtemp(path.join(os.tmpdir(), 'studyguide-bench-')));
  const content = options.corpusOut ? path.resolve(options.corpusOut) : path.join(work, 'content');
  const out = path.join(work, 'output');
  try {
    if (options.corpusOut) await rm(content, { recursive: true, force: true });
    await mkdir(content, { recursive: true });
    await writeCorpus(content, options.guides);
    log(`corpus: ${options.guides} guides in ${content}`);

    // The machine may be shared: measure the floor before and after our build and take the mean,
    // so a slow patch of time does not land on one side only. The first floor needs the HTML our
    // build prints, so it prints the HTML of an untimed warm-up build into another folder.
    const warmOut = path.join(work, 'warm-up');
    await build({ content, out: warmOut, concurrency: options.concurrency, cache: false, documents: ['booklet'] });
    const htmls = await finalHtmls(content, warmOut);
    const floorBefore = await measureFloor(htmls, options.concurrency);
    log(`floor (before): ${floorBefore.pdfs} PDFs in ${(floorBefore.wallMs / 1000).toFixed(1)}s`);

    // The timed build runs in a process of its own (see build-child.ts): its memory is the tool's alone.
    const timed = await buildInChild({ content, out, concurrency: options.concurrency });
    const { wallMs, pdfs } = timed;
    const rss = { toolPeak: timed.maxRssBytes, browserPeak: timed.browserPeak };
    const result = { failed: timed.failed };
    log(`build: ${pdfs} PDFs in ${(wallMs / 1000).toFixed(1)}s, ${result.failed} failed`);

    // A no-op rebuild: every guide up to date, no browser (the pool stays unlaunched).
    const noopPool = new BrowserPool({ concurrency: options.concurrency });
    const noopStart = performance.now();
    const noop = await build({ content, out, concurrency: options.concurrency, pool: noopPool });
    const noopMs = performance.now() - noopStart;
    const noopLaunches = noopPool.launches;
    await noopPool.close();
    log(
      `no-op rebuild: ${noop.rendered} rendered, ${noop.skipped} up to date in ${noopMs.toFixed(0)} ms, browser launches ${noopLaunches}`,
    );

    const floorAfter = await measureFloor(await finalHtmls(content, out), options.concurrency);
    log(`floor (after): ${floorAfter.pdfs} PDFs in ${(floorAfter.wallMs / 1000).toFixed(1)}s`);
    const floorReuse = await measureFloor(await finalHtmls(content, out), options.concurrency, true);
    log(`floor (reusing pages): ${floorReuse.pdfs} PDFs in ${(floorReuse.wallMs / 1000).toFixed(1)}s`);
    const floor = { pdfs: floorAfter.pdfs, wallMs: (floorBefore.wallMs + floorAfter.wallMs) / 2 };
    const floorRss = { browserPeak: Math.max(floorBefore.browserPeak, floorAfter.browserPeak) };

    const msPerPdf = wallMs / Math.max(1, pdfs);
    const floorMsPerPdf = floor.wallMs / Math.max(1, floor.pdfs);
    return {
      guides: options.guides,
      pdfs,
      failures: result.failed,
      concurrency: options.concurrency,
      wall_s: round(wallMs / 1000, 2),
      ms_per_pdf: round(msPerPdf),
      pdfs_per_s: round(pdfs / (wallMs / 1000), 2),
      floor_ms_per_pdf: round(floorMsPerPdf),
      ratio_to_floor: round(msPerPdf / floorMsPerPdf, 3),
      peak_rss_mb: mb(rss.toolPeak + rss.browserPeak),
      peak_rss_tool_mb: mb(rss.toolPeak),
      peak_live_heap_mb: mb(timed.peakLiveHeapBytes),
      retained_heap_mb: mb(timed.retainedHeapBytes),
      peak_rss_chromium_mb: mb(rss.browserPeak),
      floor_peak_rss_chromium_mb: mb(floorRss.browserPeak),
      floor_ms_per_pdf_before: round(floorBefore.wallMs / Math.max(1, floorBefore.pdfs)),
      floor_ms_per_pdf_after: round(floorAfter.wallMs / Math.max(1, floorAfter.pdfs)),
      reuse_floor_ms_per_pdf: round(floorReuse.wallMs / Math.max(1, floorReuse.pdfs)),
      ratio_to_reuse_floor: round(msPerPdf / (floorReuse.wallMs / Math.max(1, floorReuse.pdfs)), 3),
      noop_ms: Math.round(noopMs),
      noop_rendered: noop.rendered,
      noop_browser_launches: noopLaunches,
      tool_cpu_s: round(timed.cpuUs / 1e6, 2),
      node: process.version,
      cpus: os.availableParallelism(),
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Run the timed build in a child process; sample its browser's memory (every process below it) meanwhile. */
async function buildInChild(request: ChildBuildRequest): Promise<ChildBuildResult & { browserPeak: number }> {
  const script = fileURLToPath(new URL('./build-child.js', import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', script, JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let browserPeak = 0;
  const timer = setInterval(() => {
    const pid = child.pid;
    if (pid !== undefined) browserPeak = Math.max(browserPeak, treeRss(pid) - rssBytes(pid));
  }, 250);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`the benchmark's build exited with ${code}:\n${stderr}`);
  return { ...(JSON.parse(stdout) as ChildBuildResult), browserPeak };
}

async function measureFloor(htmls: string[], concurrency: number, reuse = false) {
  let pid: number | undefined;
  const sampler = sampleRss(() => Promise.resolve(pid));
  const floor = await printFloor(htmls, concurrency, (p) => (pid = p), reuse);
  return { ...floor, browserPeak: sampler.stop().browserPeak };
}

/** The HTML of every PDF as our build printed it last (the booklet with its filled-in table of contents). */
async function finalHtmls(content: string, out: string): Promise<string[]> {
  const htmls: string[] = [];
  const templates = loadTemplates();
  for (const ref of await findGuides(content)) {
    const { guide } = await loadGuide(ref);
    if (!guide) continue;
    for (const job of jobsFor(guide, variantsOf({}))) {
      let rendered = renderDocumentHtml(guide, job.document, job.variant, { templates });
      if (job.document === 'booklet') {
        const pdf = await readFile(outputPath(out, guide.slug, job.variant, 'booklet', 'pdf'));
        rendered = renderDocumentHtml(guide, job.document, job.variant, {
          templates,
          pageNumbers: await sectionPages(pdf, rendered),
        });
      }
      htmls.push(rendered.html);
    }
  }
  return htmls;
}

export function formatBench(r: BenchResult): string {
  return [
    `guides              ${r.guides}`,
    `PDFs                ${r.pdfs} (${r.failures} failed guides)`,
    `concurrency         ${r.concurrency}`,
    `wall                ${r.wall_s} s`,
    `ms per PDF          ${r.ms_per_pdf}`,
    `PDFs per second     ${r.pdfs_per_s}`,
    `peak RSS tool       ${r.peak_rss_tool_mb} MB (live heap at most ${r.peak_live_heap_mb} MB, kept after the build ${r.retained_heap_mb} MB)`,
    `peak RSS Chromium   ${r.peak_rss_chromium_mb} MB (floor: ${r.floor_peak_rss_chromium_mb} MB)`,
    `floor ms per PDF    ${r.floor_ms_per_pdf} (before ${r.floor_ms_per_pdf_before}, after ${r.floor_ms_per_pdf_after})`,
    `reuse floor         ${r.reuse_floor_ms_per_pdf} ms per PDF (ratio ${r.ratio_to_reuse_floor})`,
    `tool CPU            ${r.tool_cpu_s} s`,
    `no-op rebuild       ${r.noop_ms} ms (${r.noop_rendered} rendered, ${r.noop_browser_launches} browser launches)`,
    `ratio to floor      ${r.ratio_to_floor}`,
    `machine             ${r.cpus} CPUs, ${r.cpu_model}, Node ${r.node}`,
  ].join('\n');
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions & { json: boolean } {
  const options = { guides: 12, concurrency: defaultConcurrency(), json: false } as BenchOptions & { json: boolean };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') options.json = true;
    else if (arg === '--guides') options.guides = Number(value());
    else if (arg === '--concurrency') options.concurrency = Number(value());
    else if (arg === '--corpus-out') options.corpusOut = value();
    else throw new Error(`unknown option ${arg} (use --guides N, --json, --corpus-out DIR, --concurrency C)`);
  }
  for (const [name, n] of [
    ['--guides', options.guides],
    ['--concurrency', options.concurrency],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1`);
  }
  return options;
}
