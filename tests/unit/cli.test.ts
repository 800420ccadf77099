/** The command line, run in-process: exit codes, messages, help. */
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { CONTENT, tempDir } from '../helpers/paths.js';

describe('studyguide check', () => {
  it('exits 0 on the bundled guide', async () => {
    const { code, stderr } = await runCli(['check', '--content', CONTENT]);
    expect(stderr).toContain('✓ last-men-in-aleppo: ok');
    expect(stderr).toContain('No problems found.');
    expect(code).toBe(0);
  });

  it('exits 1 naming the file when one quote is altered', async () => {
    const root = await tempDir();
    await cp(path.join(CONTENT, 'last-men-in-aleppo'), path.join(root, 'last-men-in-aleppo'), { recursive: true });
    const file = path.join(root, 'last-men-in-aleppo', 'guide.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('was killed saving his neighbors', 'was killed saving her neighbors'));
    const { code, stderr } = await runCli(['check', '--content', root]);
    expect(code).toBe(1);
    const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(stderr).toMatch(
      new RegExp(
        `${escaped}:\\d+: error: the quote "[^"]*" is not in source "news-feature": it matches up to "[^"]*saving ", then the quote has "her neighbors\\." where the source has "his neighbors\\."`,
      ),
    );
    expect(stderr).toContain('1 problem found.');
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('prints JSON with --json', async () => {
    const { code, stdout } = await runCli(['check', '--content', CONTENT, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { guides: Array<{ slug: string; ok: boolean }>; errors: number };
    expect(report.errors).toBe(0);
    expect(report.guides[0]).toMatchObject({ slug: 'last-men-in-aleppo', ok: true });
  });
});

describe('usage errors', () => {
  it('exits 2 on an unknown option or value, with a hint', async () => {
    const bad = await runCli(['build', '--paper', 'a5']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid values');
    expect(bad.stderr).toContain('Run "studyguide build --help" for usage.');
    expect((await runCli(['frobnicate'])).code).toBe(2);
    expect((await runCli([])).code).toBe(2);
  });

  it('exits 2 naming the guides that exist when a slug is unknown', async () => {
    const { code, stderr } = await runCli(['check', 'no-such-guide', '--content', CONTENT]);
    expect(code).toBe(2);
    expect(stderr).toContain('error: no guide "no-such-guide" under');
    expect(stderr).toContain('Guides found: last-men-in-aleppo.');
  });

  it('shows examples in --help of every command', async () => {
    for (const command of ['build', 'check']) {
      const { code, stdout, stderr } = await runCli([command, '--help']);
      expect(code).toBe(0);
      expect(stdout + stderr).toContain('Examples:');
    }
  });
});
