#!/usr/bin/env node
import { existsSync } from 'node:fs';

// Installed from a git URL, studyguide is compiled by its `prepare` script, which npm 11 runs for a
// dependency only when the project allows it. Without it there is no dist/: say so, not ERR_MODULE_NOT_FOUND.
if (!existsSync(new URL('../dist/cli/main.js', import.meta.url))) {
  process.stderr.write(
    'error: studyguide is not compiled (its dist/ folder is missing)\n' +
      '  fix: installed from a git URL, npm compiles it with its "prepare" script, which npm 11 runs only when allowed:\n' +
      '       add  "allowScripts": { "studyguide": true }  to your package.json and install again,\n' +
      '       or install a packed tarball instead (see docs/install.md). In a clone of the repository: npm run setup.\n',
  );
  process.exit(1);
}

const { main } = await import('../dist/cli/main.js');
const { handleSignals } = await import('../dist/cli/signals.js');

const signals = handleSignals();
const code = await main(process.argv.slice(2), undefined, { signal: signals.signal });
process.exitCode = signals.exitCode() ?? code;
signals.dispose();
