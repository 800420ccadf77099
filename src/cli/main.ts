/** The command line: parse flags, call the library, map errors to exit codes. */
import yargs, { type Argv } from 'yargs';
import { VERSION } from '../version.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { EXIT } from './exit-codes.js';
import { processOutput, reportThrown, type Output } from './report.js';

export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  let code: number = EXIT.ok;
  let usageError: string | undefined;
  const setCode = (c: number) => {
    code = c;
  };
  const cli: Argv = yargs(argv)
    .scriptName('studyguide')
    .usage('$0 <command> [options]\n\nTurn source documents into printable classroom study guides.')
    .command(buildCommand(io, setCode))
    .command(checkCommand(io, setCode))
    .demandCommand(1, 'Name a command: build, check (see --help).')
    .strict()
    .recommendCommands()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 content or render errors, 2 usage errors, 3 internal error, 130/143 interrupted.\nDocs: README.md, docs/content-format.md, docs/errors.md')
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      usageError = message;
    });
  try {
    await cli.parseAsync();
  } catch (error) {
    return reportThrown(error, io);
  }
  if (usageError) {
    io.err(`error: ${usageError}\nRun "studyguide --help" for usage.`);
    return EXIT.usage;
  }
  return code;
}
