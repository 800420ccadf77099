import type { CommandModule, Options } from 'yargs';
import type { BuildOptions, BuildResult } from '../../build/build.js';
import { shardFrom } from '../../build/shard.js';
import { EDITIONS, FORMATS, PAPERS, type Edition, type Format, type Paper } from '../../options.js';
import { checkOutputPlace } from '../../output/paths.js';
import { checkOptions } from '../check-options.js';
import { interruptExitCode } from '../signals.js';
import { buildExitCode, describeError, errorJson, errorsJson, githubAnnotation, type Output } from '../report.js';
import { isUserError, type StudyguideError } from '../../errors.js';
import { Progress, summaryLine, wantsLiveProgress } from '../progress.js';

interface BuildArgs {
  slugs?: string[];
  content: string;
  out: string;
  edition: Edition | 'all';
  paper: Paper;
  format: Format;
  'large-print': boolean;
  concurrency?: number;
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

/** The flags of `build`, apart from what it does with them (suggestions for typos read them too). */
export const BUILD_FLAGS = {
  content: { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' },
  out: { type: 'string', default: 'output', describe: 'Output folder' },
  edition: { choices: [...EDITIONS, 'all'] as const, default: 'all' as const, describe: 'Which edition' },
  paper: { choices: PAPERS, default: 'a4' as const, describe: 'Paper size' },
  format: { choices: FORMATS, default: 'pdf' as const, describe: 'Output format' },
  'large-print': { type: 'boolean', default: false, describe: 'Large-print variant (18 pt Atkinson Hyperlegible)' },
  concurrency: { type: 'number', describe: 'Pages printing at once (default: one per CPU, at most 8)' },
  'browser-ws-endpoint': {
    type: 'string',
    describe: 'Use a running Chrome at this DevTools WebSocket URL (env STUDYGUIDE_BROWSER_WS_ENDPOINT)',
  },
  templates: { type: 'string', describe: 'Use templates from this folder instead of the bundled ones' },
  timeout: { type: 'number', default: 60, describe: 'Seconds one document may take to print' },
  bail: { type: 'boolean', default: false, describe: 'Stop at the first failure' },
  json: { type: 'boolean', default: false, describe: 'Print one JSON report on stdout, nothing else' },
  force: { type: 'boolean', default: false, describe: 'Rebuild every guide, even those that are up to date' },
  cache: {
    type: 'boolean',
    default: true,
    describe:
      'Skip guides whose inputs and options are unchanged since the last build (--no-cache: neither read nor write it)',
  },
  shard: {
    type: 'string',
    describe: 'Build only shard i of n (e.g. 2/3); default from CI_NODE_INDEX/CI_NODE_TOTAL when set',
  },
  watch: { type: 'boolean', default: false, describe: 'Build, then rebuild whenever content or templates change' },
} as const satisfies Record<string, Options>;

/** The library's options for these flags; the environment is read here, at the edge, and only here. */
export function buildOptionsFrom(argv: BuildArgs, env: NodeJS.ProcessEnv = process.env): BuildOptions {
  return {
    content: argv.content,
    out: argv.out,
    slugs: argv.slugs ?? [],
    editions: argv.edition === 'all' ? [...EDITIONS] : [argv.edition],
    paper: argv.paper,
    format: argv.format,
    largePrint: argv['large-print'],
    concurrency: argv.concurrency,
    browserWSEndpoint: argv['browser-ws-endpoint'] ?? (env.STUDYGUIDE_BROWSER_WS_ENDPOINT || undefined),
    templatesDir: argv.templates,
    timeoutMs: argv.timeout * 1000,
    bail: argv.bail,
    force: argv.force,
    cache: argv.cache,
    shard: shardFrom(argv.shard, env),
  };
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
        .options(BUILD_FLAGS)
        // Checked with the library's own option schema, before the handler runs.
        .check((argv) => checkOptions('build', () => buildOptionsFrom(argv)))
        .example('$0 build', 'Build every guide under content/ into output/')
        .example(
          '$0 build last-men-in-aleppo --edition student --paper letter',
          'One guide, student edition, US Letter',
        )
        .example('$0 build --large-print --format both', 'Large-print PDFs with HTML beside them'),
    handler: async (argv) => {
      const live = !argv.json && wantsLiveProgress(process.stderr);
      const progress = new Progress(
        { write: (text) => (live ? process.stderr.write(text) : io.err(text.replace(/\n$/, ''))) },
        { live },
      );
      const options: BuildOptions = {
        ...buildOptionsFrom(argv),
        signal,
        onEvent: argv.json ? undefined : progress.onEvent,
      };
      if (argv.watch) {
        // Refused once, before watching, rather than at every rebuild.
        await checkOutputPlace(argv.content, argv.out);
        const { watchBuild } = await import('../watch-build.js');
        setCode(await watchBuild(options, { io, signal }));
        return;
      }
      // Loaded here, not at start-up, so that --help and --version need no browser library.
      const { build } = await import('../../build/build.js');
      const result = await build(options).catch((error: unknown) => {
        // The build as a whole stopped (no guides, no browser): a script still gets its report.
        if (argv.json && isUserError(error)) io.out(JSON.stringify(stoppedReport(error)));
        throw error; // printed on stderr by main(), with its exit code
      });
      progress.finish();
      if (argv.json) io.out(JSON.stringify(jsonReport(result)));
      else io.err(summaryLine(result));
      // The guides' own errors, then those of the build as a whole (a build cache not saved).
      for (const error of [...result.guides.flatMap((g) => g.errors), ...result.errors]) {
        if (!argv.json) io.err(describeError(error));
        if (process.env.GITHUB_ACTIONS === 'true') io.err(githubAnnotation(error));
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

/** What `build --json` prints (docs/ci.md): errors in the shape `check --json` gives them. */
export function jsonReport(result: BuildResult) {
  return {
    guides: result.guides.map((g) => ({
      slug: g.slug,
      folder: g.folder ?? g.slug,
      status: g.status,
      outputs: g.outputs,
      ms: Math.round(g.ms),
      errors: errorsJson(g.errors),
    })),
    rendered: result.rendered,
    skipped: result.skipped,
    failed: result.failed,
    elapsed_ms: Math.round(result.elapsedMs),
    /** Errors of the build as a whole, not of one guide (the build cache could not be saved). */
    errors: errorsJson(result.errors),
  };
}

/** The --json report of a build that stopped as a whole: no guide reports, and why. */
export function stoppedReport(error: StudyguideError): ReturnType<typeof jsonReport> {
  return {
    guides: [],
    rendered: 0,
    skipped: 0,
    failed: 0,
    elapsed_ms: 0,
    errors: [errorJson(error)],
  };
}
