/** The job queue: bounded lanes, lazy pulling from a producer, stopping. */
import { describe, expect, it } from 'vitest';
import { runQueue } from '../../src/build/run-queue.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('runQueue', () => {
  it('runs every item once, never more than `concurrency` at once', async () => {
    let running = 0;
    let peak = 0;
    const seen: number[] = [];
    await runQueue([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      seen.push(item);
      running--;
    });
    expect(seen.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
  });

  it('pulls from an async producer only when a lane is free, so little is made ahead of the work', async () => {
    let produced = 0;
    let finished = 0;
    let ahead = 0;
    async function* producer() {
      for (let i = 0; i < 20; i++) {
        await tick(); // loading a guide
        produced++;
        ahead = Math.max(ahead, produced - finished);
        yield i;
      }
    }
    const seen: number[] = [];
    await runQueue(producer(), 2, async (item) => {
      await tick();
      await tick();
      seen.push(item);
      finished++;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    // Two items in the lanes; the producer never runs further ahead than that.
    expect(ahead).toBeLessThanOrEqual(2);
  });

  it('stops taking items when told, and closes the producer', async () => {
    let closed = false;
    // eslint-disable-next-line @typescript-eslint/require-await -- async on purpose: what runQueue must close here is an async generator
    async function* producer() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const seen: number[] = [];
    await runQueue(
      producer(),
      2,
      async (item) => {
        await tick();
        seen.push(item);
      },
      () => seen.length >= 5,
    );
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.length).toBeLessThanOrEqual(6);
    expect(closed).toBe(true);
  });

  it('handles no items', async () => {
    let calls = 0;
    await runQueue([], 4, () => {
      calls++;
      return Promise.resolve();
    });
    expect(calls).toBe(0);
  });
});
