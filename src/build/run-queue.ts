/**
 * Run `worker` over `items` with at most `concurrency` at once, in order of submission.
 * Items may come from an async iterable, pulled only when a lane is free: a producer that
 * loads work lazily then holds no more than `concurrency` items (plus the one being made).
 */
export async function runQueue<T>(
  items: Iterable<T> | AsyncIterable<T>,
  concurrency: number,
  worker: (item: T, index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  const iterator = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : toAsync(items[Symbol.iterator]());
  let next = 0;
  let done = false;
  const lanes = Array.from({ length: Math.max(1, concurrency) }, async () => {
    while (!done && !shouldStop()) {
      const step = await iterator.next();
      if (step.done) {
        done = true;
        return;
      }
      await worker(step.value, next++);
    }
  });
  try {
    await Promise.all(lanes);
  } finally {
    await iterator.return?.();
  }
}

function toAsync<T>(iterator: Iterator<T>): AsyncIterator<T> {
  return { next: () => Promise.resolve(iterator.next()) };
}
