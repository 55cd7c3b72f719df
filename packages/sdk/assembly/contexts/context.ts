// The base of every context the host creates: lifecycle callbacks shared by
// root, HTTP and TCP contexts, all doing nothing by default.

/** A context the host created (`proxy_on_context_create`), known by its id. */
export class Context {
  constructor(public readonly contextId: u32) {}

  /**
   * The host is done with this context (`proxy_on_done`). Return false to
   * keep it alive until `done()` (`proxy_done`) is called later.
   */
  onDone(): bool {
    return true;
  }

  /** Last chance to log about this context, headers still readable (`proxy_on_log`). */
  onLog(): void {}

  /** The host deleted this context (`proxy_on_delete`); the SDK forgets it right after. */
  onDelete(): void {}
}
