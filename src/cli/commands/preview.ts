import type { CommandModule } from 'yargs';
import { PAPERS, type Paper } from '../../options.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../report.js';

interface PreviewArgs {
  slug?: string;
  content: string;
  templates?: string;
  paper: Paper;
  port: number;
  host: string;
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
        .option('content', { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' })
        .option('templates', { type: 'string', describe: 'Use templates from this folder instead of the bundled ones' })
        .option('paper', { choices: PAPERS, default: 'a4' as const, describe: 'Paper size' })
        .option('port', { type: 'number', default: 0, describe: 'Port on 127.0.0.1 (default: a free one)' })
        .option('host', {
          type: 'string',
          default: '127.0.0.1',
          describe: 'Loopback address to serve on (127.0.0.1 or ::1)',
        })
        .check((argv) => {
          if (!Number.isInteger(argv.port) || argv.port < 0 || argv.port > 65535)
            throw new Error('--port must be a whole number from 0 to 65535');
          return true;
        })
        .example('$0 preview last-men-in-aleppo', 'Open the booklet of one guide, reloading on every save')
        .example('$0 preview --port 8080', 'List every guide at http://127.0.0.1:8080/') as never,
    handler: async (argv) => {
      const { startPreview } = await import('../../preview/preview-server.js');
      const server = await startPreview({
        content: argv.content,
        slug: argv.slug,
        templatesDir: argv.templates,
        paper: argv.paper,
        port: argv.port,
        host: argv.host,
        onChange: (files) => io.err(`changed: ${files.join(', ')}, reloading`),
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
