#!/usr/bin/env node
// Regenerate schema/*.schema.json and the field reference in docs/content-format.md
// from the zod schema (npm run schema). Tests fail when these are out of date.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { SCHEMA_FILES, jsonSchemaText, withFieldReference } from '../dist/content/json-schema.js';

mkdirSync(new URL('../schema/', import.meta.url), { recursive: true });
for (const name of Object.keys(SCHEMA_FILES)) {
  writeFileSync(new URL(`../schema/${name}`, import.meta.url), jsonSchemaText(name));
  process.stderr.write(`wrote schema/${name}\n`);
}
const doc = new URL('../docs/content-format.md', import.meta.url);
writeFileSync(doc, withFieldReference(readFileSync(doc, 'utf8')));
process.stderr.write('updated docs/content-format.md\n');
