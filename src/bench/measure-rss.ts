/** Peak memory while a benchmark runs: this process, and a browser with all its child processes (Linux /proc). */
import { readdirSync, readFileSync } from 'node:fs';

function parentOf(pid: number): number | undefined {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

export function rssBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sum of the resident memory of `root` and every process descended from it. */
export function treeRss(root: number): number {
  let pids: number[];
  try {
    pids = readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return 0;
  }
  const children = new Map<number, number[]>();
  for (const pid of pids) {
    const parent = parentOf(pid);
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(pid);
    children.set(parent, list);
  }
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += rssBytes(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

export interface RssSampler {
  stop(): { toolPeak: number; browserPeak: number };
}

/** Sample every `everyMs`; `browserPid` is asked each time (the browser starts lazily). */
export function sampleRss(browserPid: () => Promise<number | undefined>, everyMs = 250): RssSampler {
  let toolPeak = process.memoryUsage.rss();
  let browserPeak = 0;
  let busy = false;
  const sample = async () => {
    if (busy) return;
    busy = true;
    try {
      toolPeak = Math.max(toolPeak, process.memoryUsage.rss());
      const pid = await browserPid();
      if (pid !== undefined) browserPeak = Math.max(browserPeak, treeRss(pid));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void sample(), everyMs);
  return {
    stop() {
      clearInterval(timer);
      toolPeak = Math.max(toolPeak, process.memoryUsage.rss());
      return { toolPeak, browserPeak };
    },
  };
}
