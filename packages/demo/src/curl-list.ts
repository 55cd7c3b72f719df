/**
 * The curl commands the demo prints: each is ready to paste (token inlined)
 * and carries its documented answer as a machine-checkable comment:
 *
 *   curl ... http://127.0.0.1:10000/reviews   # expect: 200; body has "version":"v1"
 *
 * Grammar of the comment: `expect: <status>` then, separated by "; ",
 * `body has <text>` (the text appears in the output) and `takes >= <n>s`
 * (curl's %{time_total}). Every command prints the body, then
 * `-> <status> in <seconds>s` on a line of its own.
 */

export interface CurlExpectation {
  readonly status: number;
  /** Fragments the output contains. */
  readonly bodyHas?: readonly string[];
  /** Minimum duration, seconds. */
  readonly minSeconds?: number;
}

export interface DemoCurl {
  /** What the command shows, one line. */
  readonly title: string;
  readonly command: string;
  readonly expect: CurlExpectation;
}

export interface CurlRequest {
  readonly path: string;
  readonly headers?: readonly string[];
}

/** Write-out that ends every command's output: `-> <status> in <seconds>s` on its own line. */
const WRITE_OUT = String.raw`\n-> %{http_code} in %{time_total}s\n`;

/** A curl against `listenerUrl` with `headers` ("name: value"), printing body and status. */
export function curlCommand(listenerUrl: string, request: CurlRequest): string {
  const headers = (request.headers ?? []).map((header) => `-H ${shellQuote(header)}`);
  return ["curl -s", `-w ${shellQuote(WRITE_OUT)}`, ...headers, shellQuote(`${listenerUrl}${request.path}`)].join(" ");
}

/** The `# expect: ...` comment for `expect`. */
export function expectComment(expect: CurlExpectation): string {
  const parts = [String(expect.status)];
  for (const fragment of expect.bodyHas ?? []) parts.push(`body has ${fragment}`);
  if (expect.minSeconds !== undefined) parts.push(`takes >= ${expect.minSeconds}s`);
  return `# expect: ${parts.join("; ")}`;
}

/** The numbered list, as printed for people. */
export function renderCurlList(curls: readonly DemoCurl[]): string[] {
  const lines: string[] = [];
  curls.forEach((curl, index) => {
    lines.push(`${String(index + 1).padStart(2)}. ${curl.title}`);
    lines.push(`    ${curl.command}   ${expectComment(curl.expect)}`);
    lines.push("");
  });
  return lines;
}

/** One JSON object per line, for scripts (`--json`). */
export function renderCurlJsonLines(curls: readonly DemoCurl[]): string[] {
  return curls.map((curl, index) => JSON.stringify({ n: index + 1, title: curl.title, command: curl.command, expect: curl.expect }));
}

/** `text` single-quoted for sh. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
