import type { HttpRequestInput } from "../emulator/index.ts";

type Pairs = Array<[string, string]>;

/**
 * Makes a failing request smaller while it keeps failing: drops the body and
 * headers, then shortens values, path and method, greedily, each candidate
 * checked on a fresh VM by `stillFails`. Bounded by `maxAttempts`.
 */
export async function shrinkRequest(
  failing: HttpRequestInput,
  stillFails: (candidate: HttpRequestInput) => Promise<boolean>,
  maxAttempts = 400,
): Promise<HttpRequestInput> {
  let best = failing;
  let attempts = 0;
  const tryCandidate = async (candidate: HttpRequestInput): Promise<boolean> => {
    if (attempts >= maxAttempts) return false;
    attempts++;
    if (!(await stillFails(candidate))) return false;
    best = candidate;
    return true;
  };
  let progress = true;
  while (progress && attempts < maxAttempts) {
    progress = false;
    for (const candidate of candidates(best)) {
      if (await tryCandidate(candidate)) {
        progress = true;
        break;
      }
    }
  }
  return best;
}

/** Smaller variants of `request`, biggest cuts first. */
function* candidates(request: HttpRequestInput): Generator<HttpRequestInput> {
  if (request.body !== undefined) yield { ...request, body: undefined };
  if (request.omitPseudoHeaders) yield { ...request, omitPseudoHeaders: undefined };
  const headers = (request.headers ?? []) as Pairs;
  for (let chunk = Math.ceil(headers.length / 2); chunk >= 1; chunk = Math.floor(chunk / 2)) {
    for (let start = 0; start < headers.length; start += chunk) {
      yield { ...request, headers: [...headers.slice(0, start), ...headers.slice(start + chunk)] };
    }
    if (chunk === 1) break;
  }
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    for (const shorter of shorterTexts(value)) yield { ...request, headers: headers.map((pair, j) => (j === i ? [name, shorter] : pair)) as Pairs };
  }
  if (request.body !== undefined && request.body.length > 1) yield { ...request, body: request.body.slice(0, Math.floor(request.body.length / 2)) };
  for (const shorter of shorterTexts(request.path ?? "/")) yield { ...request, path: shorter };
  if (request.method !== "GET") yield { ...request, method: "GET" };
  if (request.authority !== "localhost") yield { ...request, authority: "localhost" };
}

function* shorterTexts(text: string): Generator<string> {
  if (text.length === 0) return;
  yield "";
  if (text.length > 1) {
    yield text.slice(0, Math.floor(text.length / 2));
    yield text.slice(Math.floor(text.length / 2));
  }
}
