/**
 * Kubernetes' CEL `isURL()` and `url()` accept exactly what Go's
 * `net/url.ParseRequestURI` accepts, and `getScheme()` etc. read what
 * `net/url.Parse` found. This is a port of the parts of that parser those
 * functions depend on (scheme, opaque form, authority, host and port, percent
 * escapes), written from Go's documented behaviour, so that a WasmPlugin URL
 * is judged here as the API server judges it.
 */
export interface GoUrl {
  readonly raw: string;
  readonly scheme: string;
  readonly opaque: string;
  readonly userinfo?: string;
  /** host[:port], as written (still escaped). */
  readonly host: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

export class GoUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "GoUrlError";
  }
}

/** `url.ParseRequestURI`: an absolute URI or an absolute path, no fragment. */
export function parseRequestUri(raw: string): GoUrl {
  return parse(raw, true, "");
}

/** `url.Parse`: like the above but relative references are allowed and `#fragment` is split off. */
export function parseUrl(raw: string): GoUrl {
  const hash = raw.indexOf("#");
  const [rest, fragment] = hash < 0 ? [raw, ""] : [raw.slice(0, hash), raw.slice(hash + 1)];
  unescape(fragment, "fragment");
  return parse(rest, false, fragment);
}

function parse(raw: string, viaRequest: boolean, fragment: string): GoUrl {
  if ([...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw new GoUrlError("net/url: invalid control character in URL");
  if (raw === "" && viaRequest) throw new GoUrlError("empty url");
  const base = { raw, opaque: "", host: "", path: "", rawQuery: "", fragment };
  if (raw === "*") return { ...base, scheme: "", path: "*" };

  const [schemeRaw, afterScheme] = splitScheme(raw);
  const scheme = schemeRaw.toLowerCase();
  let rest = afterScheme;
  let rawQuery = "";
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    rest = rest.slice(0, -1);
  } else if (rest.includes("?")) {
    rawQuery = rest.slice(rest.indexOf("?") + 1);
    rest = rest.slice(0, rest.indexOf("?"));
  }

  if (!rest.startsWith("/")) {
    if (scheme !== "") return { ...base, scheme, opaque: rest, rawQuery };
    if (viaRequest) throw new GoUrlError("invalid URI for request");
    if (rest.split("/")[0].includes(":")) throw new GoUrlError("first path segment in URL cannot contain colon");
  }

  let userinfo: string | undefined;
  let host = "";
  if ((scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    const authority = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? "" : rest.slice(slash);
    ({ userinfo, host } = parseAuthority(authority));
  }
  unescape(rest, "path");
  return { ...base, scheme, userinfo, host, path: rest, rawQuery };
}

/** Go's getScheme: letters first, then letters, digits, "+", "-", "."; anything else means "no scheme". */
function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new GoUrlError("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

function parseAuthority(authority: string): { userinfo?: string; host: string } {
  const at = authority.lastIndexOf("@");
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { host };
  const userinfo = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new GoUrlError("net/url: invalid userinfo");
  unescape(userinfo, "userinfo");
  return { userinfo, host };
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) throw new GoUrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
    const zone = host.slice(0, close).indexOf("%25");
    const literal = zone < 0 ? host.slice(1, close) : host.slice(1, zone);
    // Go checks the bracketed part is an IP address (RFC 3986 IP-literal).
    if (!/^[0-9A-Fa-f:.]+$/.test(literal) || !literal.includes(":")) throw new GoUrlError(`invalid IP-literal ${JSON.stringify(host.slice(0, close + 1))}`);
    if (zone >= 0) unescape(host.slice(zone, close), "zone");
    return host;
  }
  const colon = host.lastIndexOf(":");
  if (colon >= 0) {
    const colonPort = host.slice(colon);
    if (!validOptionalPort(colonPort)) throw new GoUrlError(`invalid port ${JSON.stringify(colonPort)} after host`);
  }
  unescape(host, "host");
  return host;
}

function validOptionalPort(port: string): boolean {
  return port === "" || /^:[0-9]*$/.test(port);
}

type EscapeMode = "host" | "zone" | "path" | "userinfo" | "fragment";

// Characters a host may carry unescaped besides letters and digits (Go's shouldEscape for hosts).
const HOST_CHARACTERS = new Set("-_.~!$&'()*+,;=:[]<>\"");

/** Checks percent escapes (and, in a host, the characters allowed there) the way Go's unescape does. */
function unescape(text: string, mode: EscapeMode): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "%") {
      const pair = text.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(pair)) throw new GoUrlError(`invalid URL escape ${JSON.stringify(text.slice(i, i + 3))}`);
      // In a host only non-ASCII bytes may be escaped (and "%25" which introduces a zone).
      if (mode === "host" && parseInt(pair[0], 16) < 8 && pair !== "25") throw new GoUrlError(`invalid URL escape ${JSON.stringify(text.slice(i, i + 3))}`);
      i += 2;
    } else if ((mode === "host" || mode === "zone") && c.charCodeAt(0) < 0x80 && !/[A-Za-z0-9]/.test(c) && !HOST_CHARACTERS.has(c)) {
      throw new GoUrlError(`invalid character ${JSON.stringify(c)} in host name`);
    }
  }
}
