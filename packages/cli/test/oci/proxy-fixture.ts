import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small HTTP front for a real registry: each request is first shown to
 * `intercept`, which may answer it itself (a 401 challenge, a 503, a token),
 * reset the connection, or let it through to the registry unchanged. It is
 * how tests put a Bearer token service or a flaky network in front of the
 * reference registry, which itself speaks neither.
 */
export type Interception = "pass" | "reset" | { status: number; headers?: Record<string, string>; body?: string };

export interface InterceptedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

export interface RunningProxy {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  readonly requests: InterceptedRequest[];
  stop(): Promise<void>;
}

export async function startProxy(upstream: string, intercept: (request: InterceptedRequest) => Interception): Promise<RunningProxy> {
  const upstreamUrl = new URL(upstream);
  const requests: InterceptedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const seen = { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers };
      requests.push(seen);
      const decision = intercept(seen);
      if (decision === "reset") return req.socket.destroy();
      if (decision !== "pass") {
        res.writeHead(decision.status, decision.headers);
        return res.end(decision.body ?? "");
      }
      forward(upstreamUrl, req, Buffer.concat(chunks), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Passes the request on with the proxy's Host header kept, so the registry's absolute Locations point back here. */
function forward(upstream: URL, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): void {
  const headers = { ...req.headers };
  delete headers.authorization; // the registry behind is open; only the proxy checks tokens
  const outgoing = http.request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers },
    (upstreamResponse) => {
      res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
      upstreamResponse.pipe(res);
    },
  );
  outgoing.on("error", (error) => {
    res.writeHead(502);
    res.end(String(error));
  });
  outgoing.end(body);
}
