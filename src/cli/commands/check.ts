import type { CommandModule, Options } from 'yargs';
import { checkOptions } from '../check-options.js';
import { formatUserError, isUserError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { errorJson, errorsJson, githubAnnotation, type Output } from '../report.js';

interface CheckArgs {
  slugs?: string[];
  content: string;
  templates?: string;
  json: boolean;
}

export const CHECK_FLAGS = {
  content: { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' },
  templates: { type: 'string', describe: 'Check against templates from this folder' },
  json: { type: 'boolean', default: false, describe: 'Print one JSON report on stdout' },
} as const satisfies Record<string, Options>;

function checkOptionsFrom(argv: CheckArgs) {
  return { content: argv.content, slugs: argv.slugs ?? [], templatesDir: argv.templates };
}

export function checkCommand(io: Output, setCode: (code: number) => void): CommandModule<object, CheckArgs> {
  return {
    command: 'check [slugs..]',
    describe: 'Validate guides (front matter, citations, templates, fonts) without printing; reports every problem',
    builder: (y) =>
      y
        .positional('slugs', { type: 'string', array: true, describe: 'Guides to check (default: all)' })
        .options(CHECK_FLAGS)
        .check((argv) => checkOptions('check', () => checkOptionsFrom(argv)))
        .example('$0 check', 'Check every guide under content/')
        .example('$0 check last-men-in-aleppo', 'Check one guide'),
    handler: async (argv) => {
      const { check } = await import('../../build/check.js');
      const result = await check(checkOptionsFrom(argv)).catch((error: unknown) => {
        // The check as a whole stopped (no guides under --content): a script still gets its report.
        if (argv.json && isUserError(error)) io.out(JSON.stringify({ guides: [], errors: 1, error: errorJson(error) }));
        throw error; // printed on stderr by main(), with its exit code
      });
      if (argv.json) {
        io.out(
          JSON.stringify({
            guides: result.guides.map((g) => ({
              slug: g.slug,
              folder: g.folder,
              ok: g.ok,
              citations: g.citations,
              errors: errorsJson(g.errors),
            })),
            errors: result.errors,
            error: null,
          }),
        );
      }
      for (const guide of result.guides) {
        if (!argv.json) {
          io.err(guide.ok ? `✓ ${guide.folder}: ok (${guide.citations} citations verified)` : `✗ ${guide.folder}:`);
          for (const error of guide.errors) io.err(formatUserError(error));
        }
        if (process.env.GITHUB_ACTIONS === 'true') guide.errors.forEach((e) => io.err(githubAnnotation(e)));
      }
      if (!argv.json)
        io.err(
          result.errors === 0
            ? 'No problems found.'
            : `${result.errors} problem${result.errors === 1 ? '' : 's'} found.`,
        );
      setCode(result.errors > 0 ? EXIT.content : EXIT.ok);
    },
  };
}
