import type { CommandModule, Options } from 'yargs';
import { checkOptions } from '../check-options.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../report.js';

interface DoctorArgs {
  out: string;
  templates?: string;
  'browser-ws-endpoint'?: string;
  timeout: number;
  json: boolean;
}

export const DOCTOR_FLAGS = {
  out: { type: 'string', default: 'output', describe: 'Output folder a build would write' },
  templates: { type: 'string', describe: 'Check this templates folder instead of the bundled one' },
  'browser-ws-endpoint': {
    type: 'string',
    describe: 'Check a running Chrome at this DevTools WebSocket URL (env STUDYGUIDE_BROWSER_WS_ENDPOINT)',
  },
  timeout: { type: 'number', default: 30, describe: 'Seconds the browser may take to start' },
  json: { type: 'boolean', default: false, describe: 'Print one JSON report on stdout' },
} as const satisfies Record<string, Options>;

function doctorOptionsFrom(argv: DoctorArgs, env: NodeJS.ProcessEnv = process.env) {
  return {
    out: argv.out,
    templatesDir: argv.templates,
    browserWSEndpoint: argv['browser-ws-endpoint'] ?? (env.STUDYGUIDE_BROWSER_WS_ENDPOINT || undefined),
    timeoutMs: argv.timeout * 1000,
  };
}

export function doctorCommand(io: Output, setCode: (code: number) => void): CommandModule<object, DoctorArgs> {
  return {
    command: 'doctor',
    describe:
      'Check that this machine can build guides (Node, browser, fonts, templates, output) and say what to install',
    builder: (y) =>
      y
        .options(DOCTOR_FLAGS)
        .check((argv) => checkOptions('doctor', () => doctorOptionsFrom(argv)))
        .example('$0 doctor', 'Is everything a build needs here?')
        .example('$0 doctor --json', 'The same, for a machine to read'),
    handler: async (argv) => {
      const { doctor, formatDoctorReport } = await import('../../doctor/doctor.js');
      const report = await doctor(doctorOptionsFrom(argv));
      if (argv.json) io.out(JSON.stringify(report));
      else io.err(formatDoctorReport(report));
      setCode(report.ok ? EXIT.ok : EXIT.content);
    },
  };
}
