/**
 * `build --watch`: build once, then rebuild whenever a file under the content
 * or templates folder changes. The build cache makes a rebuild touch only the
 * guides whose files changed (a template change rebuilds them all), and one
 * browser pool is kept warm across rebuilds.
 */
import path from 'node:path';
import { build, defaultConcurrency, type BuildOptions } from '../build/build.js';
import { describeError, reportThrown, type Output } from './report.js';
import { summaryLine } from './progress.js';
import { EXIT } from './exit-codes.js';
import { BrowserPool } from '../pdf/browser-pool.js';
import { DEFAULT_TEMPLATES_DIR } from '../render/template-dir.js';
import { watchFolders, type Watcher } from '../preview/watch-files.js';

export interface WatchBuildContext {
  io: Output;
  /** Watching ends when this is aborted (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  debounceMs?: number;
}

/** Build, then rebuild on change until the signal is aborted. Returns the exit code. */
export async function watchBuild(options: BuildOptions, context: WatchBuildContext): Promise<number> {
  const { io } = context;
  const pool = new BrowserPool({
    concurrency: options.concurrency ?? defaultConcurrency(),
    browserWSEndpoint: options.browserWSEndpoint,
    executablePath: options.executablePath,
    timeoutMs: options.timeoutMs,
  });
  let running: Promise<void> | undefined;
  let again = false;
  const once = async () => {
    try {
      const result = await build({ ...options, pool });
      for (const error of [...result.guides.flatMap((g) => g.errors), ...result.errors]) io.err(describeError(error));
      io.err(summaryLine(result));
    } catch (error) {
      reportThrown(error, io);
    }
  };
  const rebuild = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        // Each build loads its own templates, so an edited template is seen by the next one.
        await once();
      } while (again && !context.signal?.aborted);
    })().finally(() => {
      running = undefined;
    });
  };
  const templates = options.templatesDir ?? DEFAULT_TEMPLATES_DIR;
  const content = options.content ?? 'content';
  let watcher: Watcher | undefined;
  try {
    // Watching before the first build starts: a save made while it runs is not missed.
    watcher = await watchFolders(
      [content, templates],
      (files) => {
        if (context.signal?.aborted) return;
        io.err(changedLine(files));
        rebuild();
      },
      { debounceMs: context.debounceMs, ignore: [options.out ?? 'output'], onError: (message) => io.err(message) },
    );
    rebuild();
    io.err(`watching ${content} and ${path.relative(process.cwd(), templates) || templates} (Ctrl-C to stop)`);
    await new Promise<void>((resolve) => {
      if (context.signal?.aborted) resolve();
      context.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    // No change starts a build once the watcher is closed; then the one under way finishes.
    await watcher?.close();
    await running;
    await pool.close();
  }
  return EXIT.ok;
}

/** A folder copied in can bring hundreds of files: name a few. */
function changedLine(files: readonly string[], listed = 5): string {
  const names = files.map((f) => path.relative(process.cwd(), f) || f);
  const more = names.length > listed ? ` and ${names.length - listed} more` : '';
  return `changed: ${names.slice(0, listed).join(', ')}${more}`;
}
