/** The command line: parse flags, call the library, map errors to exit codes. */
import yargs, { type Argv } from 'yargs';
import { VERSION } from '../version.js';
import { buildCommand } from './commands/build.js';
import { checkCommand } from './commands/check.js';
import { doctorCommand } from './commands/doctor.js';
import { initCommand } from './commands/init.js';
import { previewCommand } from './commands/preview.js';
import { EXIT } from './exit-codes.js';
import { processOutput, reportThrown, type Output } from './report.js';

export interface MainOptions {
  /** Aborted on SIGINT/SIGTERM (see signals.ts): the build stops and the exit code becomes 130/143. */
  signal?: AbortSignal;
}

export async function main(argv: string[], io: Output = processOutput, options: MainOptions = {}): Promise<number> {
  let code: number = EXIT.ok;
  let usageError: string | undefined;
  const setCode = (c: number) => {
    code = c;
  };
  const cli: Argv = yargs()
    .scriptName('studyguide')
    .usage('$0 <command> [options]\n\nTurn source documents into printable classroom study guides.')
    .command(buildCommand(io, setCode, options.signal))
    .command(checkCommand(io, setCode))
    .command(initCommand(io, setCode))
    .command(previewCommand(io, setCode, options.signal))
    .command(doctorCommand(io, setCode))
    .demandCommand(1, 'Name a command: build, check, init, preview or doctor (see --help).')
    .strict()
    .recommendCommands()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .epilogue(
      'Exit codes: 0 success, 1 content or render errors, 2 usage errors, 3 internal error, 130/143 interrupted.\nDocs: README.md, docs/content-format.md, docs/errors.md',
    )
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      usageError = message;
    });
  try {
    // With a callback, yargs hands --help and --version text back instead of printing it itself.
    await cli.parseAsync(argv, {}, (_error, _args, output) => {
      if (output && !usageError) io.out(output);
    });
  } catch (error) {
    return reportThrown(error, io);
  }
  if (usageError) {
    io.err(`error: ${usageError}\nRun "studyguide --help" for usage.`);
    return EXIT.usage;
  }
  return code;
}
