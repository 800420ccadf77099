import type { CommandModule } from 'yargs';
import type { BuildOptions, BuildResult } from '../../build/build.js';
import { shardFrom } from '../../build/shard.js';
import { EDITIONS, FORMATS, PAPERS, defaultConcurrency, type Edition, type Format, type Paper } from '../../options.js';
import { interruptExitCode } from '../signals.js';
import { buildExitCode, describeError, githubAnnotation, type Output } from '../report.js';
import { Progress, summaryLine, wantsLiveProgress } from '../progress.js';

interface BuildArgs {
  slugs?: string[];
  content: string;
  out: string;
  edition: Edition | 'all';
  paper: Paper;
  format: Format;
  'large-print': boolean;
  concurrency: number;
  'browser-ws-endpoint'?: string;
  templates?: string;
  timeout: number;
  bail: boolean;
  json: boolean;
  force: boolean;
  cache: boolean;
  shard?: string;
  watch: boolean;
}

export function buildCommand(
  io: Output,
  setCode: (code: number) => void,
  signal?: AbortSignal,
): CommandModule<object, BuildArgs> {
  return {
    command: 'build [slugs..]',
    describe: 'Build the PDFs (and/or HTML) of every guide, or of the named ones',
    builder: (y) =>
      y
        .positional('slugs', {
          type: 'string',
          array: true,
          describe: 'Guides to build (folder names under --content)',
        })
        .option('content', { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' })
        .option('out', { type: 'string', default: 'output', describe: 'Output folder' })
        .option('edition', {
          choices: [...EDITIONS, 'all'] as const,
          default: 'all' as const,
          describe: 'Which edition',
        })
        .option('paper', { choices: PAPERS, default: 'a4' as const, describe: 'Paper size' })
        .option('format', { choices: FORMATS, default: 'pdf' as const, describe: 'Output format' })
        .option('large-print', {
          type: 'boolean',
          default: false,
          describe: 'Large-print variant (18 pt Atkinson Hyperlegible)',
        })
        .option('concurrency', { type: 'number', default: defaultConcurrency(), describe: 'Pages printing at once' })
        .option('browser-ws-endpoint', {
          type: 'string',
          describe: 'Use a running Chrome at this DevTools WebSocket URL (env STUDYGUIDE_BROWSER_WS_ENDPOINT)',
        })
        .option('templates', { type: 'string', describe: 'Use templates from this folder instead of the bundled ones' })
        .option('timeout', { type: 'number', default: 60, describe: 'Seconds one document may take to print' })
        .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON report on stdout, nothing else' })
        .option('force', {
          type: 'boolean',
          default: false,
          describe: 'Rebuild every guide, even those that are up to date',
        })
        .option('cache', {
          type: 'boolean',
          default: true,
          describe:
            'Skip guides whose inputs and options are unchanged since the last build (--no-cache: neither read nor write it)',
        })
        .option('shard', {
          type: 'string',
          describe: 'Build only shard i of n (e.g. 2/3); default from CI_NODE_INDEX/CI_NODE_TOTAL when set',
        })
        .option('watch', {
          type: 'boolean',
          default: false,
          describe: 'Build, then rebuild whenever content or templates change',
        })
        .check((argv) => {
          if (!Number.isInteger(argv.concurrency) || argv.concurrency < 1 || argv.concurrency > 64) {
            throw new Error('--concurrency must be a whole number from 1 to 64');
          }
          if (!(argv.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
          return true;
        })
        .example('$0 build', 'Build every guide under content/ into output/')
        .example(
          '$0 build last-men-in-aleppo --edition student --paper letter',
          'One guide, student edition, US Letter',
        )
        .example('$0 build --large-print --format both', 'Large-print PDFs with HTML beside them'),
    handler: async (argv) => {
      const shard = shardFrom(argv.shard);
      const live = !argv.json && wantsLiveProgress(process.stderr);
      const progress = new Progress(
        { write: (text) => (live ? process.stderr.write(text) : io.err(text.replace(/\n$/, ''))) },
        { live },
      );
      const options: BuildOptions = {
        content: argv.content,
        out: argv.out,
        slugs: argv.slugs ?? [],
        editions: argv.edition === 'all' ? [...EDITIONS] : [argv.edition],
        paper: argv.paper,
        format: argv.format,
        largePrint: argv['large-print'],
        concurrency: argv.concurrency,
        browserWSEndpoint: argv['browser-ws-endpoint'] ?? process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT,
        templatesDir: argv.templates,
        timeoutMs: argv.timeout * 1000,
        bail: argv.bail,
        force: argv.force,
        cache: argv.cache,
        shard,
        signal,
        onEvent: argv.json ? undefined : progress.onEvent,
      };
      if (argv.watch) {
        const { watchBuild } = await import('../watch-build.js');
        setCode(await watchBuild(options, { io, templatesDir: argv.templates, signal }));
        return;
      }
      // Loaded here, not at start-up, so that --help and --version need no browser library.
      const { build } = await import('../../build/build.js');
      const result = await build(options);
      progress.finish();
      if (argv.json) io.out(JSON.stringify(jsonReport(result)));
      else io.err(summaryLine(result));
      for (const guide of result.guides) {
        for (const error of guide.errors) {
          if (!argv.json) io.err(describeError(error));
          if (process.env.GITHUB_ACTIONS === 'true') io.err(githubAnnotation(error));
        }
      }
      const interrupted = interruptExitCode(signal);
      if (interrupted !== undefined) {
        io.err('Interrupted: files already written are complete; the rest were not built.');
        setCode(interrupted);
        return;
      }
      setCode(buildExitCode(result));
    },
  };
}

export function jsonReport(result: BuildResult) {
  return {
    guides: result.guides.map((g) => ({
      slug: g.slug,
      status: g.status,
      outputs: g.outputs,
      ms: Math.round(g.ms),
      ...(g.errors.length > 0 ? { error: g.errors.map((e) => describeError(e)).join('\n') } : {}),
    })),
    rendered: result.rendered,
    skipped: result.skipped,
    failed: result.failed,
    elapsed_ms: Math.round(result.elapsedMs),
  };
}
