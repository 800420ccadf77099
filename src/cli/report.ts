/**
 * How errors reach a person or a program: user mistakes as messages (with their causes,
 * no stack), bugs with their stacks; one JSON shape for `build --json` and `check --json`;
 * GitHub Actions annotations.
 */
import path from 'node:path';
import {
  causeChain,
  flattenErrors,
  formatLocation,
  formatUserError,
  InternalError,
  isUserError,
  UsageError,
  type ErrorKind,
  type ReportedError,
} from '../errors.js';
import { EXIT } from './exit-codes.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * C0 and C1 control characters (all but the line feed, which separates the lines the tool writes),
 * DEL, and the bidirectional overrides and isolates: what a title, a person's name, a file name or an
 * option value could use to move the cursor, clear the screen, write the clipboard (OSC 52), ring the
 * bell, overwrite a line (CR, backspace) or make text read other than it is.
 */
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text as it may reach a terminal: every character of UNPRINTABLE shown as its `\u001b` escape.
 * JSON stays valid JSON with the same meaning (controls only occur inside its strings, where
 * `\u001b` is the same character), and GitHub annotations keep their own escaping.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** An output whose every line goes through `printable`: the one gate between the tool and a terminal. */
export function printableOutput(io: Output): Output {
  return { out: (text) => io.out(printable(text)), err: (text) => io.err(printable(text)) };
}

/** The process's stdout and stderr, through `printable`. */
export const processOutput: Output = printableOutput({
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});

/** A user's mistake as its message; a bug as a bug report with its stack. */
export function describeError(error: ReportedError): string {
  return isUserError(error) ? formatUserError(error) : bugReport(error);
}

/** The stack of a bug and of each of its causes, and a request to report it. */
export function bugReport(error: unknown): string {
  const where = error instanceof InternalError ? bugPlace(error) : undefined;
  return [
    'internal error (a bug in studyguide, not in your content):',
    bugStack(error),
    ...(where ? [`It happened while building ${where}.`] : []),
    'Please report it with the command you ran.',
  ].join('\n');
}

/**
 * The stack of the error that went wrong, then "caused by:" and the stack of each cause.
 * An `InternalError` is only a wrapper: its own stack (where it was wrapped) says nothing.
 */
export function bugStack(error: unknown): string {
  const root = error instanceof InternalError && error.cause !== undefined ? error.cause : error;
  const first = root instanceof Error ? (root.stack ?? `${root.name}: ${root.message}`) : String(root);
  const causes = root instanceof Error ? causeChain(root, { all: true }) : [];
  return [first, ...causes.map((c) => `caused by: ${c.stack ?? `${c.name}: ${c.message}`}`)].join('\n');
}

function bugPlace(error: InternalError): string | undefined {
  const where = formatLocation(error.location);
  const job = error.job ? `${error.job.document}, ${error.job.variant}` : undefined;
  if (where && job) return `${where} (${job})`;
  return where ?? job;
}

/** Whether an error is a bug in the tool: anything that is not a user's mistake. */
export function isBug(error: unknown): boolean {
  return !isUserError(error);
}

/**
 * 3 when any guide failed because of a bug in the tool, 1 when any failed otherwise (or the build as
 * a whole had an error, such as a build cache it could not save), else 0.
 */
export function buildExitCode(result: {
  failed: number;
  guides: ReadonlyArray<{ errors: readonly ReportedError[] }>;
  errors?: readonly ReportedError[];
}): number {
  const buildErrors = result.errors ?? [];
  if (result.guides.some((g) => g.errors.some(isBug)) || buildErrors.some(isBug)) return EXIT.internal;
  return result.failed > 0 || buildErrors.length > 0 ? EXIT.content : EXIT.ok;
}

/** Print an error thrown out of a command and return the exit code. */
export function reportThrown(error: unknown, io: Output, env: NodeJS.ProcessEnv = process.env): number {
  if (isUserError(error)) {
    io.err(formatUserError(error));
    // One error for the whole command (no browser, no guides): one annotation for it, too.
    if (env.GITHUB_ACTIONS === 'true') io.err(githubAnnotation(error));
    return error instanceof UsageError ? EXIT.usage : EXIT.content;
  }
  io.err(bugReport(error));
  return EXIT.internal;
}

/** One error in `build --json` and `check --json` (documented in docs/ci.md). */
export interface ErrorJson {
  kind: ErrorKind | 'internal';
  message: string;
  hint: string | null;
  file: string | null;
  line: number | null;
  column: number | null;
  field: string | null;
  /** The document and variant being printed when it happened (build only). */
  document: string | null;
  variant: string | null;
  /** What the error came from, nearest first. */
  causes: Array<{ name: string; message: string }>;
  /** True for a bug in studyguide (exit 3); then `stack` holds the stacks. */
  internal: boolean;
  stack?: string;
}

export function errorJson(error: ReportedError): ErrorJson {
  const loc = error.location;
  const internal = isBug(error);
  return {
    kind: error.kind,
    message: error.message,
    hint: error.hint ?? null,
    file: loc?.file ?? null,
    line: loc?.line ?? null,
    column: loc?.column ?? null,
    field: loc?.field ?? null,
    document: error.job?.document ?? null,
    variant: error.job?.variant ?? null,
    causes: causeChain(error, { all: true }).map((c) => ({ name: c.name, message: c.message })),
    internal,
    ...(internal ? { stack: bugStack(error) } : {}),
  };
}

/** Every error of a guide as JSON, aggregates listed one by one. */
export function errorsJson(errors: readonly ReportedError[]): ErrorJson[] {
  return errors.flatMap((e): ReportedError[] => (isUserError(e) ? flattenErrors(e) : [e])).map(errorJson);
}

export interface AnnotationEnv {
  /** The repository checkout; annotation paths are relative to it (GitHub's `GITHUB_WORKSPACE`). */
  workspace?: string;
  /** Current folder, which relative paths in errors are relative to. */
  cwd?: string;
  /** `path.win32` on Windows (tests pass it explicitly). */
  paths?: path.PlatformPath;
}

/**
 * A file as GitHub wants it in an annotation: relative to the workspace, with forward
 * slashes. A file outside the workspace keeps its absolute path.
 */
export function annotationPath(file: string, env: AnnotationEnv = {}): string {
  const paths = env.paths ?? path;
  const cwd = env.cwd ?? process.cwd();
  const absolute = paths.resolve(cwd, file);
  // Outside Actions (no GITHUB_WORKSPACE) the current folder stands in for the workspace.
  const workspace = paths.resolve(cwd, env.workspace ?? process.env.GITHUB_WORKSPACE ?? cwd);
  const relative = paths.relative(workspace, absolute);
  const inside =
    relative !== '' && relative !== '..' && !relative.startsWith(`..${paths.sep}`) && !paths.isAbsolute(relative);
  const out = inside ? relative : absolute;
  return paths.sep === '\\' ? out.replace(/\\/g, '/') : out;
}

/** `::error file=…,line=…,col=…,title=…::message` for GitHub Actions (workflow-command escaping). */
export function githubAnnotation(error: ReportedError, env: AnnotationEnv = {}): string {
  const loc = error.location;
  const bug = isBug(error);
  const field = loc?.field ? ` at ${loc.field}` : '';
  const title = bug ? 'studyguide: internal error (a bug in studyguide)' : `studyguide: ${error.kind} error${field}`;
  const props = [
    loc?.file && `file=${escapeProperty(annotationPath(loc.file, env))}`,
    loc?.line && `line=${loc.line}`,
    loc?.column && `col=${loc.column}`,
    `title=${escapeProperty(title)}`,
  ]
    .filter(Boolean)
    .join(',');
  const lines = [error.message];
  if (loc?.field) lines.push(`field: ${loc.field}`);
  if (error.hint) lines.push(`fix: ${error.hint}`);
  for (const cause of causeChain(error)) lines.push(`cause: ${cause.message} (via ${cause.name})`);
  if (bug) lines.push('Please report it with the command you ran; the log has the stack.');
  return `::error ${props}::${escapeData(lines.join('\n'))}`;
}

/** As @actions/core escapes a command's message. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
/** As @actions/core escapes a command's property values. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
