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

function describeIssue(issue: z.core.$ZodIssue): { message: string; hint: string } {
  switch (issue.code) {
    case 'unrecognized_keys':
      return {
        message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        hint: 'check the spelling against docs/content-format.md, or remove the field.',
      };
    case 'invalid_type':
      if (issue.input === undefined) {
        return { message: 'this field is required', hint: `add it (expected ${issue.expected}).` };
      }
      return { message: `expected ${issue.expected}, got ${typeOf(issue.input)}`, hint: `write a ${issue.expected} here.` };
    case 'invalid_value':
      return {
        message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`,
        hint: 'use one of the listed values.',
      };
    case 'too_small':
      return { message: issue.message, hint: 'add the missing value or remove the field.' };
    case 'too_big':
      return { message: issue.message, hint: 'shorten it or split it up.' };
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
  const errors = result.error.issues.map((issue) => {
    const { message, hint } = describeIssue(issue);
    const field = formatFieldPath(issue.path);
    return new SchemaError(message, {
      location: { file: parsed.file, line: parsed.lineOf(issue.path), field },
      hint,
    });
  });
  return { errors };
}
