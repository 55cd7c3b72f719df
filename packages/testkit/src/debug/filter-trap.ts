/**
 * A filter trapped (or aborted) while a request was in flight: what a test
 * failure, or `envoyscript run`, prints about it. The frames are those of
 * the module that ran, symbolized from its name section and source map.
 */
import { type WasmFrame } from "./backtrace.ts";
import { formatFrame, ModuleSymbols, type SourceFrame } from "./module-symbols.ts";

/** The request the filter was handling, as the client sent it. */
export interface RequestInFlight {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface FilterTrapInit {
  /** The module that trapped (its file). */
  readonly module: string;
  /** The proxy-wasm callback that failed (`proxy_on_request_headers`). */
  readonly during: string;
  /** The runtime's reason (`RuntimeError: unreachable`). */
  readonly reason: string;
  /** What the SDK's `abort` logged before the trap (`abort: <message> at <file>:<line>:<column>`), when it did. */
  readonly abort: string | null;
  /** Innermost first. */
  readonly frames: readonly WasmFrame[];
  readonly request: RequestInFlight | null;
}

export class FilterTrap {
  readonly module: string;
  readonly during: string;
  readonly reason: string;
  readonly abort: string | null;
  /** Innermost first: the AssemblyScript function and source position of each frame. */
  readonly frames: readonly SourceFrame[];
  readonly request: RequestInFlight | null;
  /** False for a release build: its frames are offsets; run the debug build to see functions and lines. */
  readonly symbolized: boolean;

  constructor(init: FilterTrapInit) {
    this.module = init.module;
    this.during = init.during;
    this.reason = init.reason;
    this.abort = init.abort;
    this.request = init.request;
    const symbols = safeSymbols(init.module);
    this.frames = init.frames.map((frame) => symbols?.symbolize(frame) ?? { function: frame.hostName ?? `wasm-function[${frame.functionIndex ?? "?"}]`, position: null, offset: frame.offset });
    this.symbolized = symbols?.hasDebugInfo ?? false;
  }

  /** The report, one fact a line: what failed, the abort message, each frame, the request. */
  describe(): string {
    const lines = [`the filter trapped in ${this.during}: ${this.reason}`];
    if (this.abort) lines.push(`  ${this.abort}`);
    for (const frame of this.frames) lines.push(`    ${formatFrame(frame)}`);
    if (!this.symbolized) lines.push(`  (${this.module} has no name section or source map: run its debug build, e.g. build/<name>.debug.wasm, to see AssemblyScript functions and lines)`);
    if (this.request) lines.push(`  request in flight: ${describeRequest(this.request)}`);
    return lines.join("\n");
  }

  toString(): string {
    return this.describe();
  }
}

function describeRequest(request: RequestInFlight): string {
  const headers = Object.keys(request.headers ?? {}).length > 0 ? ` headers ${JSON.stringify(request.headers)}` : "";
  const body = request.body ? ` body ${JSON.stringify(request.body.length > 200 ? `${request.body.slice(0, 200)}…` : request.body)}` : "";
  return `${request.method ?? "GET"} ${request.path ?? "/"}${headers}${body}`;
}

function safeSymbols(module: string): ModuleSymbols | null {
  try {
    return ModuleSymbols.of(module);
  } catch {
    return null;
  }
}
