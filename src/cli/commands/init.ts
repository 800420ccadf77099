import type { CommandModule, Options } from 'yargs';
import { GUIDE_FORMATS, type GuideFormat } from '../../content/guide-files.js';
import { checkOptions } from '../check-options.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../report.js';

interface InitArgs {
  slug: string;
  from: string[];
  content: string;
  title?: string;
  force: boolean;
  templates?: string;
  format: GuideFormat;
  json: boolean;
}

export const INIT_FLAGS = {
  from: { type: 'string', array: true, demandOption: true, describe: 'Documents to import (.txt or .md, UTF-8)' },
  content: { type: 'string', default: 'content', describe: 'Folder holding <slug>/guide.md' },
  title: { type: 'string', describe: 'Title of the guide and the work (default: from the slug)' },
  force: { type: 'boolean', default: false, describe: 'Replace an existing guide.md and sources/ (other files stay)' },
  format: {
    choices: GUIDE_FORMATS,
    default: 'md' as GuideFormat,
    describe:
      'md: one guide.md; yaml: guide.yaml (checked as you type in editors with the YAML language server) + synopsis.md',
  },
  templates: { type: 'string', describe: 'Check the draft against templates from this folder' },
  json: { type: 'boolean', default: false, describe: 'Print one JSON report on stdout' },
} as const satisfies Record<string, Options>;

function initOptionsFrom(argv: InitArgs) {
  return {
    slug: argv.slug,
    from: argv.from ?? [],
    content: argv.content,
    title: argv.title,
    force: argv.force,
    templatesDir: argv.templates,
    format: argv.format,
  };
}

export function initCommand(io: Output, setCode: (code: number) => void): CommandModule<object, InitArgs> {
  return {
    command: 'init <slug>',
    describe: 'Start a guide from raw documents: import them as sources and draft guide.md for you to review',
    builder: (y) =>
      y
        .positional('slug', {
          type: 'string',
          demandOption: true,
          describe: 'Folder name of the new guide (lower-case, digits, hyphens)',
        })
        .options(INIT_FLAGS)
        .check((argv) => checkOptions('init', () => initOptionsFrom(argv)))
        .example(
          '$0 init the-lighthouse --from notes.txt review.md',
          'Draft content/the-lighthouse/ from two documents',
        )
        .example(
          '$0 init the-lighthouse --from *.txt --title "The Lighthouse" --force',
          'Start again, replacing the draft',
        ),
    handler: async (argv) => {
      // compromise (name detection) is heavy: load it only when init runs.
      const { init } = await import('../../init/init-guide.js');
      const result = await init(initOptionsFrom(argv));
      if (argv.json) {
        io.out(JSON.stringify(result));
      } else {
        const s = result.summary;
        io.err(`✓ ${result.slug}: ${result.replaced ? 'replaced with a new draft' : 'drafted'} in ${result.dir}`);
        for (const source of result.sources) io.err(`  ${source.file} (${source.kind}) ← ${source.from}`);
        io.err(
          `  ${result.guideFile}: ${s.people} candidate people, ${s.figures} figures, ${s.quotations} quotations, ${s.questions} placeholder questions`,
        );
        io.err(
          `Next: review every item marked DRAFT, then run "studyguide check ${result.slug}" and "studyguide build ${result.slug}".`,
        );
      }
      setCode(EXIT.ok);
    },
  };
}
