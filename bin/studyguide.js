#!/usr/bin/env node
import { main } from '../dist/cli/main.js';
import { handleSignals } from '../dist/cli/signals.js';

const signals = handleSignals();
const code = await main(process.argv.slice(2), undefined, { signal: signals.signal });
process.exitCode = signals.exitCode() ?? code;
signals.dispose();
