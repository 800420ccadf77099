/**
 * The benchmark's timed build, in a process of its own so that "the tool's memory" is the
 * build's alone, not the benchmark's corpus and floor HTML: `node build-child.js '<json>'`
 * runs build() once and prints one JSON line with the wall time, CPU time and the
 * process's true peak RSS (getrusage's maxrss, not a sample).
 */
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
  pdfs: number;
  failed: number;
  rendered: number;
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as ChildBuildRequest;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await build({ content: request.content, out: request.out, concurrency: request.concurrency });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const report: ChildBuildResult = {
    wallMs,
    cpuUs: used.user + used.system,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    pdfs: result.guides.reduce((n, g) => n + g.outputs.filter((f) => f.endsWith('.pdf')).length, 0),
    failed: result.failed,
    rendered: result.rendered,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

await main();
