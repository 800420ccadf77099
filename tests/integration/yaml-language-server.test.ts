/**
 * Validation while typing, for real: yaml-language-server (what VS Code's YAML
 * extension runs) with our schema, configured the way docs/content-format.md
 * tells teachers to: the shipped .vscode/settings.json, or the modeline that
 * `init --format yaml` writes.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitGuideMarkdown, yamlFormFiles } from '../../src/content/guide-files.js';
import { ROOT, tempDir } from '../helpers/paths.js';
import { YamlLanguageServer, type Diagnostic } from '../helpers/yaml-language-server.js';

const BUNDLED = path.join(ROOT, 'content', 'last-men-in-aleppo', 'guide.md');

async function bundledGuideYaml(): Promise<string> {
  const split = splitGuideMarkdown(await readFile(BUNDLED, 'utf8'));
  if (!split) throw new Error('the bundled guide.md has no front matter');
  return split.yaml;
}

/** 0-based line of the first line containing `marker`. */
function lineOf(text: string, marker: string): number {
  const line = text.split('\n').findIndex((l) => l.includes(marker));
  if (line < 0) throw new Error(`"${marker}" is not in the text`);
  return line;
}

const at = (diagnostics: Diagnostic[]) =>
  diagnostics.map((d) => ({ line: d.range.start.line, message: d.message })).sort((a, b) => a.line - b.line);

describe('guide.yaml in the repository, with the shipped .vscode/settings.json', () => {
  let server: YamlLanguageServer;
  const file = (name: string) => path.join(ROOT, 'content', name, 'guide.yaml');

  beforeAll(async () => {
    const settings = JSON.parse(await readFile(path.join(ROOT, '.vscode', 'settings.json'), 'utf8')) as {
      'yaml.schemas': Record<string, string | string[]>;
    };
    server = await YamlLanguageServer.start(ROOT, { schemas: settings['yaml.schemas'] });
  });
  afterAll(() => server.close());

  it('reports nothing for the bundled guide split into guide.yaml', async () => {
    expect(await server.diagnostics(file('lsp-valid'), await bundledGuideYaml())).toEqual([]);
  });

  it('underlines a misspelt field, a value outside an enum and a wrong type, each at its line', async () => {
    const text = (await bundledGuideYaml())
      .replace(/^subtitle:/m, 'subtitel:')
      .replace('    level: recall', '    level: recal')
      .replace('  year: 2017', '  year: "2017"');
    const diagnostics = at(await server.diagnostics(file('lsp-invalid'), text));
    expect(diagnostics).toEqual([
      { line: lineOf(text, 'subtitel:'), message: 'Property subtitel is not allowed.' },
      { line: lineOf(text, '  year: "2017"'), message: 'Incorrect type. Expected "integer".' },
      {
        line: lineOf(text, '    level: recal'),
        message:
          'Value is not accepted. Valid values: "recall", "understanding", "analysis", "evaluation", "creation".',
      },
    ]);
  });

  it('says which required field is missing', async () => {
    const text = 'title: A guide\nwork:\n  title: A film\n  kind: documentary\naudience: Grade 9\n';
    const diagnostics = await server.diagnostics(file('lsp-missing'), text);
    expect(diagnostics.map((d) => d.message)).toEqual(['Missing property "advisory".']);
  });

  it('offers the person fields inside people:', async () => {
    const text = 'title: A guide\npeople:\n  - id: khaled\n    \n';
    const labels = await server.complete(file('lsp-complete'), text, 3, 4);
    expect(labels).toEqual(expect.arrayContaining(['name', 'aliases', 'role', 'description', 'facts']));
    expect(labels).not.toContain('id');
    expect(labels).not.toContain('subtitle');
  });

  it("shows a field's description on hover", async () => {
    const text = 'title: A guide\nadvisory: Scenes of war.\n';
    expect(await server.hover(file('lsp-hover'), text, 1, 2)).toContain('Content advisory for teachers and families.');
  });

  it('offers the values of an enum', async () => {
    const text = 'questions:\n  - stage: \n';
    const labels = await server.complete(file('lsp-enum'), text, 1, 11);
    expect(labels).toEqual(expect.arrayContaining(['before', 'during', 'after']));
  });
});

describe('guide.yaml drafted by init, with no settings at all (the modeline)', () => {
  let server: YamlLanguageServer;
  let root: string;

  beforeAll(async () => {
    root = await tempDir('studyguide-lsp-');
    server = await YamlLanguageServer.start(root);
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  it('finds the schema through the modeline and checks the guide', async () => {
    const dir = path.join(root, 'content', 'a-guide');
    const [guideYaml] = yamlFormFiles(`---\n${await bundledGuideYaml()}---\nSynopsis.\n`, dir);
    const text = (guideYaml?.[1] ?? '').replace('    level: recall', '    level: recal');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=(\.\.\/)+.*schema\/guide\.schema\.json$/);
    const diagnostics = at(await server.diagnostics(path.join(dir, 'guide.yaml'), text));
    expect(diagnostics).toEqual([
      { line: lineOf(text, '    level: recal'), message: expect.stringMatching(/^Value is not accepted/) as unknown },
    ]);
  });

  it('checks nothing without the modeline (so the modeline is what does it)', async () => {
    const text = 'subtitel: no schema applies\n';
    expect(await server.diagnostics(path.join(root, 'content', 'plain', 'guide.yaml'), text)).toEqual([]);
  });
});
