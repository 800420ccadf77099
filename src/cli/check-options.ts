/**
 * yargs' `.check()` for a command: the flags, mapped to the library's options, must pass the
 * library's option schema (one schema for the CLI and the API). The schema module loads zod, so it
 * is imported only when a command is about to run, never for --help or --version.
 */
import { isUserError } from '../errors.js';
import type { OptionSchemaName } from '../resolve-options.js';
import { CommandLineError } from './command-line-error.js';

export async function checkOptions(schema: OptionSchemaName, options: () => unknown): Promise<true> {
  const { OPTION_SCHEMAS, optionProblem } = await import('../resolve-options.js');
  let mapped: unknown;
  try {
    mapped = options();
  } catch (error) {
    // Mapping the flags may itself refuse one (a malformed --shard): a usage error too.
    if (isUserError(error)) throw new CommandLineError(`${error.message}${error.hint ? `\n  fix: ${error.hint}` : ''}`);
    throw error;
  }
  const problem = optionProblem(OPTION_SCHEMAS[schema], mapped, 'cli');
  if (problem) throw new CommandLineError(problem);
  return true;
}
