import type { CommandModule } from 'yargs';
import { EXIT } from '../exit-codes.js';
import type { Output } from '../report.js';

interface DoctorArgs {
  out: string;
  templates?: string;
  'browser-ws-endpoint'?: string;
  timeout: number;
  json: boolean;
}

export function doctorCommand(io: Output, setCode: (code: number) => void): CommandModule<object, DoctorArgs> {
  return {
    command: 'doctor',
    describe:
      'Check that this machine can build guides (Node, browser, fonts, templates, output) and say what to install',
    builder: (y) =>
      y
        .option('out', { type: 'string', default: 'output', describe: 'Output folder a build would write' })
        .option('templates', { type: 'string', describe: 'Check this templates folder instead of the bundled one' })
        .option('browser-ws-endpoint', {
          type: 'string',
          describe: 'Check a running Chrome at this DevTools WebSocket URL (env STUDYGUIDE_BROWSER_WS_ENDPOINT)',
        })
        .option('timeout', { type: 'number', default: 30, describe: 'Seconds the browser may take to start' })
        .option('json', { type: 'boolean', default: false, describe: 'Print one JSON report on stdout' })
        .check((argv) => {
          if (!(argv.timeout > 0)) throw new Error('--timeout must be a positive number of seconds');
          return true;
        })
        .example('$0 doctor', 'Is everything a build needs here?')
        .example('$0 doctor --json', 'The same, for a machine to read') as never,
    handler: async (argv) => {
      const { doctor, formatDoctorReport } = await import('../../doctor/doctor.js');
      const report = await doctor({
        out: argv.out,
        templatesDir: argv.templates,
        browserWSEndpoint: argv['browser-ws-endpoint'] ?? process.env.STUDYGUIDE_BROWSER_WS_ENDPOINT,
        timeoutMs: argv.timeout * 1000,
      });
      if (argv.json) io.out(JSON.stringify(report));
      else io.err(formatDoctorReport(report));
      setCode(report.ok ? EXIT.ok : EXIT.content);
    },
  };
}
