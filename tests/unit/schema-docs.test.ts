/** The zod schema is the single source of truth: the JSON Schemas and the docs' field reference follow it. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILES, jsonSchemaText, withFieldReference } from '../../src/content/json-schema.js';
import { GuideFrontMatter } from '../../src/content/schema.js';
import { ROOT } from '../helpers/paths.js';

describe('schema artefacts', () => {
  it.each(Object.keys(SCHEMA_FILES))('schema/%s is generated from the zod schema (run npm run schema)', (name) => {
    const committed = readFileSync(path.join(ROOT, 'schema', name), 'utf8');
    expect(committed).toBe(jsonSchemaText(name as keyof typeof SCHEMA_FILES));
  });

  it('docs/content-format.md holds the current field reference (run npm run schema)', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'content-format.md'), 'utf8');
    expect(doc).toBe(withFieldReference(doc));
  });

  it('documents every top-level guide field', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'content-format.md'), 'utf8');
    for (const key of Object.keys(GuideFrontMatter.shape)) expect(doc).toContain(`| \`${key}\` |`);
  });
});
