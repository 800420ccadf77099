/** Turn zod issues into schema errors that name the file, the line and the field. */
import type { z } from 'zod';
import { SchemaError } from '../errors.js';
import type { ParsedFile } from './parse-front-matter.js';

export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(front matter)';
}

function describeIssue(issue: z.core.$ZodIssue, missing: boolean, value: unknown): { message: string; hint: string } {
  if (missing) {
    const expected =
      issue.code === 'invalid_value'
        ? `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
        : issue.code === 'invalid_type'
          ? `a ${issue.expected}`
          : 'a value';
    return { message: 'this field is required', hint: `add it (${expected}).` };
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        hint: 'check the spelling against docs/content-format.md, or remove the field.',
      };
    case 'invalid_type':
      return {
        message: `expected ${issue.expected}, got ${typeOf(issue.input)}`,
        hint: `write a ${issue.expected} here.`,
      };
    case 'invalid_value':
      return {
        message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        hint: 'use one of the listed values.',
      };
    case 'invalid_format':
      if (issue.format === 'url') {
        return {
          message: issue.message,
          hint: 'write the address of a web page, starting with https:// (javascript:, file:, data: and other schemes are refused: they would become live links).',
        };
      }
      return { message: issue.message, hint: 'see docs/content-format.md for this field.' };
    case 'too_small':
      if (issue.origin === 'array') {
        return {
          message: `needs at least ${String(issue.minimum)} item${Number(issue.minimum) === 1 ? '' : 's'}`,
          hint: 'add the missing items.',
        };
      }
      return { message: issue.message, hint: 'add the missing value or remove the field.' };
    case 'too_big':
      // Limits keep a guide printable in bounded time and memory; say which one was hit.
      if (issue.origin === 'array') {
        const count = Array.isArray(value) ? ` (${value.length} found)` : '';
        return {
          message: `too many items${count}; the limit is ${String(issue.maximum)}`,
          hint: 'split the guide in two, or keep the items that matter most.',
        };
      }
      if (issue.origin === 'string') {
        const length = typeof value === 'string' ? ` (${[...value.trim()].length} characters)` : '';
        return {
          message: `too long${length}; the limit is ${String(issue.maximum)} characters`,
          hint: 'shorten it; long texts belong in sources/.',
        };
      }
      return { message: `too large: the limit is ${String(issue.maximum)}`, hint: 'use a smaller value.' };
    default:
      return { message: issue.message, hint: 'see docs/content-format.md for this field.' };
  }
}

function typeOf(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

export function validateFrontMatter<S extends z.ZodType>(
  schema: S,
  parsed: ParsedFile,
): { data?: z.output<S>; errors: SchemaError[] } {
  const result = schema.safeParse(parsed.data, { reportInput: true });
  if (result.success) return { data: result.data, errors: [] };
  const errors = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      // One error per unknown field, at the field's own line.
      return issue.keys.map((key) => {
        const path = [...issue.path, key];
        return new SchemaError(`unknown field "${key}"`, {
          location: { file: parsed.file, line: parsed.lineOf(path), field: formatFieldPath(path) },
          hint: 'check the spelling against docs/content-format.md, or remove the field.',
        });
      });
    }
    const { message, hint } = describeIssue(
      issue,
      isMissing(parsed.data, issue.path),
      valueAt(parsed.data, issue.path),
    );
    const field = formatFieldPath(issue.path);
    return [
      new SchemaError(message, {
        location: { file: parsed.file, line: parsed.lineOf(issue.path), field },
        hint,
      }),
    ];
  });
  return { errors };
}

/** Whether the field at `path` is absent (its parent exists and lacks the key). */
function isMissing(data: unknown, path: readonly PropertyKey[]): boolean {
  if (path.length === 0) return data === undefined || data === null;
  let node: unknown = data;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  const last = path[path.length - 1] as PropertyKey;
  return node !== null && typeof node === 'object' && !Array.isArray(node) && !Object.hasOwn(node, last);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node;
}
