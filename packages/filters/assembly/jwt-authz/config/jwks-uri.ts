// A `jwksUri` split into what an HTTP callout needs: the `:authority` and
// the `:path` (the cluster, configured separately, says where to connect).

export class JwksUri {
  constructor(public readonly scheme: string, public readonly authority: string, public readonly path: string) {}
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
  return new JwksUri(scheme, authority, path);
}

function hasControl(text: string): bool {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x20 || code == 0x7f) return true;
  }
  return false;
}
