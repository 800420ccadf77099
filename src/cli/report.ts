/** How errors reach a person: user mistakes as messages, bugs with their stack. */
import { formatUserError, InternalError, isUserError, UsageError, type StudyguideError } from '../errors.js';
import { EXIT } from './exit-codes.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export function describeError(error: StudyguideError): string {
  if (error instanceof InternalError) return bugReport(error.cause ?? error);
  return formatUserError(error);
}

export function bugReport(error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `internal error (a bug in studyguide, not in your content):\n${stack}\nPlease report it with the command you ran.`;
}

/** 3 when any guide failed because of a bug in the tool, 1 when any failed otherwise, else 0. */
export function buildExitCode(result: {
  failed: number;
  guides: ReadonlyArray<{ errors: readonly StudyguideError[] }>;
}): number {
  if (result.guides.some((g) => g.errors.some((e) => e instanceof InternalError))) return EXIT.internal;
  return result.failed > 0 ? EXIT.content : EXIT.ok;
}

/** Print an error thrown out of a command and return the exit code. */
export function reportThrown(error: unknown, io: Output): number {
  if (isUserError(error)) {
    io.err(formatUserError(error));
    return error instanceof UsageError ? EXIT.usage : EXIT.content;
  }
  io.err(bugReport(error));
  return EXIT.internal;
}

/** `::error file=…,line=…::message` lines for GitHub Actions. */
export function githubAnnotation(error: StudyguideError): string {
  const loc = error.location;
  const props = [
    loc?.file && `file=${escapeProperty(loc.file)}`,
    loc?.line && `line=${loc.line}`,
    loc?.column && `col=${loc.column}`,
  ]
    .filter(Boolean)
    .join(',');
  const message = `${error.message}${error.hint ? ` (fix: ${error.hint})` : ''}`;
  return `::error${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
