// AssemblyScript's `abort` and `trace` are imports from `env` by default,
// which Envoy does not provide. The build preset routes them here (`--use`),
// so a failed assertion reaches Envoy's log before the module traps.

// @ts-ignore: decorator
@external("env", "proxy_log")
declare function proxy_log(level: i32, messagePtr: usize, messageSize: usize): u32;

const CRITICAL: i32 = 5;
const INFO: i32 = 2;

function logUtf8(level: i32, text: string): void {
  const bytes = String.UTF8.encode(text);
  proxy_log(level, changetype<usize>(bytes), bytes.byteLength);
}

/** Replaces `env.abort`: logs the failure at CRITICAL through `proxy_log`, then traps. */
export function abortThroughProxyLog(message: string | null = null, fileName: string | null = null, line: u32 = 0, column: u32 = 0): void {
  let text = "abort: " + (message !== null ? message : "(no message)");
  if (fileName !== null) text += " at " + fileName + ":" + line.toString() + ":" + column.toString();
  logUtf8(CRITICAL, text);
  unreachable();
}

/** Replaces `env.trace`: logs at INFO through `proxy_log`. */
export function traceThroughProxyLog(message: string, n: i32 = 0, a0: f64 = 0, a1: f64 = 0, a2: f64 = 0, a3: f64 = 0, a4: f64 = 0): void {
  let text = "trace: " + message;
  if (n > 0) text += " " + a0.toString();
  if (n > 1) text += " " + a1.toString();
  if (n > 2) text += " " + a2.toString();
  if (n > 3) text += " " + a3.toString();
  if (n > 4) text += " " + a4.toString();
  logUtf8(INFO, text);
}
