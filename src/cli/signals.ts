/**
 * SIGINT and SIGTERM during a command: abort the work through an AbortSignal so
 * the build stops taking jobs, closes its browser and removes its temporary
 * files, then exit with 130 or 143. A second signal, or a build that does not
 * wind down within the grace period, ends the process at once after the same
 * clean-up done synchronously.
 */
import { killLaunchedBrowsers } from '../pdf/launched-browsers.js';
import { removePendingTempFilesSync } from '../output/write-atomic.js';
import { EXIT } from './exit-codes.js';

export type HandledSignal = 'SIGINT' | 'SIGTERM';

export const SIGNAL_EXIT: Record<HandledSignal, number> = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm };

/** The reason an interrupted build's signal carries. */
export class Interrupted extends Error {
  constructor(readonly signalName: HandledSignal) {
    super(`interrupted by ${signalName}`);
    this.name = 'Interrupted';
  }
  get exitCode(): number {
    return SIGNAL_EXIT[this.signalName];
  }
}

/** The exit code for an aborted signal, or undefined when it was not aborted by a handled signal. */
export function interruptExitCode(signal: AbortSignal | undefined): number | undefined {
  return signal?.aborted && signal.reason instanceof Interrupted ? signal.reason.exitCode : undefined;
}

export interface SignalHandling {
  signal: AbortSignal;
  /** 130 or 143 once a signal arrived, else undefined. */
  exitCode(): number | undefined;
  /**
   * Remove the handlers, so the default behaviour of the signals returns. Once a signal has
   * arrived they stay: a second signal while the process exits must still end it with 130/143
   * (after the same clean-up), not kill it by the signal's default action.
   */
  dispose(): void;
}

export interface SignalOptions {
  /** Milliseconds the work gets to wind down before the process exits anyway. */
  graceMs?: number;
  log?: (text: string) => void;
}

export function handleSignals({
  graceMs = 10_000,
  log = (t) => process.stderr.write(`${t}\n`),
}: SignalOptions = {}): SignalHandling {
  const controller = new AbortController();
  let received: HandledSignal | undefined;
  const exitNow = () => {
    removePendingTempFilesSync();
    killLaunchedBrowsers();
    process.exit(received ? SIGNAL_EXIT[received] : EXIT.internal);
  };
  const onSignal = (name: HandledSignal) => {
    if (received) {
      log(`${name} again: stopping now.`);
      exitNow();
      return;
    }
    received = name;
    log(`${name} received: stopping (closing the browser, removing temporary files)...`);
    controller.abort(new Interrupted(name));
    setTimeout(exitNow, graceMs).unref();
  };
  const onInt = () => onSignal('SIGINT');
  const onTerm = () => onSignal('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    signal: controller.signal,
    exitCode: () => (received ? SIGNAL_EXIT[received] : undefined),
    dispose: () => {
      if (received) return;
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
