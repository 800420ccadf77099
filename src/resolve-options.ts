/**
 * One schema for the options of every command, with the defaults in one place. The CLI and the
 * programmatic API resolve options the same way, once, before anything happens: a bad value is a
 * `UsageError` that names the option (as the API spells it, or as the flag), never half a build.
 */
import { z } from 'zod';
import { UsageError } from './errors.js';
import { nearestName } from './nearest-name.js';
import { GUIDE_FORMATS } from './content/guide-files.js';
import { DOCUMENTS, EDITIONS, FORMATS, PAPERS, defaultConcurrency } from './options.js';
import type { BuildEvent } from './build/build.js';
import type { BrowserPool } from './pdf/browser-pool.js';

/** Where a spelling of an option is reported: `paper` for the API, `--paper` for the CLI. */
export type Spelling = 'api' | 'cli';

interface FieldInfo {
  flag: string;
  /** What a valid value is: one text for both, or one for the API caller and one for the command line. */
  expect?: string | { api: string; cli: string };
}

const DEFAULT_TIMEOUT_MS = 60_000;
export const MAX_CONCURRENCY = 64;

const FIELDS: Record<string, FieldInfo> = {
  content: { flag: '--content' },
  out: { flag: '--out' },
  slugs: { flag: 'the guide slugs' },
  slug: { flag: 'the guide slug' },
  editions: { flag: '--edition' },
  paper: { flag: '--paper' },
  format: { flag: '--format' },
  largePrint: { flag: '--large-print' },
  documents: { flag: 'documents' },
  concurrency: {
    flag: '--concurrency',
    expect: `a whole number from 1 to ${MAX_CONCURRENCY}`,
  },
  browserWSEndpoint: {
    flag: '--browser-ws-endpoint',
    expect: 'a DevTools WebSocket URL (ws:// or wss://)',
  },
  executablePath: { flag: 'STUDYGUIDE_CHROME' },
  templatesDir: { flag: '--templates' },
  timeoutMs: {
    flag: '--timeout',
    expect: { api: 'a positive number of milliseconds', cli: 'a positive number of seconds' },
  },
  bail: { flag: '--bail' },
  force: { flag: '--force' },
  cache: { flag: '--cache' },
  shard: { flag: '--shard' },
  onEvent: { flag: 'onEvent', expect: 'a function' },
  pool: { flag: 'pool', expect: 'a BrowserPool' },
  signal: { flag: 'signal', expect: 'an AbortSignal' },
  port: { flag: '--port', expect: 'a whole number from 0 to 65535' },
  host: {
    flag: '--host',
    expect: {
      api: 'a loopback address, "127.0.0.1", "::1" or "localhost" (the preview serves on this computer only)',
      cli: 'a loopback address, 127.0.0.1, ::1 or localhost (the preview serves on this computer only)',
    },
  },
  from: { flag: '--from' },
  title: { flag: '--title' },
  debounceMs: { flag: 'debounceMs', expect: { api: 'a number of milliseconds from 0', cli: 'milliseconds' } },
};

const path = z.string().trim().min(1);
const concurrency = z.number().int().min(1).max(MAX_CONCURRENCY);
const timeoutMs = z.number().positive();
const wsEndpoint = z.string().regex(/^wss?:\/\/\S+$/);
const isFunction = (value: unknown): boolean => typeof value === 'function';

const shard = z
  .object({ index: z.number().int().min(1), total: z.number().int().min(1) })
  .strict()
  .refine((s) => s.index <= s.total, { message: 'index must be from 1 to total' });

/** What a build is asked to do; every field may be left out. */
export const BuildOptionsSchema = z
  .object({
    content: path.default('content'),
    out: path.default('output'),
    slugs: z.array(z.string()).default([]),
    editions: z.array(z.enum(EDITIONS)).default([]),
    paper: z.enum(PAPERS).default('a4'),
    format: z.enum(FORMATS).default('pdf'),
    largePrint: z.boolean().default(false),
    documents: z.array(z.enum(DOCUMENTS)).default([]),
    concurrency: concurrency.optional(),
    browserWSEndpoint: wsEndpoint.optional(),
    executablePath: path.optional(),
    templatesDir: path.optional(),
    timeoutMs: timeoutMs.default(DEFAULT_TIMEOUT_MS),
    bail: z.boolean().default(false),
    force: z.boolean().default(false),
    cache: z.boolean().default(true),
    shard: shard.optional(),
    onEvent: z.custom<(event: BuildEvent) => void>(isFunction).optional(),
    pool: z.custom<BrowserPool>((v) => typeof v === 'object' && v !== null && 'withPage' in v).optional(),
    signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
  })
  .strict();

export type BuildOptionsInput = z.input<typeof BuildOptionsSchema>;

/** Build options with every default filled in: what the rest of the build reads. */
export type ResolvedBuildOptions = Omit<
  z.output<typeof BuildOptionsSchema>,
  'concurrency' | 'editions' | 'documents'
> & {
  concurrency: number;
  editions: (typeof EDITIONS)[number][];
  documents: (typeof DOCUMENTS)[number][];
};

export const CheckOptionsSchema = BuildOptionsSchema.pick({
  content: true,
  slugs: true,
  templatesDir: true,
  editions: true,
  largePrint: true,
  paper: true,
}).strict();
export type CheckOptionsInput = z.input<typeof CheckOptionsSchema>;
export type ResolvedCheckOptions = z.output<typeof CheckOptionsSchema>;

export const PreviewOptionsSchema = z
  .object({
    content: path.default('content'),
    slug: z.string().optional(),
    paper: z.enum(PAPERS).default('a4'),
    templatesDir: path.optional(),
    port: z.number().int().min(0).max(65535).default(0),
    host: z.enum(['127.0.0.1', '::1', 'localhost']).default('127.0.0.1'),
    debounceMs: z.number().min(0).optional(),
    onChange: z.custom<(files: string[]) => void>(isFunction).optional(),
    onError: z.custom<(error: unknown) => void>(isFunction).optional(),
    onWatchError: z.custom<(message: string) => void>(isFunction).optional(),
  })
  .strict();
export type PreviewOptionsInput = z.input<typeof PreviewOptionsSchema>;
export type ResolvedPreviewOptions = z.output<typeof PreviewOptionsSchema>;

export const InitOptionsSchema = z
  .object({
    slug: z.string(),
    from: z.array(z.string()),
    content: path.default('content'),
    title: z.string().optional(),
    force: z.boolean().default(false),
    templatesDir: path.optional(),
    format: z.enum(GUIDE_FORMATS).default('md'),
  })
  .strict();
export type InitOptionsInput = z.input<typeof InitOptionsSchema>;
export type ResolvedInitOptions = z.output<typeof InitOptionsSchema>;

/** Validate and fill in build options. Throws a UsageError naming the first bad option. */
export function resolveBuildOptions(input: unknown = {}, spelling: Spelling = 'api'): ResolvedBuildOptions {
  const options = parseWith(BuildOptionsSchema, input, spelling);
  return {
    ...options,
    concurrency: options.concurrency ?? defaultConcurrency(),
    editions: options.editions.length > 0 ? [...new Set(options.editions)] : [...EDITIONS],
    documents: options.documents.length > 0 ? [...new Set(options.documents)] : [...DOCUMENTS],
  };
}

export function resolveCheckOptions(input: unknown = {}, spelling: Spelling = 'api'): ResolvedCheckOptions {
  return parseWith(CheckOptionsSchema, input, spelling);
}

export function resolvePreviewOptions(input: unknown = {}, spelling: Spelling = 'api'): ResolvedPreviewOptions {
  return parseWith(PreviewOptionsSchema, input, spelling);
}

export function resolveInitOptions(input: unknown, spelling: Spelling = 'api'): ResolvedInitOptions {
  return parseWith(InitOptionsSchema, input, spelling);
}

/** The first problem with these options, as a sentence, or undefined: for yargs' `.check()`. */
export function optionProblem(schema: z.ZodType, input: unknown, spelling: Spelling): string | undefined {
  const result = schema.safeParse(input);
  return result.success ? undefined : describeIssues(result.error.issues, input, spelling).message;
}

function parseWith<S extends z.ZodType>(schema: S, input: unknown, spelling: Spelling): z.output<S> {
  const given = input ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw new UsageError('options must be an object', { hint: 'pass an object such as { content: "content" }.' });
  }
  // `{ paper: undefined }` means the default, as leaving it out does.
  const cleaned = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const { message, hint } = describeIssues(result.error.issues, cleaned, spelling);
  throw new UsageError(message, { hint, cause: result.error });
}

function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  spelling: Spelling,
): { message: string; hint?: string } {
  const issue = issues[0];
  if (!issue) return { message: 'invalid options' };
  if (issue.code === 'unrecognized_keys') {
    const known = Object.keys(FIELDS);
    const key = issue.keys[0] ?? '';
    const near = nearestName(key, known);
    return {
      message: `unknown option "${key}"`,
      hint: near ? `did you mean "${near}"?` : `the options are: ${known.join(', ')}.`,
    };
  }
  const key = String(issue.path[0] ?? '');
  const info = FIELDS[key];
  const name = spelling === 'cli' ? (info?.flag ?? key) : key;
  const expected =
    (typeof info?.expect === 'string' ? info.expect : info?.expect?.[spelling]) ??
    ('values' in issue && Array.isArray(issue.values)
      ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
      : issue.message);
  const value = valueAt(input, issue.path);
  // The CLI's --timeout is in seconds, the API's timeoutMs in milliseconds.
  const given = show(spelling === 'cli' && key === 'timeoutMs' && typeof value === 'number' ? value / 1000 : value);
  return {
    message: `${name} must be ${expected}${given === undefined ? '' : `, not ${given}`}`,
    hint: key === 'shard' ? 'write i/n with whole numbers, 1 <= i <= n (e.g. 2/3).' : undefined,
  };
}

function valueAt(input: unknown, issuePath: readonly PropertyKey[]): unknown {
  let value = input;
  for (const part of issuePath) {
    value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[part] : undefined;
  }
  return value;
}

/** A given value as the message quotes it; undefined when quoting it would not help (NaN from "abc"). */
function show(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? undefined : String(value);
  try {
    const text = JSON.stringify(value);
    return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}

export const DoctorOptionsSchema = z
  .object({
    out: path.default('output'),
    templatesDir: path.optional(),
    executablePath: path.optional(),
    browserWSEndpoint: wsEndpoint.optional(),
    timeoutMs: timeoutMs.default(30_000),
  })
  .strict();
export type ResolvedDoctorOptions = z.output<typeof DoctorOptionsSchema>;

export function resolveDoctorOptions(input: unknown = {}, spelling: Spelling = 'api'): ResolvedDoctorOptions {
  return parseWith(DoctorOptionsSchema, input, spelling);
}

export const OPTION_SCHEMAS = {
  build: BuildOptionsSchema,
  check: CheckOptionsSchema,
  preview: PreviewOptionsSchema,
  init: InitOptionsSchema,
  doctor: DoctorOptionsSchema,
} as const;
export type OptionSchemaName = keyof typeof OPTION_SCHEMAS;
