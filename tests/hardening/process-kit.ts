/** Spawn the real CLI as a child process and watch the processes it starts (read from /proc). */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { ROOT } from '../helpers/paths.js';

export const BIN = path.join(ROOT, 'bin', 'studyguide.js');

export function spawnCli(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => output, exited };
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: fields start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** Whether a process is alive (and not a zombie waiting to be reaped). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Every process descended from `root`, remembered across calls (an orphan keeps its place). */
export class DescendantWatch {
  readonly seen = new Set<number>();
  private timer: NodeJS.Timeout;
  constructor(private readonly root: number) {
    this.timer = setInterval(() => this.scan(), 25);
  }
  scan(): void {
    const known = new Set([this.root, ...this.seen]);
    for (const name of readdirSync('/proc')) {
      const pid = Number(name);
      if (!Number.isInteger(pid) || known.has(pid)) continue;
      const parent = parentOf(pid);
      if (parent !== undefined && known.has(parent)) {
        this.seen.add(pid);
        known.add(pid);
      }
    }
  }
  stop(): void {
    clearInterval(this.timer);
  }
  alive(): number[] {
    return [...this.seen].filter(isAlive);
  }
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms: number,
): Promise<T | undefined> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

/** A whole PDF: header, end-of-file marker, and pdf-lib can load it. */
export async function isCompletePdf(file: string): Promise<boolean> {
  const bytes = await readFile(file);
  const head = bytes.subarray(0, 5).toString('latin1');
  const tail = bytes
    .subarray(Math.max(0, bytes.length - 32))
    .toString('latin1')
    .trimEnd();
  if (head !== '%PDF-' || !tail.endsWith('%%EOF')) return false;
  try {
    await PDFDocument.load(bytes, { updateMetadata: false });
    return true;
  } catch {
    return false;
  }
}
