/**
 * The benchmark's timed build, in a process of its own so that "the tool's memory" is the
 * build's alone, not the benchmark's corpus and floor HTML: `node build-child.js '<json>'`
 * runs build() once and prints one JSON line with the wall time, CPU time, the
 * process's true peak RSS (getrusage's maxrss, not a sample) and the heap the build
 * leaves behind after a full garbage collection.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import { build } from '../build/build.js';

export interface ChildBuildRequest {
  content: string;
  out: string;
  concurrency: number;
}

export interface ChildBuildResult {
  wallMs: number;
  cpuUs: number;
  maxRssBytes: number;
  /** The most heap in use just after any full (mark-compact) collection during the build: its live data. */
  peakLiveHeapBytes: number;
  /** Heap still in use once the build has returned and a full GC has run: what the build keeps. */
  retainedHeapBytes: number;
  pdfs: number;
  failed: number;
  rendered: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildBuildRequest;
  let peakLiveHeapBytes = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      peakLiveHeapBytes = Math.max(peakLiveHeapBytes, v8.getHeapStatistics().used_heap_size);
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await build({ content: request.content, out: request.out, concurrency: request.concurrency });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  observer.disconnect();
  // Run with --expose-gc by the benchmark; after the timed region, so it costs the build nothing.
  (globalThis as { gc?: () => void }).gc?.();
  const report: ChildBuildResult = {
    wallMs,
    cpuUs: used.user + used.system,
    maxRssBytes,
    peakLiveHeapBytes,
    retainedHeapBytes: process.memoryUsage().heapUsed,
    pdfs: result.guides.reduce((n, g) => n + g.outputs.filter((f) => f.endsWith('.pdf')).length, 0),
    failed: result.failed,
    rendered: result.rendered,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
