// A `jwksUri` split into what an HTTP callout needs (the `:authority` and
// the `:path`), and the cluster a mesh has for it: Istio names the cluster
// of a service `outbound|<port>||<host>` (pilot's BuildSubsetKey, the name
// istiod gives jwt_authn for a remote JWKS), so with a ServiceEntry for an
// external JWKS host the sidecar already has that cluster.

export class JwksUri {
  constructor(
    public readonly scheme: string,
    public readonly authority: string,
    public readonly path: string,
    /** The host without port (IPv6 without brackets), as Istio's hostname. */
    public readonly host: string,
    /** The explicit port, else 80 (http) or 443 (https). */
    public readonly port: i32,
  ) {}

  /** Istio's cluster for this URI's host and port: `outbound|443||keys.example.com`. */
  get meshCluster(): string {
    return "outbound|" + this.port.toString() + "||" + this.host;
  }
}

/** `http(s)://authority/path?query` split, or null when it is not such a URL. */
export function parseJwksUri(text: string): JwksUri | null {
  let scheme = "";
  if (text.startsWith("http://")) scheme = "http";
  else if (text.startsWith("https://")) scheme = "https";
  else return null;
  const rest = text.substring(scheme.length + 3);
  const slash = rest.indexOf("/");
  const authority = slash < 0 ? rest : rest.substring(0, slash);
  const path = slash < 0 ? "/" : rest.substring(slash);
  if (authority.length == 0 || authority.indexOf("@") >= 0 || hasControl(text)) return null;
  const hostEnd = hostEndOf(authority);
  if (hostEnd <= 0) return null;
  const host = authority.charCodeAt(0) == 0x5b ? authority.substring(1, hostEnd - 1) : authority.substring(0, hostEnd);
  let port = scheme == "https" ? 443 : 80;
  if (hostEnd < authority.length) {
    // Only ":<digits>" may follow the host.
    if (authority.charCodeAt(hostEnd) != 0x3a) return null;
    port = parsePort(authority.substring(hostEnd + 1));
    if (port < 0) return null;
  }
  return new JwksUri(scheme, authority, path, host, port);
}

/** Where the host ends in `authority`: after `]` for `[v6]`, else at the first ':'; -1 when malformed. */
function hostEndOf(authority: string): i32 {
  if (authority.charCodeAt(0) == 0x5b) {
    const close = authority.indexOf("]");
    return close < 0 ? -1 : close + 1;
  }
  const colon = authority.indexOf(":");
  return colon < 0 ? authority.length : colon;
}

/** 1 to 65535 in decimal, else -1. */
function parsePort(text: string): i32 {
  if (text.length == 0 || text.length > 5) return -1;
  let port = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return -1;
    port = port * 10 + digit;
  }
  return port >= 1 && port <= 65535 ? port : -1;
}

function hasControl(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code == 0x7f) return true;
  }
  return false;
}
