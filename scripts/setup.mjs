#!/usr/bin/env node
// Set-up that `npm start` and `npm test` run first, so that a fresh clone needs only Node.js:
// 1. install dependencies when node_modules is missing or older than package-lock.json;
// 2. compile the TypeScript when dist/ is missing or older than a source file;
// 3. find a Chrome/Chromium, installing Debian's chromium when run as root on Debian.
// Each step checks before it acts, so a set-up machine passes through in well under a second.
// `--prepare` (npm's prepare script: `npm ci` in a clone, an install from a git URL, `npm pack`) runs
// step 2 only; `--no-browser` skips step 3. This script is for a clone of the repository; it is not shipped in the package.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const prepare = process.argv.includes('--prepare');
const quiet = process.argv.includes('--quiet');
const log = (msg) => {
  if (!quiet) process.stderr.write(`setup: ${msg}\n`);
};
const mtime = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};
const run = (cmd, args, what) => {
  log(`${what}...`);
  const result = spawnSync(cmd, args, {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    process.stderr.write(`setup: ${what} failed (${cmd} ${args.join(' ')}).\n`);
    process.exit(result.status ?? 1);
  }
};

function newestIn(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : mtime(full));
  }
  return newest;
}

// 1. Dependencies (not under `npm ci`/`npm install`, which are installing them). A node_modules that
// is a link to another checkout's is left alone: `npm ci` would empty the folder it points to.
const marker = path.join(root, 'node_modules', '.package-lock.json');
const linked = (() => {
  try {
    return lstatSync(path.join(root, 'node_modules')).isSymbolicLink();
  } catch {
    return false;
  }
})();
const stale = !existsSync(marker) || mtime(marker) < mtime(path.join(root, 'package-lock.json'));
if (!prepare && stale && linked) {
  log('node_modules is a link to another folder: not reinstalling it (run "npm ci" there if it is out of date)');
} else if (!prepare && stale) {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(
    npm,
    existsSync(path.join(root, 'package-lock.json'))
      ? ['ci', '--no-audit', '--no-fund']
      : ['install', '--no-audit', '--no-fund'],
    'installing dependencies',
  );
}

// 2. Compile. The stamp is this script's own (tsc's .tsbuildinfo is also written by `tsc --noEmit`,
// so it says nothing about dist/), dated when the compile started: a file saved during it is newer.
const stamp = path.join(root, 'dist', '.setup-compiled');
const newestInput = Math.max(newestIn(path.join(root, 'src')), mtime(path.join(root, 'tsconfig.json')));
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const compiled = existsSync(path.join(root, 'dist', 'index.js'));
if (prepare && !existsSync(tsc)) {
  // `npm ci --omit=dev` in a clone: no compiler. Say so rather than fail the install.
  if (!compiled) {
    process.stderr.write(
      'setup: dist/ is not compiled and TypeScript is not installed (were dev dependencies omitted?).\n' +
        '  studyguide will not run until it is compiled: run "npm ci" (with dev dependencies), then "npm run setup".\n',
    );
  }
} else if (!compiled || newestInput > mtime(stamp)) {
  const started = new Date();
  run(process.execPath, [tsc, '-p', 'tsconfig.json'], 'compiling TypeScript');
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

// 3. A browser.
// `--no-browser`: the browser-free tests (`npm run test:unit`) need none.
if (prepare || process.argv.includes('--no-browser')) process.exit(0);
const { findChrome } = await import(pathToFileURL(path.join(root, 'dist', 'pdf', 'find-chrome.js')).href);
const first = findChrome();
if (first.unusable) {
  process.stderr.write(
    `setup: STUDYGUIDE_CHROME=${first.unusable.path} cannot be used: ${first.unusable.reason}. Fix the path or unset it.\n`,
  );
  process.exit(1);
}
if (!process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT && !first.path) {
  const isDebian = existsSync('/etc/debian_version');
  const isRoot = process.getuid?.() === 0;
  if (isDebian && isRoot) {
    run('apt-get', ['update', '-q'], 'updating Debian package lists');
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], "installing Debian's chromium");
  }
  const found = findChrome();
  if (!found.path) {
    const { browserInstallAdvice } = await import(
      pathToFileURL(path.join(root, 'dist', 'pdf', 'browser-advice.js')).href
    );
    process.stderr.write(
      'setup: no Chrome or Chromium was found, and none could be installed here. Install one:\n' +
        browserInstallAdvice()
          .map((line) => `  ${line}\n`)
          .join('') +
        `  Looked in: ${found.tried.join(', ')}\n`,
    );
    process.exit(1);
  }
  log(`using ${found.path}`);
}
