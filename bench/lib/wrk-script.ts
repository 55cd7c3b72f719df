/**
 * wrk Lua scripts: the request every configuration gets (same bytes for all,
 * so parsing costs are equal), optional rotation of the Authorization token
 * (cache-miss runs), and a done() hook printing the latency percentiles as
 * one JSON line.
 */

export interface LoadRequest {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Bearer tokens sent in turn, one per request (overrides any Authorization header). */
  readonly rotateTokens?: readonly string[];
}

/** Marks the JSON line in wrk's stdout. */
export const RESULT_MARKER = "WRK_JSON ";

export function wrkScript(request: LoadRequest): string {
  const lines = [`wrk.method = "GET"`, `wrk.path = ${luaString(request.path)}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  if (request.rotateTokens && request.rotateTokens.length > 0) lines.push(rotation(request.rotateTokens));
  lines.push(DONE_HOOK);
  return lines.join("\n") + "\n";
}

function rotation(tokens: readonly string[]): string {
  return [
    `local tokens = {`,
    ...tokens.map((token) => `  ${luaString(token)},`),
    `}`,
    `local count = #tokens`,
    `local next_index = 0`,
    // Defining request() makes wrk build every request through Lua (slower,
    // but on the load generator's core, not Envoy's).
    `request = function()`,
    `  next_index = next_index % count + 1`,
    `  wrk.headers["authorization"] = "Bearer " .. tokens[next_index]`,
    `  return wrk.format()`,
    `end`,
  ].join("\n");
}

const DONE_HOOK = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '${RESULT_MARKER}{"requests":%d,"durationUs":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latencyUs":{"p50":%d,"p90":%d,"p99":%d,"p999":%d,"mean":%.1f,"max":%d}}\\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.mean, latency.max))
end
`;

function luaString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
