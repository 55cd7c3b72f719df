import { CliError } from "../errors.ts";
import { RegistryAuth } from "./auth.ts";
import { isDigest, sha256Digest, type Digest } from "./digest.ts";
import { request, safeText, type Fetch } from "./http.ts";
import { isLoopbackRegistry, registryApiHost } from "./reference.ts";
import { DEFAULT_RETRY_POLICY, TransientError, withRetry, type RetryPolicy } from "./retry.ts";

export interface RegistryClientOptions {
  /** `host[:port]`, as in the image reference. */
  readonly registry: string;
  /** Plain HTTP instead of HTTPS. @default true for loopback hosts (localhost, 127.0.0.0/8, ::1), false otherwise */
  readonly plainHttp?: boolean;
  /** Where DOCKER_CONFIG, HOME and PATH (for credential helpers) come from. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default globalThis.fetch */
  readonly fetch?: Fetch;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: RetryPolicy;
  /** Waits between retries; tests pass one that does not. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Progress lines (retries); nothing when absent. */
  readonly log?: (line: string) => void;
}

export interface FetchedManifest {
  /** The `Content-Type` the registry served it with (or the manifest's own `mediaType`). */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly digest: Digest;
}

interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly body?: Uint8Array;
  /** The statuses that mean success; anything else fails with the registry's own error text. */
  readonly expect: readonly number[];
}

/** The OCI distribution API of one registry: blobs up and down, manifests up and down. */
export class RegistryClient {
  readonly baseUrl: string;
  private readonly fetchImpl: Fetch;
  private readonly auth: RegistryAuth;

  constructor(private readonly options: RegistryClientOptions) {
    const plainHttp = options.plainHttp ?? isLoopbackRegistry(options.registry);
    this.baseUrl = `${plainHttp ? "http" : "https"}://${registryApiHost(options.registry)}`;
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.auth = new RegistryAuth({ registry: options.registry, env: options.env ?? process.env, fetch: this.fetchImpl });
  }

  /** `HEAD /v2/<name>/blobs/<digest>`: whether the registry already holds the blob. */
  async blobExists(repository: string, digest: Digest): Promise<boolean> {
    const response = await this.retrying(`check blob ${digest}`, () =>
      this.send({ method: "HEAD", url: this.url(repository, `blobs/${digest}`), expect: [200, 404] }),
    );
    return response.status === 200;
  }

  /** A monolithic upload: `POST .../blobs/uploads/` (202 + Location), then `PUT <location>?digest=`. */
  async uploadBlob(repository: string, blob: { digest: Digest; bytes: Uint8Array }): Promise<void> {
    // Retried as a pair: a failed PUT may have spent the upload session the POST opened.
    await this.retrying(`upload blob ${blob.digest}`, async () => {
      const started = await this.send({ method: "POST", url: this.url(repository, "blobs/uploads/"), expect: [202] });
      const location = started.headers.get("location");
      await started.arrayBuffer();
      if (!location) throw new CliError("E_OCI_REGISTRY", `${this.baseUrl} opened an upload without a Location header`);
      const target = new URL(location, this.baseUrl);
      target.searchParams.set("digest", blob.digest);
      await this.send({
        method: "PUT",
        url: target.toString(),
        headers: { "content-type": "application/octet-stream" },
        body: blob.bytes,
        expect: [201],
      }).then((response) => response.arrayBuffer());
    });
  }

  /** `PUT /v2/<name>/manifests/<reference>` with the manifest's media type; returns the digest the registry computed. */
  async putManifest(repository: string, reference: string, mediaType: string, bytes: Uint8Array): Promise<Digest> {
    const response = await this.retrying(`push manifest ${reference}`, () =>
      this.send({ method: "PUT", url: this.url(repository, `manifests/${reference}`), headers: { "content-type": mediaType }, body: bytes, expect: [201] }),
    );
    const digest = response.headers.get("docker-content-digest") ?? sha256Digest(bytes);
    await response.arrayBuffer();
    return isDigest(digest) ? digest : sha256Digest(bytes);
  }

  /** `GET /v2/<name>/manifests/<reference>`; the bytes are checked against the digest asked for or announced. */
  async getManifest(repository: string, reference: string, accept: string): Promise<FetchedManifest> {
    const url = this.url(repository, `manifests/${reference}`);
    const response = await this.retrying(`fetch manifest ${reference}`, () => this.send({ method: "GET", url, headers: { accept }, expect: [200] }));
    const bytes = new Uint8Array(await response.arrayBuffer());
    const digest = sha256Digest(bytes);
    const expected = isDigest(reference) ? reference : response.headers.get("docker-content-digest");
    if (expected && isDigest(expected) && expected !== digest) throw digestMismatch(`manifest ${url}`, expected, digest);
    const contentType = response.headers.get("content-type")?.split(";")[0].trim();
    return { mediaType: contentType || "", bytes, digest };
  }

  /** `GET /v2/<name>/blobs/<digest>`, refusing bytes that do not hash to `digest`. */
  async getBlob(repository: string, digest: Digest): Promise<Uint8Array> {
    const url = this.url(repository, `blobs/${digest}`);
    const bytes = await this.retrying(`fetch blob ${digest}`, async () => {
      const response = await this.send({ method: "GET", url, expect: [200] });
      return new Uint8Array(await response.arrayBuffer());
    });
    const actual = sha256Digest(bytes);
    if (actual !== digest) throw digestMismatch(`blob ${url}`, digest, actual);
    return bytes;
  }

  private url(repository: string, path: string): string {
    return `${this.baseUrl}/v2/${repository}/${path}`;
  }

  /** Runs `operation` under the retry policy; a failure that outlives it becomes a CliError. */
  private async retrying<T>(what: string, operation: () => Promise<T>): Promise<T> {
    const policy = this.options.retry ?? DEFAULT_RETRY_POLICY;
    try {
      return await withRetry(operation, policy, {
        sleep: this.options.sleep,
        onRetry: (error, attempt, waitMs) => this.options.log?.(`  retrying ${what} in ${waitMs} ms (attempt ${attempt + 1} of ${policy.attempts}): ${error.message}`),
      });
    } catch (error) {
      if (!(error instanceof TransientError)) throw error;
      throw new CliError("E_OCI_UNAVAILABLE", `could not ${what} on registry "${this.options.registry}" after ${policy.attempts} attempts; the last failure: ${error.message}. Try again later.`);
    }
  }

  /** One request, answering at most one 401 challenge before giving up. */
  private async send(exchange: Exchange): Promise<Response> {
    let response = await this.attempt(exchange, this.auth.authorization);
    if (response.status === 401) {
      const refused = this.auth.authorization;
      await response.arrayBuffer();
      await this.auth.answer(response.headers.get("www-authenticate"), refused);
      response = await this.attempt(exchange, this.auth.authorization);
      if (response.status === 401) {
        await response.arrayBuffer();
        await this.auth.refused();
      }
    }
    if (!exchange.expect.includes(response.status)) throw await this.unexpected(exchange, response);
    return response;
  }

  private attempt(exchange: Exchange, authorization: string | undefined): Promise<Response> {
    const headers = { ...exchange.headers, ...(authorization ? { authorization } : {}) };
    // Node's fetch takes any Uint8Array; the DOM typing wants one over a plain ArrayBuffer.
    const body = exchange.body as RequestInit["body"];
    return request(this.fetchImpl, exchange.url, { method: exchange.method, headers, body });
  }

  private async unexpected(exchange: Exchange, response: Response): Promise<CliError> {
    const text = exchange.method === "HEAD" ? "" : await safeText(response);
    const where = `${exchange.method} ${exchange.url}`;
    if (response.status === 403) {
      return new CliError("E_OCI_DENIED", `registry "${this.options.registry}" denied ${where} (HTTP 403): the credentials lack access to this repository. ${text}`.trim());
    }
    if (response.status === 404 && exchange.url.includes("/manifests/")) {
      return new CliError("E_OCI_NOT_FOUND", `no such image: ${where} answered 404 ${registryErrors(text)}. Check the repository and tag.`);
    }
    return new CliError("E_OCI_REGISTRY", `${where} answered HTTP ${response.status}: ${registryErrors(text) || "(no body)"}`);
  }
}

/** The `errors[].code: message` list of a distribution error body, or the raw text. */
function registryErrors(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    if (Array.isArray(body.errors)) return body.errors.map((e) => `${e.code}: ${e.message}`).join("; ");
  } catch {
    // not JSON: quote as is
  }
  return text;
}

function digestMismatch(what: string, expected: string, actual: string): CliError {
  return new CliError("E_OCI_DIGEST_MISMATCH", `${what} should have digest ${expected} but its bytes hash to ${actual}: the registry served corrupt or substituted content`);
}
