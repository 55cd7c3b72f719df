import { CliError } from "../errors.ts";
import { dockerConfigPath, findCredentials, type Credentials } from "./docker-config.ts";
import { request, safeText, type Fetch } from "./http.ts";

/** One `WWW-Authenticate` challenge: its scheme (lowercase) and parameters. */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses `Bearer realm="...",service="...",scope="..."` or `Basic realm="..."`. */
export function parseChallenge(header: string): Challenge {
  const match = /^\s*([A-Za-z][\w-]*)\s*(.*)$/s.exec(header);
  if (!match) return { scheme: "", params: {} };
  const params: Record<string, string> = {};
  for (const param of match[2].matchAll(/([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))/g)) {
    params[param[1].toLowerCase()] = param[2] !== undefined ? param[2].replace(/\\(.)/g, "$1") : param[3];
  }
  return { scheme: match[1].toLowerCase(), params };
}

export interface RegistryAuthOptions {
  /** `host[:port]` as in the reference: the key of the credentials. */
  readonly registry: string;
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: Fetch;
}

/**
 * The `Authorization` a registry wants, learnt from its 401 challenges:
 * Basic with Docker's stored credentials, or a Bearer token from the
 * challenge's realm (asked with those credentials, or anonymously).
 */
export class RegistryAuth {
  private credentials?: Promise<Credentials | undefined>;
  private current?: string;
  private readonly tokens = new Map<string, string>();

  constructor(private readonly options: RegistryAuthOptions) {}

  /** The header to send with the next request, once a challenge has been answered. */
  get authorization(): string | undefined {
    return this.current;
  }

  /**
   * Answers a 401: afterwards {@link authorization} holds a header worth a
   * retry. `rejected` is the header that was just refused, if any; a second
   * refusal of the same thing fails instead of looping.
   */
  async answer(challengeHeader: string | null, rejected: string | undefined): Promise<void> {
    const challenge = parseChallenge(challengeHeader ?? "");
    if (challenge.scheme === "basic") {
      this.current = basicHeader(await this.requireCredentials());
    } else if (challenge.scheme === "bearer") {
      this.current = await this.bearerHeader(challenge, rejected);
    } else {
      throw new CliError("E_OCI_AUTH_SCHEME", `registry "${this.options.registry}" answered 401 with an authentication scheme we do not speak: "${challengeHeader ?? "(no WWW-Authenticate header)"}"`);
    }
    if (this.current === rejected) await this.refused();
  }

  private async bearerHeader(challenge: Challenge, rejected: string | undefined): Promise<string> {
    const { realm, service, scope } = challenge.params;
    if (!realm) throw new CliError("E_OCI_AUTH_SCHEME", `registry "${this.options.registry}" sent a Bearer challenge without a realm`);
    const cacheKey = `${realm} ${service ?? ""} ${scope ?? ""}`;
    const cached = this.tokens.get(cacheKey);
    if (cached && `Bearer ${cached}` !== rejected) return `Bearer ${cached}`;
    const token = await this.fetchToken(realm, service, scope);
    this.tokens.set(cacheKey, token);
    return `Bearer ${token}`;
  }

  private async fetchToken(realm: string, service: string | undefined, scope: string | undefined): Promise<string> {
    const url = new URL(realm);
    if (service) url.searchParams.set("service", service);
    if (scope) url.searchParams.set("scope", scope);
    const credentials = await this.loadCredentials();
    const headers: Record<string, string> = credentials ? { authorization: basicHeader(credentials) } : {};
    const response = await request(this.options.fetch, url.toString(), { method: "GET", headers });
    if (response.status === 401 || response.status === 403) {
      if (!credentials) throw this.missingCredentials();
      await this.refused(`the token service ${url.origin}${url.pathname} refused them (HTTP ${response.status})`);
    }
    if (!response.ok) {
      throw new CliError("E_OCI_AUTH_TOKEN", `the token service ${url.toString()} answered HTTP ${response.status}: ${await safeText(response)}`);
    }
    const body = (await response.json().catch(() => ({}))) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new CliError("E_OCI_AUTH_TOKEN", `the token service ${url.toString()} answered without a "token" or "access_token"`);
    return token;
  }

  private loadCredentials(): Promise<Credentials | undefined> {
    this.credentials ??= findCredentials(this.options.registry, this.options.env);
    return this.credentials;
  }

  private async requireCredentials(): Promise<Credentials> {
    const credentials = await this.loadCredentials();
    if (!credentials) throw this.missingCredentials();
    return credentials;
  }

  private missingCredentials(): CliError {
    const { registry, env } = this.options;
    const file = dockerConfigPath(env);
    return new CliError(
      "E_OCI_AUTH_REQUIRED",
      `registry "${registry}" requires credentials and none were found for it in ${file}. ` +
        `Run "docker login ${registry}", or add {"auths": {"${registry}": {"auth": "<base64 of user:password>"}}} to that file ` +
        `(a "credHelpers" or "credsStore" entry works too); set DOCKER_CONFIG to read config.json from another directory.`,
    );
  }

  /** Fails for a registry that still answers 401 after its challenge was answered. */
  async refused(how = "it still answers HTTP 401"): Promise<never> {
    const credentials = await this.loadCredentials();
    const { registry } = this.options;
    if (!credentials) throw this.missingCredentials();
    throw new CliError(
      "E_OCI_AUTH_REJECTED",
      `registry "${registry}" did not accept the credentials of user "${credentials.username}" from ${credentials.source}: ${how}. ` +
        `Check them with "docker login ${registry}".`,
    );
  }
}

function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, "utf8").toString("base64")}`;
}
