/** A guide in two files, guide.yaml + synopsis.md: loaded as its guide.md would be, its errors at the right file and line. */
import { cp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findGuides } from '../../src/content/find-guides.js';
import { schemaModeline, schemaRefFrom, splitGuideMarkdown } from '../../src/content/guide-files.js';
import { loadGuide, type LoadResult } from '../../src/content/load-guide.js';
import { formatUserError } from '../../src/errors.js';
import { DOCUMENTS, EDITIONS } from '../../src/options.js';
import { renderDocumentHtml } from '../../src/render/render-html.js';
import { runCli } from '../helpers/cli.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

const SLUG = 'last-men-in-aleppo';
const roots: string[] = [];

afterAll(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

async function newRoot(): Promise<string> {
  const root = await tempDir();
  roots.push(root);
  return root;
}

/** The bundled guide copied into a temp content folder, in the guide.md form or split into guide.yaml + synopsis.md. */
async function bundled(form: 'md' | 'yaml'): Promise<{ root: string; dir: string }> {
  const root = await newRoot();
  const dir = path.join(root, SLUG);
  await cp(path.join(CONTENT, SLUG), dir, { recursive: true });
  if (form === 'yaml') {
    const split = splitGuideMarkdown(await readFile(path.join(dir, 'guide.md'), 'utf8'));
    if (!split) throw new Error('the bundled guide.md has no front matter');
    await writeFile(path.join(dir, 'guide.yaml'), `${schemaModeline(schemaRefFrom(dir))}\n${split.yaml}`);
    await writeFile(path.join(dir, 'synopsis.md'), split.synopsis);
    await rm(path.join(dir, 'guide.md'));
  }
  return { root, dir };
}

async function load(root: string): Promise<LoadResult> {
  const [ref] = await findGuides(root, [SLUG]);
  return loadGuide(ref!);
}

/** 1-based line of the first line of `text` containing `marker`. */
function lineOf(text: string, marker: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(marker));
  if (index < 0) throw new Error(`"${marker}" is not in the text`);
  return index + 1;
}

async function edit(file: string, from: string, to: string): Promise<string> {
  const text = await readFile(file, 'utf8');
  if (!text.includes(from)) throw new Error(`"${from}" is not in ${file}`);
  const changed = text.replace(from, to);
  await writeFile(file, changed);
  return changed;
}

describe('guide.yaml + synopsis.md', () => {
  it('is found by findGuides and loads into the same guide as its guide.md', async () => {
    const md = await bundled('md');
    const yaml = await bundled('yaml');
    const [ref] = await findGuides(yaml.root);
    expect(ref?.file).toBe(path.join(yaml.dir, 'guide.yaml'));
    const a = await load(md.root);
    const b = await load(yaml.root);
    expect(a.errors.map(formatUserError)).toEqual([]);
    expect(b.errors.map(formatUserError)).toEqual([]);
    const [ga, gb] = [a.guide!, b.guide!];
    expect(gb.file).toBe(path.join(yaml.dir, 'guide.yaml'));
    expect(gb.bodyFile).toBe(path.join(yaml.dir, 'synopsis.md'));
    expect(gb.meta).toEqual(ga.meta);
    expect(gb.body.trim()).toBe(ga.body.trim());
    expect(gb.sources.map((s) => [s.id, s.meta, s.body])).toEqual(ga.sources.map((s) => [s.id, s.meta, s.body]));
    expect([...gb.mentions]).toEqual([...ga.mentions]);
    // The build cache and watch mode see both files.
    expect(gb.inputs.map((f) => path.relative(yaml.dir, f))).toEqual([
      'guide.yaml',
      'synopsis.md',
      'sources/festival-synopsis.md',
      'sources/news-feature.md',
      'sources/plot-summary.md',
    ]);
    expect(ga.inputs.map((f) => path.relative(md.dir, f))[0]).toBe('guide.md');
  });

  it('prints the same documents as its guide.md, every edition', async () => {
    const a = (await load((await bundled('md')).root)).guide!;
    const b = (await load((await bundled('yaml')).root)).guide!;
    for (const edition of EDITIONS) {
      for (const document of DOCUMENTS) {
        const variant = { edition, paper: 'a4' as const, largePrint: false };
        expect(renderDocumentHtml(b, document, variant).html).toBe(renderDocumentHtml(a, document, variant).html);
      }
    }
  });

  it('names guide.yaml and the field line for a field error, synopsis.md and its line for an inline citation', async () => {
    const { root, dir } = await bundled('yaml');
    const yamlText = await edit(path.join(dir, 'guide.yaml'), 'subtitle:', 'subtitel:');
    await edit(path.join(dir, 'guide.yaml'), 'was killed saving his neighbors', 'was killed saving her neighbors');
    const synopsis = await edit(
      path.join(dir, 'synopsis.md'),
      '"Fayyad started filming the siege',
      '"Fayyad began filming the siege',
    );
    const { errors } = await load(root);
    const where = errors.map((e) => [
      path.basename(e.location?.file ?? ''),
      e.location?.line,
      e.location?.field,
      e.message.slice(0, 40),
    ]);
    expect(where).toEqual([['guide.yaml', lineOf(yamlText, 'subtitel:'), 'subtitel', 'unknown field "subtitel"']]);
    // Citations are checked once the fields are valid.
    await edit(path.join(dir, 'guide.yaml'), 'subtitel:', 'subtitle:');
    const second = await load(root);
    const fixedYaml = await readFile(path.join(dir, 'guide.yaml'), 'utf8');
    expect(
      second.errors.map((e) => [path.basename(e.location?.file ?? ''), e.location?.line, e.location?.field]),
    ).toEqual([
      [
        'guide.yaml',
        lineOf(fixedYaml, 'was killed saving her neighbors'),
        expect.stringMatching(/^people\[\d+\]\.facts\[\d+\]\.citations\[0\]\.quote$/),
      ],
      ['synopsis.md', lineOf(synopsis, '"Fayyad began filming the siege'), '(body)'],
    ]);
  });

  it('check prints the file and line of each, and exits 1', async () => {
    const { root, dir } = await bundled('yaml');
    const yamlText = await edit(path.join(dir, 'guide.yaml'), '    level: recall', '    level: recal');
    const { code, stderr } = await runCli(['check', '--content', root]);
    expect(code).toBe(1);
    expect(stderr).toContain(
      `${path.join(dir, 'guide.yaml')}:${lineOf(yamlText, 'level: recal')}: error: must be one of "recall"`,
    );
  });

  it('reads a guide.yaml with a BOM and CRLF line ends at the same lines', async () => {
    const { root, dir } = await bundled('yaml');
    const file = path.join(dir, 'guide.yaml');
    const text = (await readFile(file, 'utf8')).replace('subtitle:', 'subtitel:');
    await writeFile(file, `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    const { errors } = await load(root);
    expect(errors.map((e) => [e.location?.line, e.message])).toEqual([
      [lineOf(text, 'subtitel:'), 'unknown field "subtitel"'],
    ]);
  });
});

describe('guide.yaml is read as safely as front matter', () => {
  it('refuses YAML aliases that expand too far, at the alias line', async () => {
    const { root, dir } = await bundled('yaml');
    const file = path.join(dir, 'guide.yaml');
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 6; i++)
      levels.push(
        `${'bcdef'[i - 1]}: &${'bcdef'[i - 1]} [${Array(10)
          .fill(`*${'abcde'[i - 1]}`)
          .join(',')}]`,
      );
    await writeFile(file, `title: T\n${levels.join('\n')}\n`);
    const { errors } = await load(root);
    expect(errors.map((e) => [e.location?.file, e.location?.line, e.message])).toEqual([
      [file, 3, 'the YAML aliases (*name) expand too far; the limit is 100 expansions'],
    ]);
  });
});

describe('a guide folder in exactly one form', () => {
  const expectOnly = async (root: string, file: string, message: string, hint: RegExp) => {
    const { guide, errors } = await load(root);
    expect(guide).toBeUndefined();
    expect(errors.map((e) => [e.location?.file, e.message])).toEqual([[file, message]]);
    expect(errors[0]?.hint).toMatch(hint);
  };

  it('refuses guide.md and guide.yaml side by side, naming both and the fix', async () => {
    const { root, dir } = await bundled('yaml');
    await cp(path.join(CONTENT, SLUG, 'guide.md'), path.join(dir, 'guide.md'));
    await expectOnly(
      root,
      dir,
      'the guide has both guide.md and guide.yaml; it must have one',
      /keep guide\.md .* or guide\.yaml with synopsis\.md, and delete or rename the other/,
    );
    const { code, stderr } = await runCli(['check', '--content', root]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${dir}: error: the guide has both guide.md and guide.yaml; it must have one`);
  });

  it('refuses a guide.yaml without synopsis.md', async () => {
    const { root, dir } = await bundled('yaml');
    await rm(path.join(dir, 'synopsis.md'));
    await expectOnly(
      root,
      path.join(dir, 'synopsis.md'),
      'guide.yaml needs synopsis.md beside it',
      /create synopsis\.md/,
    );
  });

  it('refuses a synopsis.md beside guide.md, which would be ignored', async () => {
    const { root, dir } = await bundled('md');
    await writeFile(path.join(dir, 'synopsis.md'), 'A synopsis.\n');
    await expectOnly(
      root,
      path.join(dir, 'synopsis.md'),
      'synopsis.md is read only beside guide.yaml, but this guide is a guide.md',
      /delete synopsis\.md/,
    );
  });

  it('finds a guide.yml and asks for it to be renamed', async () => {
    const { root, dir } = await bundled('yaml');
    await cp(path.join(dir, 'guide.yaml'), path.join(dir, 'guide.yml'));
    await rm(path.join(dir, 'guide.yaml'));
    await expectOnly(root, path.join(dir, 'guide.yml'), 'guide.yml is not read', /rename it to guide\.yaml/);
  });

  it('refuses front matter in synopsis.md', async () => {
    const { root, dir } = await bundled('yaml');
    const file = path.join(dir, 'synopsis.md');
    await writeFile(file, `---\ntitle: Another title\n---\n${await readFile(file, 'utf8')}`);
    await expectOnly(
      root,
      file,
      'synopsis.md starts with a "---" line, as front matter would',
      /every field belongs in guide\.yaml/,
    );
  });

  it('refuses a guide.yaml that goes on after a "---" line (a guide.md pasted whole)', async () => {
    const { root, dir } = await bundled('yaml');
    const file = path.join(dir, 'guide.yaml');
    const text = `${await readFile(file, 'utf8')}---\nThe synopsis.\n`;
    await writeFile(file, text);
    const { errors } = await load(root);
    expect(errors.map((e) => [e.location?.file, e.location?.line, e.message])).toEqual([
      [
        file,
        text.split('\n').indexOf('---') + 1,
        'a "---" line starts a second YAML document here; the file holds one',
      ],
    ]);
  });

  it('reports a sources/<id>.yaml instead of ignoring it: sources keep their front matter', async () => {
    const { root, dir } = await bundled('md');
    const file = path.join(dir, 'sources', 'news-feature.yaml');
    await writeFile(file, 'author: Someone\n');
    const { errors } = await load(root);
    expect(errors.map((e) => [e.location?.file, e.message])).toEqual([
      [file, 'a source keeps its front matter in its .md file; this file is not read'],
    ]);
    expect(errors[0]?.hint).toContain('sources/news-feature.md');
  });
});

describe('init --format yaml', () => {
  it('drafts guide.yaml with the schema modeline and synopsis.md, which check passes; --force back to md leaves no guide.yaml', async () => {
    const root = await newRoot();
    const content = path.join(root, 'content');
    const from = ['news-feature.md', 'plot-summary.md'].map((f) => path.join(CONTENT, SLUG, 'sources', f));
    const first = await runCli(['init', 'drafted', '--content', content, '--format', 'yaml', '--from', ...from]);
    expect(first.stderr).toContain('guide.yaml:');
    expect(first.code).toBe(0);
    const dir = path.join(content, 'drafted');
    expect((await readdir(dir)).sort()).toEqual(['guide.yaml', 'sources', 'synopsis.md']);
    const guideYaml = await readFile(path.join(dir, 'guide.yaml'), 'utf8');
    expect(guideYaml.split('\n')[0]).toBe(`# yaml-language-server: $schema=${schemaRefFrom(dir)}`);
    expect(path.resolve(dir, schemaRefFrom(dir))).toBe(path.join(CONTENT, '..', 'schema', 'guide.schema.json'));
    expect(await readFile(path.join(dir, 'synopsis.md'), 'utf8')).toMatch(/^\*\*DRAFT\*\*/);
    expect((await runCli(['check', '--content', content])).code).toBe(0);

    const again = await runCli(['init', 'drafted', '--content', content, '--force', '--from', ...from]);
    expect(again.code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['guide.md', 'sources']);
    expect((await runCli(['check', '--content', content])).code).toBe(0);
  });
});
