/**
 * The CLI's signal handling, in process: which exit code a signal sets, and that a
 * second signal can never end the process by the signal's default action (exit
 * status "killed by SIGTERM" instead of 143), even while it is already exiting.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { handleSignals, Interrupted, type SignalHandling } from '../../src/cli/signals.js';

const logged: string[] = [];

function start(): SignalHandling {
  return handleSignals({ graceMs: 60_000, log: (t) => logged.push(t) });
}

/** A handling that received a signal keeps its handlers on purpose; take them off by hand. */
function removeHandlers(): void {
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    for (const listener of process.listeners(name)) {
      if (listener.name === 'onInt' || listener.name === 'onTerm') process.off(name, listener);
    }
  }
}

afterEach(() => {
  removeHandlers();
  logged.length = 0;
  vi.restoreAllMocks();
});

describe('handleSignals', () => {
  it('aborts the work with an Interrupted reason and sets 143 on SIGTERM, 130 on SIGINT', () => {
    for (const [name, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      const h = start();
      expect(h.exitCode()).toBeUndefined();
      process.emit(name);
      expect(h.signal.aborted).toBe(true);
      expect(h.signal.reason).toBeInstanceOf(Interrupted);
      expect(h.exitCode()).toBe(code);
      expect(logged.at(-1)).toBe(`${name} received: stopping (closing the browser, removing temporary files)...`);
      h.dispose();
      removeHandlers();
    }
  });

  it('gives the default behaviour back when no signal arrived', () => {
    const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM') };
    const h = start();
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM + 1);
    h.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before.SIGINT);
    expect(process.listenerCount('SIGTERM')).toBe(before.SIGTERM);
  });

  it('keeps handling after a signal, so a second one during exit still exits 143', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = process.listenerCount('SIGTERM');
    const h = start();
    process.emit('SIGTERM');
    // The graceful path finished and the CLI disposes while the process winds down...
    h.dispose();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    // ...and a second SIGTERM lands then: exit at once with the same code, after the clean-up.
    process.emit('SIGTERM');
    expect(logged.at(-1)).toBe('SIGTERM again: stopping now.');
    expect(exit).toHaveBeenCalledWith(143);
  });

  it('ends at once with the first signal’s code when a different second signal arrives', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    start();
    process.emit('SIGINT');
    process.emit('SIGTERM');
    expect(logged.at(-1)).toBe('SIGTERM again: stopping now.');
    expect(exit).toHaveBeenCalledWith(130);
  });
});
