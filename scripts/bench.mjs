#!/usr/bin/env node
// The benchmark (see docs/performance.md): `npm run bench -- --guides N [--json] [--corpus-out DIR]`,
// or `npm run bench -- --complexity [family...]` for the growth report of adversarial inputs.
// The logic lives in src/bench/ and runs from dist/ (compiled by scripts/setup.mjs).
import { formatBench, parseBenchArgs, runBench } from '../dist/bench/run-bench.js';

// `--complexity`: the growth report of adversarial inputs instead (scripts/complexity.mjs).
if (process.argv.includes('--complexity')) {
  await import('./complexity.mjs');
  process.exit(0);
}

let options;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`);
  process.exit(2);
}
const log = options.json ? () => undefined : (text) => process.stderr.write(`bench: ${text}\n`);
const result = await runBench(options, log);
process.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${formatBench(result)}\n`);
process.exit(result.failures > 0 ? 1 : 0);
