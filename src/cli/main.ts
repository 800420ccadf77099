/** The command line: parse flags, call the library, map errors to exit codes. */
import yargs, { type Argv } from 'yargs';
import { VERSION } from '../version.js';
import { BUILD_FLAGS, buildCommand } from './commands/build.js';
import { CHECK_FLAGS, checkCommand } from './commands/check.js';
import { DOCTOR_FLAGS, doctorCommand } from './commands/doctor.js';
import { INIT_FLAGS, initCommand } from './commands/init.js';
import { PREVIEW_FLAGS, previewCommand } from './commands/preview.js';
import { EXIT } from './exit-codes.js';
import { CommandLineError } from './command-line-error.js';
import { printableOutput, processOutput, reportThrown, type Output } from './report.js';
import { suggestOptions } from './suggest.js';

export interface MainOptions {
  /** Aborted on SIGINT/SIGTERM (see signals.ts): the build stops and the exit code becomes 130/143. */
  signal?: AbortSignal;
}

export async function main(argv: string[], output: Output = processOutput, options: MainOptions = {}): Promise<number> {
  // Every line any command prints passes here: control characters and bidi overrides are escaped.
  const io = printableOutput(output);
  let code: number = EXIT.ok;
  /** yargs says "Did you mean build?" first, then "Unknown argument: biuld": both are printed. */
  let recommendation: string | undefined;
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
    .fail((message: string | null | undefined, error: Error | undefined) => {
      // yargs' own findings come with a message, a `.check()` that throws with its error.
      if (error instanceof CommandLineError) throw error;
      const text = message ?? error?.message ?? 'the command line is not valid';
      if (/^Did you mean /.test(text)) {
        recommendation = text;
        return;
      }
      throw new CommandLineError(text);
    });
  try {
    // With a callback, yargs hands --help and --version text back instead of printing it itself.
    await cli.parseAsync(argv, {}, (_error, _args, output) => {
      if (output) io.out(output);
    });
  } catch (error) {
    if (!(error instanceof CommandLineError)) return reportThrown(error, io);
    const lines = [`error: ${error.message}`, ...suggestOptions(error.message, argv, FLAGS), recommendation].filter(
      Boolean,
    );
    io.err(
      `${lines.join('\n')}\nRun "studyguide ${commandOf(argv) ?? ''}${commandOf(argv) ? ' ' : ''}--help" for usage.`,
    );
    return EXIT.usage;
  }
  if (recommendation) {
    io.err(`error: unknown command "${argv[0] ?? ''}"\n${recommendation}\nRun "studyguide --help" for usage.`);
    return EXIT.usage;
  }
  return code;
}

/** Each command's flags, for "Did you mean --title?". */
const FLAGS: Record<string, readonly string[]> = {
  build: Object.keys(BUILD_FLAGS),
  check: Object.keys(CHECK_FLAGS),
  init: Object.keys(INIT_FLAGS),
  preview: Object.keys(PREVIEW_FLAGS),
  doctor: Object.keys(DOCTOR_FLAGS),
};

function commandOf(argv: readonly string[]): string | undefined {
  return Object.keys(FLAGS).find((c) => c === argv[0]);
}
