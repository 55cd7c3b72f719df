/**
 * The emulated Envoy's event loop. Work that Envoy would post to its
 * dispatcher (a callout response, a queue notification) is queued here and
 * runs after the current step has finished, in order, never inside the
 * hostcall that caused it. What a module asks of its stream from inside a
 * callback (continue, close, a local reply) is one of Envoy's "after VM call"
 * actions: it runs as soon as the step returns, before work posted earlier.
 */

export class Dispatcher {
  private queue: Array<() => void> = [];
  private afterCallQueue: Array<() => void> = [];
  private running = false;
  private inflight = 0;
  private settleWaiters: Array<() => void> = [];

  /** Queues a task; runs it at once when the loop is idle. */
  post(task: () => void): void {
    this.queue.push(task);
    if (!this.running) this.run(() => {});
  }

  /**
   * Queues an "after VM call" action: it runs as soon as the current step
   * returns, after the actions queued before it and ahead of posted work.
   */
  afterCall(task: () => void): void {
    this.afterCallQueue.push(task);
    if (!this.running) this.run(() => {});
  }

  /** Runs `step`, then every task it (transitively) posted. Nested calls just run `step`. */
  run(step: () => void): void {
    if (this.running) {
      step();
      return;
    }
    this.running = true;
    try {
      step();
      while (this.afterCallQueue.length > 0 || this.queue.length > 0) (this.afterCallQueue.shift() ?? this.queue.shift())!();
    } finally {
      this.running = false;
    }
  }

  /** Counts `promise` as in-flight work (a callout handler, an async upstream) until it settles. */
  track<T>(promise: Promise<T>): Promise<T> {
    this.inflight++;
    const settle = () => {
      this.inflight--;
      const waiters = this.settleWaiters;
      this.settleWaiters = [];
      for (const waiter of waiters) waiter();
    };
    promise.then(settle, settle);
    return promise;
  }

  get inflightCount(): number {
    return this.inflight;
  }

  /**
   * Resolves once no tracked work is in flight and the promise chains that
   * follow it have run (one macrotask later).
   */
  async settled(): Promise<void> {
    while (true) {
      while (this.inflight > 0) await new Promise<void>((resolve) => this.settleWaiters.push(resolve));
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.inflight === 0 && this.queue.length === 0 && this.afterCallQueue.length === 0) return;
    }
  }
}
