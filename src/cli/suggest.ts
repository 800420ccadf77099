/** "Did you mean --title?" for options yargs does not know (it suggests commands, not options). */
import { nearestName } from '../nearest-name.js';

const UNKNOWN = /^Unknown arguments?: (.+)$/m;

/**
 * One "Did you mean --x?" line per mistyped flag of the command line, from the flags the command
 * (`flags[argv[0]]`) knows. Words that were not typed as flags (a mistyped command) get none.
 */
export function suggestOptions(
  message: string,
  argv: readonly string[],
  flags: Readonly<Record<string, readonly string[]>>,
): string[] {
  const names = UNKNOWN.exec(message)?.[1]?.split(', ') ?? [];
  const known = [...(flags[argv[0] ?? ''] ?? []), 'help', 'version'];
  const typed = new Set(
    argv.filter((a) => a.startsWith('-')).map((a) => a.replace(/^--?(no-)?/, '').replace(/=.*$/, '')),
  );
  const lines: string[] = [];
  for (const name of names) {
    if (!typed.has(name)) continue; // yargs also lists the camelCase twin of a kebab-case flag
    const near = nearestName(name, known);
    if (near) lines.push(`Did you mean --${near}?`);
  }
  return lines;
}
