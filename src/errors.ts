/**
 * One error family for the whole tool. A `StudyguideError` is a user's mistake
 * (or an environment problem the user can fix): it prints as a message with a
 * location and a hint, never a stack. Anything else that escapes is a bug.
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

export interface ErrorDetails {
  location?: Location;
  hint?: string;
  cause?: unknown;
}

export class StudyguideError extends Error {
  readonly kind: ErrorKind = 'content';
  readonly location: Location | undefined;
  readonly hint: string | undefined;

  constructor(message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.location = details.location;
    this.hint = details.hint;
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

/** An unexpected error inside the tool (a bug): kept with its stack, never shown as a user's mistake. */
export class InternalError extends StudyguideError {
  constructor(cause: unknown) {
    super(`internal error: ${String((cause as Error)?.message ?? cause)}`, { cause });
  }
}

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
  let out = location.file;
  if (location.line !== undefined) {
    out += `:${location.line}`;
    if (location.column !== undefined) out += `:${location.column}`;
  }
  return out;
}

/** The message a person reads: where, what, which field, and how to fix it. */
export function formatUserError(error: StudyguideError): string {
  if (error instanceof AggregateContentError) {
    return error.errors.map(formatUserError).join('\n\n');
  }
  const where = error.where;
  const lines = [`${where ? `${where}: ` : ''}error: ${error.message}`];
  if (error.location?.field) lines.push(`  field: ${error.location.field}`);
  if (error.hint) lines.push(`  fix: ${error.hint}`);
  return lines.join('\n');
}

/** Flatten aggregates into their individual errors. */
export function flattenErrors(error: StudyguideError): StudyguideError[] {
  return error instanceof AggregateContentError ? error.errors.flatMap(flattenErrors) : [error];
}

export function isUserError(error: unknown): error is StudyguideError {
  return error instanceof StudyguideError;
}
