import { CliError } from "../errors.ts";
import { isTransientNetworkError, isTransientStatus, parseRetryAfter, TransientError } from "./retry.ts";

/** The `fetch` the registry client uses; tests may wrap it to log requests. */
export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * One HTTP exchange, with failures sorted: network hiccups and 5xx/429
 * become {@link TransientError} (retried by the caller), a registry that
 * cannot be reached at all becomes a {@link CliError} that says why.
 */
export async function request(fetchImpl: Fetch, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, { ...init, redirect: "follow" });
  } catch (error) {
    if (isTransientNetworkError(error)) throw new TransientError(`${init.method ?? "GET"} ${url}: ${causeText(error)}`);
    throw new CliError("E_OCI_UNREACHABLE", `cannot reach ${url}: ${causeText(error)}${hintFor(url, error)}`);
  }
  if (isTransientStatus(response.status)) {
    const body = await safeText(response);
    throw new TransientError(`${init.method ?? "GET"} ${url}: HTTP ${response.status} ${body}`.trim(), parseRetryAfter(response.headers.get("retry-after")));
  }
  return response;
}

/** The response body for an error message, shortened. */
export async function safeText(response: Response): Promise<string> {
  try {
    return (await response.text()).trim().slice(0, 300);
  } catch {
    return "";
  }
}

function causeText(error: unknown): string {
  const parts: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    parts.push(typeof code === "string" && !current.message.includes(code) ? `${current.message} (${code})` : current.message);
  }
  // OpenSSL's messages carry line breaks; the CLI reports one line.
  return (parts.join(": ") || String(error)).replace(/\s+/g, " ").trim();
}

function hintFor(url: string, error: unknown): string {
  const text = causeText(error);
  if (url.startsWith("https:") && /wrong version number|packet length too long|EPROTO/i.test(text)) {
    return ". The registry seems to speak plain HTTP: pass --plain-http";
  }
  if (/certificate/i.test(text)) {
    return ". The registry's TLS certificate is not trusted: add its CA with NODE_EXTRA_CA_CERTS=<ca.pem>";
  }
  if (/ECONNREFUSED/.test(text)) return ". Is the registry running, and is the host and port right?";
  return "";
}
