#!/usr/bin/env node
// Install studyguide the way a user does from GitHub (`npm install github:owner/studyguide`), from a
// temporary clone of this repository's HEAD through a git+file:// URL, and run it from that project:
// --version, check (the bundled guide), doctor. npm installs the dev dependencies in its own clone,
// runs `prepare` (the compile), packs and installs the result. Prints how long each step took.
// Not in `npm test`: it takes 25-100 s here (a full dependency install). Usage: node scripts/try-git-install.mjs
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const win = process.platform === 'win32';
const work = mkdtempSync(path.join(os.tmpdir(), 'studyguide-git-install-'));
let failed = false;

function step(what, command, args, cwd) {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', shell: win });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const ok = run.status === 0;
  process.stderr.write(`${ok ? 'ok  ' : 'FAIL'} ${what} (${seconds} s)\n`);
  if (!ok) {
    failed = true;
    process.stderr.write(`${run.stdout}${run.stderr}\n`);
  }
  return ok;
}

try {
  const clone = path.join(work, 'clone');
  execFileSync('git', ['clone', '--quiet', '--depth', '1', pathToFileURL(root).href, clone], { stdio: 'inherit' });
  const project = path.join(work, 'project');
  cpSync(path.join(root, 'content', 'last-men-in-aleppo'), path.join(project, 'content', 'last-men-in-aleppo'), {
    recursive: true,
  });
  // npm 11 runs a git dependency's `prepare` only when the project allows it.
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'try-git-install', private: true, allowScripts: { studyguide: true } }, null, 2),
  );
  const bin = path.join(project, 'node_modules', '.bin', win ? 'studyguide.cmd' : 'studyguide');
  const npm = win ? 'npm.cmd' : 'npm';
  const url = `git+${pathToFileURL(clone).href}`;
  if (step(`npm install ${url}`, npm, ['install', url, '--no-audit', '--no-fund', '--prefer-offline'], project)) {
    step('studyguide --version', bin, ['--version'], project);
    step('studyguide check', bin, ['check'], project);
    step('studyguide doctor', bin, ['doctor'], project);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
