import type { CommandModule } from 'yargs';
import { build, defaultConcurrency, type BuildResult, type GuideReport } from '../../build/build.js';
import { EDITIONS, FORMATS, PAPERS, type Edition, type Format, type Paper } from '../../options.js';
import { EXIT } from '../exit-codes.js';
import { describeError, githubAnnotation, type Output } from '../report.js';

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
}

export function buildCommand(io: Output, setCode: (code: number) => void): CommandModule<object, BuildArgs> {
  return {
    command: 'build [slugs..]',
    describe: 'Build the PDFs (and/or HTML) of every guide, or of the named ones',
    builder: (y) =>
      y
        .positional('slugs', { type: 'string', array: true, describe: 'Guides to build (folder names under --content)' })
        .option('content', { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' })
        .option('out', { type: 'string', default: 'output', describe: 'Output folder' })
        .option('edition', { choices: [...EDITIONS, 'all'] as const, default: 'all' as const, describe: 'Which edition' })
        .option('paper', { choices: PAPERS, default: 'a4' as const, describe: 'Paper size' })
        .option('format', { choices: FORMATS, default: 'pdf' as const, describe: 'Output format' })
        .option('large-print', { type: 'boolean', default: false, describe: 'Large-print variant (18 pt Atkinson Hyperlegible)' })
        .option('concurrency', { type: 'number', default: defaultConcurrency(), describe: 'Pages printing at once' })
        .option('browser-ws-endpoint', {
          type: 'string',
          describe: 'Use a running Chrome at this DevTools WebSocket URL (env STUDYGUIDE_BROWSER_WS_ENDPOINT)',
        })
        .option('templates', { type: 'string', describe: 'Use templates from this folder instead of the bundled ones' })
        .option('timeout', { type: 'number', default: 60, describe: 'Seconds one document may take to print' })
        .option('bail', { type: 'boolean', default: false, describe: 'Stop at the first failure' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON report on stdout, nothing else' })
        .check((argv) => {
          if (!Number.isInteger(argv.concurrency) || argv.concurrency < 1 || argv.concurrency > 64) {
            throw new Error('--concurrency must be a whole number from 1 to 64');
          }
          if (!(argv.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
          return true;
        })
        .example('$0 build', 'Build every guide under content/ into output/')
        .example('$0 build last-men-in-aleppo --edition student --paper letter', 'One guide, student edition, US Letter')
        .example('$0 build --large-print --format both', 'Large-print PDFs with HTML beside them') as never,
    handler: async (argv) => {
      const result = await build({
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
        onEvent: argv.json
          ? undefined
          : (event) => {
              if (event.type === 'guide') io.err(guideLine(event.report));
            },
      });
      if (argv.json) io.out(JSON.stringify(jsonReport(result)));
      else io.err(summary(result));
      for (const guide of result.guides) {
        for (const error of guide.errors) {
          if (!argv.json) io.err(describeError(error));
          if (process.env.GITHUB_ACTIONS === 'true') io.err(githubAnnotation(error));
        }
      }
      setCode(result.failed > 0 ? EXIT.content : EXIT.ok);
    },
  };
}

function guideLine(report: GuideReport): string {
  const secs = (report.ms / 1000).toFixed(1);
  if (report.status === 'failed') return `✗ ${report.slug}: failed (${report.errors.length} problem${report.errors.length === 1 ? '' : 's'})`;
  if (report.status === 'skipped') return `- ${report.slug}: up to date`;
  return `✓ ${report.slug}: ${report.outputs.length} files in ${secs}s`;
}

function summary(result: BuildResult): string {
  return `${result.rendered} built, ${result.skipped} up to date, ${result.failed} failed in ${(result.elapsedMs / 1000).toFixed(1)}s`;
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
