/**
 * The checks `studyguide doctor` runs, one function each. All but the browser's start are read
 * from the machine without changing it (the output folder is tried with a file removed at once).
 */
import { accessSync, constants, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { DOCUMENTS } from '../options.js';
import { browserInstallAdvice, puppeteerCacheDir } from '../pdf/browser-advice.js';
import { locateBrowser, type BrowserChoice, type BrowserSource } from '../pdf/find-chrome.js';
import { FONT_FAMILIES } from '../render/fonts.js';
import { DEFAULT_TEMPLATES_DIR } from '../render/template-dir.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  id: 'node' | 'browser' | 'browser-start' | 'fonts' | 'templates' | 'output';
  title: string;
  status: CheckStatus;
  /** What was found, in a line. */
  detail: string;
  /** What to do about a warning or a failure. */
  advice: string[];
}

const require = createRequire(import.meta.url);

/** The lowest Node.js version package.json's engines field allows, e.g. [20, 19]. */
export function minimumNode(): [number, number] {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    engines?: { node?: string };
  };
  const match = /(\d+)(?:\.(\d+))?/.exec(pkg.engines?.node ?? '');
  return [Number(match?.[1] ?? 20), Number(match?.[2] ?? 0)];
}

/** End-of-life dates of the LTS lines studyguide accepts (https://nodejs.org/en/about/previous-releases). */
const END_OF_LIFE: Record<number, string> = { 20: '2026-04-30', 22: '2027-04-30', 24: '2028-04-30' };

export const NODE_ADVICE = [
  'install Node.js 24 LTS: https://nodejs.org/en/download (or "nvm install 24", "fnm install 24")',
  'macOS: brew install node@24; Windows: winget install OpenJS.NodeJS.LTS',
];

export function checkNode(version: string = process.versions.node, today: Date = new Date()): DoctorCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [minMajor, minMinor] = minimumNode();
  const base = { id: 'node' as const, title: 'Node.js' };
  if (major < minMajor || (major === minMajor && minor < minMinor)) {
    return {
      ...base,
      status: 'fail',
      detail: `${version}: studyguide needs ${minMajor}.${minMinor} or newer`,
      advice: NODE_ADVICE,
    };
  }
  const eol = END_OF_LIFE[major];
  if (eol && today.toISOString().slice(0, 10) >= eol) {
    return {
      ...base,
      status: 'warn',
      detail: `${version}: supported, but Node ${major} reached its end of life on ${eol} (no more security fixes)`,
      advice: NODE_ADVICE,
    };
  }
  if (major % 2 === 1) {
    return {
      ...base,
      status: 'warn',
      detail: `${version}: supported, but Node ${major} is not a long-term-support release`,
      advice: NODE_ADVICE,
    };
  }
  return {
    ...base,
    status: 'ok',
    detail: `${version}: supported (needs ${minMajor}.${minMinor} or newer)`,
    advice: [],
  };
}

const SOURCE_WORDS: Record<BrowserSource, string> = {
  STUDYGUIDE_CHROME: 'named by STUDYGUIDE_CHROME',
  PUPPETEER_EXECUTABLE_PATH: 'named by PUPPETEER_EXECUTABLE_PATH',
  CHROME_PATH: 'named by CHROME_PATH',
  executablePath: 'named by the executablePath option',
  system: 'found where the system installs it',
  'puppeteer-cache': `found in Puppeteer's cache (${puppeteerCacheDir()})`,
};

export function describeChoice(choice: BrowserChoice): string {
  if (choice.kind === 'remote') return `a running browser at ${choice.endpoint} (--browser-ws-endpoint)`;
  return `${choice.path}, ${SOURCE_WORDS[choice.source]}`;
}

export function checkBrowser(options: { executablePath?: string; browserWSEndpoint?: string }): {
  check: DoctorCheck;
  choice?: BrowserChoice;
} {
  const base = { id: 'browser' as const, title: 'Browser' };
  try {
    const choice = locateBrowser(options);
    return { check: { ...base, status: 'ok', detail: describeChoice(choice), advice: [] }, choice };
  } catch (error) {
    const message = (error as Error).message;
    return { check: { ...base, status: 'fail', detail: message, advice: browserInstallAdvice() } };
  }
}

export function checkFonts(): DoctorCheck {
  const base = { id: 'fonts' as const, title: 'Fonts' };
  const problems: string[] = [];
  let files = 0;
  for (const spec of FONT_FAMILIES) {
    let dir: string;
    try {
      dir = path.dirname(require.resolve(`${spec.pkg}/package.json`));
    } catch {
      problems.push(`${spec.pkg} is not installed`);
      continue;
    }
    for (const css of spec.css) {
      const cssFile = path.join(dir, css);
      if (!existsSync(cssFile)) {
        problems.push(`${spec.pkg}/${css} is missing`);
        continue;
      }
      for (const match of readFileSync(cssFile, 'utf8').matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) {
        if (existsSync(path.join(dir, 'files', match[1] ?? ''))) files++;
        else problems.push(`${spec.pkg}/files/${match[1]} is missing`);
      }
    }
  }
  if (problems.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : ''),
      advice: ['install studyguide again with its dependencies ("npm install"; in a clone of the repository "npm ci")'],
    };
  }
  return {
    ...base,
    status: 'ok',
    detail: `${FONT_FAMILIES.length} families (${FONT_FAMILIES.map((f) => f.family).join(', ')}), ${files} font files`,
    advice: [],
  };
}

export function checkTemplates(templatesDir: string = DEFAULT_TEMPLATES_DIR): DoctorCheck {
  const base = { id: 'templates' as const, title: 'Templates' };
  const wanted = [...DOCUMENTS.map((d) => path.join('documents', `${d}.hbs`)), path.join('partials', 'layout.hbs')];
  const missing = wanted.filter((file) => !existsSync(path.join(templatesDir, file)));
  if (missing.length > 0) {
    return {
      ...base,
      status: 'fail',
      detail: `${templatesDir}: ${missing.join(', ')} missing`,
      advice:
        templatesDir === DEFAULT_TEMPLATES_DIR
          ? ['the bundled templates are incomplete: install studyguide again']
          : ['copy the bundled templates folder and edit the copy (every document needs its .hbs file)'],
    };
  }
  return { ...base, status: 'ok', detail: templatesDir, advice: [] };
}

/** Whether the build could write into `out`: tried with a file when the folder exists, else its nearest parent. */
export function checkOutput(out: string): DoctorCheck {
  const base = { id: 'output' as const, title: 'Output folder' };
  const target = path.resolve(out);
  const fail = (detail: string): DoctorCheck => ({
    ...base,
    status: 'fail',
    detail,
    advice: ['choose another folder with --out, or fix its permissions'],
  });
  let existing = target;
  while (!existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  if (!statSync(existing).isDirectory()) return fail(`${existing} is a file, not a folder`);
  if (existing === target) {
    const probe = path.join(target, `.studyguide-doctor-${process.pid}`);
    try {
      writeFileSync(probe, '');
      unlinkSync(probe);
    } catch (error) {
      return fail(`${target} is not writable (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    return { ...base, status: 'ok', detail: `${target} is writable`, advice: [] };
  }
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return fail(`${target} does not exist and ${existing} is not writable`);
  }
  return { ...base, status: 'ok', detail: `${target} does not exist yet; the build can create it`, advice: [] };
}
