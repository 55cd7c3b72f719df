import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { startUpstream, type Upstream, type UpstreamServer } from "@envoyscript/testkit";
import { CliError } from "../errors.ts";

/** The cluster of the echo upstream `run` always starts. */
export const ECHO_CLUSTER = "echo";

/** The cluster name of a plain `--upstream <url>` (no `<name>=`). */
export const UNNAMED_UPSTREAM = "upstream";

/** One `--upstream [<name>=]<url>`. */
export interface UpstreamSpec {
  readonly name: string;
  readonly url: URL;
}

/** The clusters of a `run` session and the echo server behind one of them. */
export interface RunUpstreams {
  /** Default route's cluster first, then the others; each also under its mesh name (see {@link meshClusterName}). */
  readonly clusters: Upstream[];
  /** The cluster requests without a route header go to. */
  readonly defaultCluster: string;
  readonly echo: UpstreamServer;
}

/**
 * Parses `--upstream <name>=<url>` or `--upstream <url>` (named
 * {@link UNNAMED_UPSTREAM}). A name is a cluster name: letters, digits, `_`,
 * `.`, `-`; a URL's own `=` (in its query) comes after `://`, so it never
 * reads as a name.
 */
export function parseUpstreamFlag(value: string): UpstreamSpec {
  const named = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(value);
  const name = named ? named[1] : UNNAMED_UPSTREAM;
  const text = named ? named[2] : value;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError("E_USAGE", `--upstream wants [<name>=]http://<host>:<port>, got "${value}"`, 2);
  }
  if (url.protocol !== "http:") {
    throw new CliError("E_USAGE", `--upstream "${value}": run speaks plain HTTP to upstreams (no TLS origination); for ${url.protocol}// give your own bootstrap with --envoy-config`, 2);
  }
  if (name === ECHO_CLUSTER) throw new CliError("E_USAGE", `--upstream "${value}": the name "${ECHO_CLUSTER}" is the echo upstream's; pick another`, 2);
  return { name, url };
}

/**
 * Istio's name for the cluster of a host and port (`outbound|<port>||<host>`),
 * the one jwt-authz calls for a `jwksUri` without `jwksCluster`: with it,
 * filters find these upstreams as they would in a mesh.
 */
export function meshClusterName(host: string, port: number): string {
  return `outbound|${port}||${host}`;
}

/**
 * Starts the echo upstream and lays out the clusters: each `--upstream` in
 * order (the first is the default route), then the echo upstream (the default
 * when there is no `--upstream`), each once more under its mesh name.
 */
export async function startRunUpstreams(specs: readonly UpstreamSpec[]): Promise<RunUpstreams> {
  const names = new Set<string>();
  for (const spec of specs) {
    if (names.has(spec.name)) throw new CliError("E_USAGE", `--upstream "${spec.name}" is given twice; name each upstream once (<name>=<url>)`, 2);
    names.add(spec.name);
  }
  const resolved = await Promise.all(specs.map(async (spec) => ({ name: spec.name, host: spec.url.hostname, port: Number(spec.url.port || 80), address: await addressOf(spec) })));
  const echo = await startUpstream("echo");
  const targets = [...resolved, { name: ECHO_CLUSTER, host: "127.0.0.1", port: echo.port, address: "127.0.0.1" }];
  const clusters: Upstream[] = targets.map((target) => ({ name: target.name, host: target.address, port: target.port }));
  for (const target of targets) {
    const mesh = meshClusterName(target.host, target.port);
    if (!clusters.some((cluster) => cluster.name === mesh)) clusters.push({ name: mesh, host: target.address, port: target.port });
  }
  return { clusters, defaultCluster: targets[0].name, echo };
}

/** An upstream's IP address: Envoy's static clusters take addresses, not host names. */
async function addressOf(spec: UpstreamSpec): Promise<string> {
  const host = spec.url.hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host)) return host;
  try {
    return (await lookup(host)).address;
  } catch (error) {
    throw new CliError("E_UPSTREAM", `--upstream ${spec.name}: cannot resolve "${host}": ${(error as Error).message}`);
  }
}
