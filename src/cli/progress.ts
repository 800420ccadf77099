/**
 * What a build shows while it runs. On a terminal: one live line redrawn in
 * place (guides done of total, PDFs per second, time left). In CI or a pipe:
 * plain lines, one per guide, that read well in a log.
 */
import type { BuildEvent, BuildResult, GuideReport } from '../build/build.js';
import { printable } from './report.js';

export interface ProgressSink {
  /** Write raw text (no newline added). */
  write: (text: string) => void;
}

export interface ProgressOptions {
  live: boolean;
  now?: () => number;
}

/** A live display only on an interactive terminal, never under CI. */
export function wantsLiveProgress(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI;
}

export function guideLine(report: GuideReport): string {
  const secs = (report.ms / 1000).toFixed(1);
  // The folder ("year-9/<slug>"): the slug alone for a guide directly under the content folder.
  const name = report.folder ?? report.slug;
  if (report.status === 'failed') {
    return `✗ ${name}: failed (${report.errors.length} problem${report.errors.length === 1 ? '' : 's'})`;
  }
  if (report.status === 'skipped') return `- ${name}: up to date`;
  return `✓ ${name}: ${report.outputs.length} files in ${secs}s`;
}

export function summaryLine(result: BuildResult): string {
  const more = result.errors.length;
  const besides = more > 0 ? `; ${more} more error${more === 1 ? '' : 's'} (below)` : '';
  return `${result.rendered} built, ${result.skipped} up to date, ${result.failed} failed in ${(result.elapsedMs / 1000).toFixed(1)}s${besides}`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export class Progress {
  private guides = 0;
  private guidesDone = 0;
  private documents = 0;
  private documentsDone = 0;
  private started: number;
  private lastDraw = 0;
  private drawn = false;
  private readonly now: () => number;

  constructor(
    private readonly sink: ProgressSink,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  readonly onEvent = (event: BuildEvent): void => {
    if (event.type === 'start') {
      this.guides = event.guides;
      this.documents = event.documents;
      this.started = this.now();
      this.redraw(true);
    } else if (event.type === 'document') {
      this.documentsDone++;
      this.redraw(false);
    } else {
      this.guidesDone++;
      // A guide that failed (or did not load) will not print the rest of its documents.
      this.documents -= event.unprinted;
      if (!this.options.live) this.sink.write(`${printable(guideLine(event.report))}\n`);
      else if (event.report.status === 'failed') this.above(guideLine(event.report));
      this.redraw(true);
    }
  };

  /** The live line's text. */
  status(): string {
    const secs = (this.now() - this.started) / 1000;
    const rate = secs > 0 ? this.documentsDone / secs : 0;
    const left = this.documents - this.documentsDone;
    const eta = rate > 0 ? formatDuration(left / rate) : '--:--';
    return `${this.guidesDone}/${this.guides} guides · ${this.documentsDone}/${this.documents} PDFs · ${rate.toFixed(1)} PDFs/s · ${left > 0 ? `ETA ${eta}` : 'done'}`;
  }

  /** Remove the live line (before the summary). */
  finish(): void {
    if (this.options.live && this.drawn) this.sink.write('\r\x1b[K');
    this.drawn = false;
  }

  // The live display writes its own control sequences straight to the terminal: what it shows
  // between them goes through `printable` first.
  private above(line: string): void {
    this.sink.write(`\r\x1b[K${printable(line)}\n`);
    this.drawn = false;
  }

  private redraw(force: boolean): void {
    if (!this.options.live) return;
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.sink.write(`\r\x1b[K${printable(this.status())}`);
    this.drawn = true;
  }
}
