/**
 * The command line is wrong (an unknown flag, a bad value). Thrown before any command handler
 * runs, so a mistyped option stops the command before anything is read, written, launched or
 * served; main() prints it with usage advice and exits 2.
 */
export class CommandLineError extends Error {
  override name = 'CommandLineError';
}
