/** "Did you mean --title?" for options yargs does not know (it suggests commands, not options). */
import { nearestName } from '../nearest-name.js';

const UNKNOWN = /^Unknown arguments?: (.+)$/m;
/** yargs: `Argument: paper, Given: "legal", Choices: "a4", "letter"` (one line per bad value). */
const INVALID_CHOICE = /^\s*Argument: ([\w-]+), Given: "([^"]*)", Choices: (.+)$/gm;

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
  for (const [, flag, given = '', choices = ''] of message.matchAll(INVALID_CHOICE)) {
    const near = nearestName(
      given,
      [...choices.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? ''),
    );
    if (near) lines.push(`Did you mean --${flag} ${near}?`);
  }
  for (const name of names) {
    if (!typed.has(name)) continue; // yargs also lists the camelCase twin of a kebab-case flag
    const near = nearestName(name, known);
    if (near) lines.push(`Did you mean --${near}?`);
  }
  return lines;
}
