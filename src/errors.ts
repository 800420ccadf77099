/**
 * One error family for the whole tool. A `StudyguideError` is a user's mistake
 * (or an environment problem the user can fix): it prints as a message with a
 * location and a hint, never a stack. An `InternalError` wraps a bug: it is not
 * a `StudyguideError`, so nothing can mistake it for a user's mistake (exit 3,
 * stack printed). Anything else that escapes is a bug too.
 */

export interface Location {
  /** Path of the file, as given to the tool (relative paths stay relative). */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** Dotted field path inside front matter, e.g. `people[2].facts[0].quote`. */
  field?: string;
}

export type ErrorKind =
  'front-matter' | 'schema' | 'citation' | 'template' | 'render' | 'output' | 'usage' | 'content' | 'browser' | 'limit';

/** The document being printed when an error happened (build only). */
export interface ErrorJob {
  document: string;
  /** Output folder of the variant: `student`, `teacher-large-print`... */
  variant: string;
}

export interface ErrorDetails {
  location?: Location;
  hint?: string;
  cause?: unknown;
  /**
   * The message says, in people's words, all that the cause says (a YAML or Handlebars
   * error restated): the cause is kept (JSON, bug reports) but not printed again.
   */
  restatesCause?: boolean;
  job?: ErrorJob;
}

export class StudyguideError extends Error {
  readonly kind: ErrorKind = 'content';
  readonly location: Location | undefined;
  readonly hint: string | undefined;
  readonly job: ErrorJob | undefined;
  readonly restatesCause: boolean;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.location = details.location;
    this.hint = details.hint;
    this.job = details.job;
    this.restatesCause = details.restatesCause ?? false;
  }

  /** `file:line:column` (as much as is known), or undefined. */
  get where(): string | undefined {
    return formatLocation(this.location);
  }
}

export class FrontMatterError extends StudyguideError {
  override readonly kind = 'front-matter';
}
export class SchemaError extends StudyguideError {
  override readonly kind = 'schema';
}
export class CitationError extends StudyguideError {
  override readonly kind = 'citation';
}
export class ContentError extends StudyguideError {
  override readonly kind = 'content';
}
export class TemplateError extends StudyguideError {
  override readonly kind = 'template';
}
export class RenderError extends StudyguideError {
  override readonly kind = 'render';
}
export class OutputError extends StudyguideError {
  override readonly kind = 'output';
}
export class UsageError extends StudyguideError {
  override readonly kind = 'usage';
}
export class BrowserError extends StudyguideError {
  override readonly kind = 'browser';
}
export class LimitError extends StudyguideError {
  override readonly kind = 'limit';
}

/**
 * An unexpected error inside the tool (a bug): kept with its cause and stack, never
 * shown as a user's mistake. Deliberately not a `StudyguideError`: `isUserError` is
 * false for it, so every path that maps errors to exit codes treats it as a bug.
 * It has the same reading fields (kind, location, hint, job) so that reports list
 * both alike.
 */
export class InternalError extends Error {
  readonly kind = 'internal';
  readonly location: Location | undefined;
  readonly hint: string | undefined = undefined;
  readonly job: ErrorJob | undefined;

  constructor(cause: unknown, details: Pick<ErrorDetails, 'location' | 'job'> = {}) {
    super(`internal error: ${causeMessage(cause)}`, { cause });
    this.name = 'InternalError';
    this.location = details.location;
    this.job = details.job;
  }

  /** The error as a bug: unchanged when it already is one. */
  static from(error: unknown, details: Pick<ErrorDetails, 'location' | 'job'> = {}): InternalError {
    return error instanceof InternalError ? error : new InternalError(error, details);
  }
}

/** Anything a build or check reports for a guide: a user's mistake or a bug. */
export type ReportedError = StudyguideError | InternalError;

/** Several problems found in one pass (e.g. `check` reports every problem, not only the first). */
export class AggregateContentError extends StudyguideError {
  override readonly kind = 'content';
  readonly errors: StudyguideError[];
  constructor(errors: StudyguideError[]) {
    super(`${errors.length} problem${errors.length === 1 ? '' : 's'} found`);
    this.errors = errors;
  }
}

export function formatLocation(location: Location | undefined): string | undefined {
  if (!location) return undefined;
  // A line break in a file or folder name would start a line of its own (a fake "✓ ok" line).
  let out = location.file.replace(/\n/g, '\\n');
  if (location.line !== undefined) {
    out += `:${location.line}`;
    if (location.column !== undefined) out += `:${location.column}`;
  }
  return out;
}

/**
 * The message a person reads: where, what, which field, how to fix it, and what it
 * came from: each cause's message with its kind, as Eleventy prints "(via …)". No stack.
 */
export function formatUserError(error: StudyguideError): string {
  if (error instanceof AggregateContentError) {
    return error.errors.map(formatUserError).join('\n\n');
  }
  const where = error.where;
  const lines = [`${where ? `${where}: ` : ''}error: ${error.message}`];
  for (const cause of causeChain(error)) lines.push(`  cause: ${cause.message} (via ${cause.name})`);
  if (error.location?.field) lines.push(`  field: ${error.location.field}`);
  if (error.hint) lines.push(`  fix: ${error.hint}`);
  return lines.join('\n');
}

export interface CauseLink {
  /** The cause's class (`Error`, `TimeoutError`, `RenderError`...), or its type when it is not an Error. */
  name: string;
  message: string;
  /** Its stack, when it has one. */
  stack: string | undefined;
}

/**
 * The causes of an error, nearest first, as a person reads them: the first line of each
 * message. A cause the error restates (`restatesCause`), or whose message the error's
 * message already begins with (the build adds where a printing error happened and keeps
 * the original as its cause), says nothing new and is left out; `{ all: true }` keeps
 * restated causes too, with their whole messages (for JSON and bug reports). Cycles end
 * the chain, and so do 10 links.
 */
export function causeChain(error: Error, options: { all?: boolean } = {}): CauseLink[] {
  const links: CauseLink[] = [];
  const seen = new Set<unknown>([error]);
  let holder: unknown = error;
  for (let cause = error.cause; cause !== undefined && cause !== null && links.length < 10;) {
    if (seen.has(cause)) break;
    seen.add(cause);
    const message = causeMessage(cause);
    const said = holder instanceof Error ? holder.message : '';
    const repeated = message !== '' && said.startsWith(message);
    const restated = holder instanceof StudyguideError && holder.restatesCause;
    if (!repeated && (options.all || !restated)) {
      links.push({
        name: cause instanceof Error ? cause.name : typeof cause,
        message: (options.all ? message : (message.split('\n')[0] ?? '').trim()) || '(no message)',
        stack: cause instanceof Error ? cause.stack : undefined,
      });
    }
    holder = cause;
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return links;
}

function causeMessage(cause: unknown): string {
  if (cause instanceof Error) return cause.message;
  if (typeof cause === 'object' && cause !== null && typeof (cause as { message?: unknown }).message === 'string') {
    return (cause as { message: string }).message;
  }
  return String(cause);
}

/** Flatten aggregates into their individual errors. */
export function flattenErrors(error: StudyguideError): StudyguideError[] {
  return error instanceof AggregateContentError ? error.errors.flatMap(flattenErrors) : [error];
}

/** A user's mistake (exit 1 or 2, no stack). False for `InternalError` and anything else: those are bugs. */
export function isUserError(error: unknown): error is StudyguideError {
  return error instanceof StudyguideError;
}
