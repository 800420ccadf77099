/**
 * Every kind of bad input in tests/fixtures/bad/ and the exact text `studyguide check` prints for it.
 * Error text is interface: a change here is a change users see, and docs/errors.md must follow.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { reportThrown } from '../../src/cli/report.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { badCases, prepareCase } from './bad-cases.js';

/** What `check` prints on stderr, with the temp folder the case was copied to removed from paths. */
const EXPECTED: Record<string, { code: number; stderr: string }> = {
  'altered-quote': {
    code: 1,
    stderr:
      '✗ test-guide:\naltered-quote/content/test-guide/guide.md:18: error: the quote "leaving was the only choice" is not in source "notes": no part of its beginning was found there\n  field: people[0].facts[0].citations[0].quote\n  fix: copy the words exactly as they stand in altered-quote/content/test-guide/sources/notes.md (spelling, case and punctuation; spacing, curly quotes and dashes may differ).\n1 problem found.\n',
  },
  'bad-enum': {
    code: 1,
    stderr:
      '✗ test-guide:\nbad-enum/content/test-guide/guide.md:21: error: must be one of "recall", "understanding", "analysis", "evaluation", "creation"\n  field: questions[0].level\n  fix: use one of the listed values.\n1 problem found.\n',
  },
  'bad-id': {
    code: 1,
    stderr:
      '✗ test-guide:\nbad-id/content/test-guide/guide.md:10: error: use lower-case letters, digits and hyphens only (e.g. "news-feature")\n  field: people[0].id\n  fix: see docs/content-format.md for this field.\n1 problem found.\n',
  },
  'bad-nested-folder-name': {
    code: 1,
    stderr:
      '✗ Year 9/test-guide:\nbad-nested-folder-name/content/Year 9: error: the folder name "Year 9" above this guide is not valid for its outputs\n  fix: outputs mirror the folders above a guide: rename the folder using lower-case letters, digits and hyphens only, at most 64 characters (e.g. "year-9"), or start its name with "_" to leave the guides in it out.\n1 problem found.\n',
  },
  'bad-slug-folder-name': {
    code: 1,
    stderr:
      '✗ Test_Guide:\nbad-slug-folder-name/content/Test_Guide: error: the folder name "Test_Guide" is not a valid guide slug\n  fix: rename the folder using lower-case letters, digits and hyphens only, at most 64 characters (e.g. "last-men-in-aleppo").\n1 problem found.\n',
  },
  'bad-source-file-name': {
    code: 1,
    stderr:
      '✗ test-guide:\nbad-source-file-name/content/test-guide/sources/Field Notes.md: error: the source file name "Field Notes.md" is not a valid source id\n  fix: rename it using lower-case letters, digits and hyphens, ending in .md (e.g. "news-feature.md").\n1 problem found.\n',
  },
  'duplicate-person-id': {
    code: 1,
    stderr:
      '✗ test-guide:\nduplicate-person-id/content/test-guide/guide.md:19: error: two people share the id "volunteer"\n  field: people[1].id\n  fix: give each person a different id.\n1 problem found.\n',
  },
  'duplicate-slug': {
    code: 1,
    stderr:
      '✗ year-10/test-guide:\nduplicate-slug/content/year-10/test-guide: error: the slug "test-guide" is used by another guide too: duplicate-slug/content/year-9/test-guide\n  fix: a guide\'s folder name is its slug and must be unique under the content folder (its booklet is test-guide.pdf): rename one of the folders.\n✗ year-9/test-guide:\nduplicate-slug/content/year-9/test-guide: error: the slug "test-guide" is used by another guide too: duplicate-slug/content/year-10/test-guide\n  fix: a guide\'s folder name is its slug and must be unique under the content folder (its booklet is test-guide.pdf): rename one of the folders.\n2 problems found.\n',
  },
  'duplicate-yaml-key': {
    code: 1,
    stderr:
      '✗ test-guide:\nduplicate-yaml-key/content/test-guide/guide.md:27:1: error: invalid YAML: Map keys must be unique\n  fix: each field may appear once; remove or rename the repeated one.\n1 problem found.\n',
  },
  'empty-source': {
    code: 1,
    stderr:
      '✗ test-guide:\nempty-source/content/test-guide/sources/notes.md:6: error: the source has no text\n  fix: paste the source text, verbatim, below the closing "---".\n1 problem found.\n',
  },
  'inline-citation-unknown-source': {
    code: 1,
    stderr:
      '✗ test-guide:\ninline-citation-unknown-source/content/test-guide/guide.md:28: error: unknown source "interview" in an inline citation\n  field: (body)\n  fix: use one of the sources in sources/: notes.\n1 problem found.\n',
  },
  'js-front-matter': {
    code: 1,
    stderr:
      '✗ test-guide:\njs-front-matter/content/test-guide/guide.md:1:4: error: front matter in "js" is not allowed; only YAML is read\n  fix: remove the language after the opening "---" and write the front matter as YAML. Front matter is never run as code.\n1 problem found.\n',
  },
  'missing-required-field': {
    code: 1,
    stderr:
      '✗ test-guide:\nmissing-required-field/content/test-guide/guide.md:2: error: this field is required\n  field: audience\n  fix: add it (a string).\n1 problem found.\n',
  },
  'missing-template-field': {
    code: 1,
    stderr:
      '✗ test-guide:\nmissing-template-field/templates-merged/documents/synopsis.hbs:2:23: error: template documents/synopsis.hbs reads the field "director", which the content does not have\n  fix: fix the field name in the template, or guard it with {{#if}}; templates run in strict mode.\n1 problem found.\n',
  },
  'no-guides': {
    code: 1,
    stderr:
      'no-guides/content: error: no guides in this folder: none of its folders holds a guide.md\n  fix: a guide is a folder holding guide.md and sources/, such as no-guides/content/<slug>/guide.md, or in subfolders up to 5 deep, such as no-guides/content/year-9/<slug>/guide.md. Start one with "studyguide init <slug> --from <document>". Folders whose names start with "." or "_" are left out, and these hold guides: _drafts/test-guide.\n',
  },
  'no-front-matter': {
    code: 1,
    stderr:
      '✗ test-guide:\nno-front-matter/content/test-guide/guide.md:1:1: error: the file does not start with YAML front matter\n  fix: begin the file with a line "---", the YAML fields, and another line "---".\n1 problem found.\n',
  },
  'no-sources': {
    code: 1,
    stderr:
      '✗ test-guide:\nno-sources/content/test-guide/sources: error: the guide has no sources\n  fix: add one Markdown file per source document in sources/ (front matter: id, title, kind; the text verbatim below it).\nno-sources/content/test-guide/guide.md:17: error: unknown source "notes"\n  field: people[0].facts[0].citations[0].source\n  fix: use one of the sources in sources/: none.\nno-sources/content/test-guide/guide.md:25: error: unknown source "notes"\n  field: questions[0].citations[0].source\n  fix: use one of the sources in sources/: none.\n3 problems found.\n',
  },
  'nul-bytes': {
    code: 1,
    stderr:
      '✗ test-guide:\nnul-bytes/content/test-guide/sources/notes.md: error: the file contains NUL bytes; it is not a text file\n  fix: save it as UTF-8 text (.md or .txt).\n1 problem found.\n',
  },
  'source-id-mismatch': {
    code: 1,
    stderr:
      '✗ test-guide:\nsource-id-mismatch/content/test-guide/sources/notes.md:2: error: the id "field-notes" does not match the file name "notes.md"\n  field: id\n  fix: set id: notes, or rename the file to field-notes.md.\n1 problem found.\n',
  },
  'source-missing-field': {
    code: 1,
    stderr:
      '✗ test-guide:\nsource-missing-field/content/test-guide/sources/notes.md:2: error: this field is required\n  field: kind\n  fix: add it (one of "review", "synopsis", "article", "interview", "press-release", "summary", "transcript", "book", "other").\n1 problem found.\n',
  },
  'source-url-scheme': {
    code: 1,
    stderr:
      '✗ test-guide:\nsource-url-scheme/content/test-guide/sources/notes.md:5: error: must be a web address starting with http:// or https://\n  field: url\n  fix: write the address of a web page, starting with https:// (javascript:, file:, data: and other schemes are refused: they would become live links).\n1 problem found.\n',
  },
  'template-helper-not-text': {
    code: 1,
    stderr:
      '✗ test-guide:\nerror: the md helper takes text, not an object\n  fix: give {{md}} a text field (e.g. {{md description}}); an object or a list has no text to print.\n1 problem found.\n',
  },
  'too-large-file': {
    code: 1,
    stderr:
      '✗ test-guide:\ntoo-large-file/content/test-guide/sources/notes.md: error: the file is 8.0 MB; the limit is 8 MB\n  fix: split the source into several files or keep only the part the guide cites.\n1 problem found.\n',
  },
  'too-many-items': {
    code: 1,
    stderr:
      '✗ test-guide:\ntoo-many-items/content/test-guide/guide.md:27: error: too many items (21 found); the limit is 20\n  field: objectives\n  fix: split the guide in two, or keep the items that matter most.\n1 problem found.\n',
  },
  'too-long-field': {
    code: 1,
    stderr:
      '✗ test-guide:\ntoo-long-field/content/test-guide/guide.md:2: error: too long (208 characters); the limit is 200 characters\n  field: title\n  fix: shorten it; long texts belong in sources/.\n1 problem found.\n',
  },
  'unclosed-front-matter': {
    code: 1,
    stderr:
      '✗ test-guide:\nunclosed-front-matter/content/test-guide/guide.md:1: error: the front matter is not closed\n  fix: add a line "---" after the last YAML field.\n1 problem found.\n',
  },
  'uncovered-character': {
    code: 1,
    stderr:
      '✗ test-guide:\nuncovered-character/content/test-guide/guide.md:28:32: error: no bundled font has the characters "救" (U+6551), "援" (U+63F4)\n  fix: the bundled fonts cover Latin, Greek, Cyrillic, Vietnamese and Arabic scripts; replace or remove them so that nothing falls back to a font of the machine.\n1 problem found.\n',
  },
  'unknown-field': {
    code: 1,
    stderr:
      '✗ test-guide:\nunknown-field/content/test-guide/guide.md:27: error: unknown field "auther"\n  field: auther\n  fix: check the spelling against docs/content-format.md, or remove the field.\n1 problem found.\n',
  },
  'unknown-source-id': {
    code: 1,
    stderr:
      '✗ test-guide:\nunknown-source-id/content/test-guide/guide.md:25: error: unknown source "interview"\n  field: questions[0].citations[0].source\n  fix: use one of the sources in sources/: notes.\n1 problem found.\n',
  },
  'wrong-type': {
    code: 1,
    stderr:
      '✗ test-guide:\nwrong-type/content/test-guide/guide.md:5: error: expected number, got string\n  field: work.year\n  fix: write a number here.\n1 problem found.\n',
  },
  'yaml-alias-bomb': {
    code: 1,
    stderr:
      "✗ test-guide:\nyaml-alias-bomb/content/test-guide/guide.md:29: error: the front matter's YAML aliases (*name) expand too far; the limit is 100 expansions\n  fix: write the repeated values out instead of pointing at them with &anchors and *aliases.\n1 problem found.\n",
  },
  'yaml-syntax-error': {
    code: 1,
    stderr:
      '✗ test-guide:\nyaml-syntax-error/content/test-guide/guide.md:8:1: error: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]\n  fix: check the indentation and that every [ or { is closed.\n1 problem found.\n',
  },
};

let work: string;
beforeAll(async () => {
  work = await tempDir('studyguide-bad-');
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('check on every bad input prints exactly the message users see', () => {
  it('has an expected message for every case folder, and a folder for every message', async () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(await badCases());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(name, async () => {
      const { content, templates } = await prepareCase(name, work);
      const result = await runCli(['check', '--content', content, ...(templates ? ['--templates', templates] : [])]);
      expect(result.stderr.split(`${work}/`).join('')).toBe(expected.stderr);
      expect(result.code).toBe(expected.code);
      expect(result.stderr).not.toMatch(/^\s+at /m); // no stack trace for a user's mistake
    });
  }
});

describe('docs/errors.md', () => {
  it('has a section for every bad case, showing each of its messages and fixes word for word', async () => {
    const doc = await readFile(path.join(ROOT, 'docs', 'errors.md'), 'utf8');
    for (const [name, expected] of Object.entries(EXPECTED)) {
      const section = doc.split(/^### /m).find((s) => s.startsWith(`${name}\n`));
      expect(section, `docs/errors.md has no "### ${name}"`).toBeDefined();
      const told = expected.stderr
        .split('\n')
        .map((line) => /(?:error|fix|field): (.*)$/.exec(line)?.[1])
        .filter((text): text is string => text !== undefined)
        // Paths in the doc are shortened to content/...
        .map((text) => text.replace(/[a-z0-9-]+\/content\//g, 'content/'));
      for (const text of told) expect(section, `${name}: ${text}`).toContain(text);
    }
  });
});

describe('a bug inside the tool', () => {
  it('prints its stack, asks for a report and exits 3', () => {
    let err = '';
    const code = reportThrown(new TypeError('cannot read things of undefined'), {
      out: () => undefined,
      err: (t) => (err += t),
    });
    expect(code).toBe(EXIT.internal);
    expect(err).toMatch(
      /^internal error \(a bug in studyguide, not in your content\):\nTypeError: cannot read things of undefined\n\s+at /,
    );
    expect(err).toMatch(/Please report it with the command you ran\.$/);
  });
});
