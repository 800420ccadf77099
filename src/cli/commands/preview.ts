import type { CommandModule, Options } from 'yargs';
import { checkOptions } from '../check-options.js';
import { PAPERS, type Paper } from '../../options.js';
import { EXIT } from '../exit-codes.js';
import { bugReport, type Output } from '../report.js';

interface PreviewArgs {
  slug?: string;
  content: string;
  templates?: string;
  paper: Paper;
  port: number;
  host: string;
}

export const PREVIEW_FLAGS = {
  content: { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' },
  templates: { type: 'string', describe: 'Use templates from this folder instead of the bundled ones' },
  paper: { choices: PAPERS, default: 'a4' as const, describe: 'Paper size' },
  port: { type: 'number', default: 0, describe: 'Port on 127.0.0.1 (default: a free one)' },
  host: {
    type: 'string',
    default: '127.0.0.1',
    describe: 'Loopback address to serve on (127.0.0.1, ::1 or localhost)',
  },
} as const satisfies Record<string, Options>;

function previewOptionsFrom(argv: PreviewArgs) {
  return {
    content: argv.content,
    slug: argv.slug,
    templatesDir: argv.templates,
    paper: argv.paper,
    port: argv.port,
    host: argv.host,
  };
}

export function previewCommand(
  io: Output,
  setCode: (code: number) => void,
  signal?: AbortSignal,
): CommandModule<object, PreviewArgs> {
  return {
    command: 'preview [slug]',
    describe: 'Serve a guide as HTML on this computer and reload it when content or templates change',
    builder: (y) =>
      y
        .positional('slug', { type: 'string', describe: 'The guide to open (default: a list of all guides)' })
        .options(PREVIEW_FLAGS)
        .check((argv) => checkOptions('preview', () => previewOptionsFrom(argv)))
        .example('$0 preview last-men-in-aleppo', 'Open the booklet of one guide, reloading on every save')
        .example('$0 preview --port 8080', 'List every guide at http://127.0.0.1:8080/'),
    handler: async (argv) => {
      const { startPreview } = await import('../../preview/preview-server.js');
      const server = await startPreview({
        ...previewOptionsFrom(argv),
        onChange: (files) => io.err(`changed: ${files.join(', ')}, reloading`),
        onError: (error) => io.err(bugReport(error)),
        onWatchError: (message) => io.err(message),
      });
      io.err(`Preview at ${server.url} (Ctrl-C to stop)`);
      try {
        await new Promise<void>((resolve) => {
          if (!signal || signal.aborted) return resolve();
          signal.addEventListener('abort', () => resolve(), { once: true });
        });
      } finally {
        await server.close();
      }
      // Ctrl-C is how a preview ends: not a failure.
      setCode(EXIT.ok);
    },
  };
}
