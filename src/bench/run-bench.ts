/**
 * `npm run bench -- --guides N [--json] [--corpus-out DIR] [--concurrency C]`:
 * generate N guides, build them cold with every edition through the real
 * build() API, then print the same final HTML with bare Puppeteer (the floor)
 * in the same run, and report time per PDF, the ratio to the floor and peak
 * memory of the tool and of Chromium.
 */
import { mkdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build, defaultConcurrency, variantsOf } from '../build/build.js';
import { jobsFor, sectionPages } from '../build/build-guide.js';
import { findGuides } from '../content/find-guides.js';
import { loadGuide } from '../content/load-guide.js';
import { outputPath } from '../output/paths.js';
import { BrowserPool } from '../pdf/browser-pool.js';
import { renderDocumentHtml } from '../render/render-html.js';
import { writeCorpus } from './generate-corpus.js';
import { sampleRss } from './measure-rss.js';
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
  peak_rss_chromium_mb: number;
  floor_peak_rss_chromium_mb: number;
  node: string;
  cpus: number;
  cpu_model: string;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function runBench(options: BenchOptions, log: (text: string) => void = () => undefined): Promise<BenchResult> {
  const work = await import('node:fs/promises').then((fs) => fs.mkdtemp(path.join(os.tmpdir(), 'studyguide-bench-')));
  const content = options.corpusOut ? path.resolve(options.corpusOut) : path.join(work, 'content');
  const out = path.join(work, 'output');
  try {
    if (options.corpusOut) await rm(content, { recursive: true, force: true });
    await mkdir(content, { recursive: true });
    await writeCorpus(content, options.guides);
    log(`corpus: ${options.guides} guides in ${content}`);

    const pool = new BrowserPool({ concurrency: options.concurrency });
    const sampler = sampleRss(() => pool.browserPid());
    const started = performance.now();
    let result;
    try {
      result = await build({ content, out, concurrency: options.concurrency, pool });
    } finally {
      await pool.close();
    }
    const wallMs = performance.now() - started;
    const rss = sampler.stop();
    const pdfs = result.guides.reduce((n, g) => n + g.outputs.filter((f) => f.endsWith('.pdf')).length, 0);
    log(`build: ${pdfs} PDFs in ${(wallMs / 1000).toFixed(1)}s, ${result.failed} failed`);

    const htmls = await finalHtmls(content, out);
    let floorPid: number | undefined;
    const floorSampler = sampleRss(async () => floorPid);
    const floor = await printFloor(htmls, options.concurrency, (pid) => (floorPid = pid));
    const floorRss = floorSampler.stop();
    log(`floor: ${floor.pdfs} PDFs in ${(floor.wallMs / 1000).toFixed(1)}s`);

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
      peak_rss_chromium_mb: mb(rss.browserPeak),
      floor_peak_rss_chromium_mb: mb(floorRss.browserPeak),
      node: process.version,
      cpus: os.availableParallelism(),
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The HTML of every PDF as our build printed it last (the booklet with its filled-in table of contents). */
async function finalHtmls(content: string, out: string): Promise<string[]> {
  const htmls: string[] = [];
  for (const ref of await findGuides(content)) {
    const { guide } = await loadGuide(ref);
    if (!guide) continue;
    for (const job of jobsFor(guide, variantsOf({}))) {
      let rendered = renderDocumentHtml(guide, job.document, job.variant);
      if (job.document === 'booklet') {
        const pdf = await readFile(outputPath(out, guide.slug, job.variant, 'booklet', 'pdf'));
        rendered = renderDocumentHtml(guide, job.document, job.variant, { pageNumbers: await sectionPages(pdf, rendered) });
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
    `peak RSS tool       ${r.peak_rss_tool_mb} MB`,
    `peak RSS Chromium   ${r.peak_rss_chromium_mb} MB (floor: ${r.floor_peak_rss_chromium_mb} MB)`,
    `floor ms per PDF    ${r.floor_ms_per_pdf}`,
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
  for (const [name, n] of [['--guides', options.guides], ['--concurrency', options.concurrency]] as const) {
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1`);
  }
  return options;
}
