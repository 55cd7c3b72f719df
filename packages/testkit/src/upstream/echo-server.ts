import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the echo upstream answers: the request it saw. */
export interface EchoedRequest {
  /** Name of the upstream that answered (tells which cluster a route chose). */
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
  /** Request headers as received, lower-cased keys; repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export type UpstreamHandler = (request: IncomingMessage, body: Buffer, response: ServerResponse) => void | Promise<void>;

/** An HTTP server on 127.0.0.1 owned by a test. */
export interface UpstreamServer {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Requests received so far. */
  readonly received: EchoedRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP upstream on an ephemeral loopback port. Without a handler it
 * echoes: 200 with a JSON body holding the method, path, headers and body it
 * received (`EchoedRequest`).
 */
export async function startUpstream(name = "echo", handler?: UpstreamHandler): Promise<UpstreamServer> {
  const received: EchoedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      const echoed = echo(name, request, body);
      received.push(echoed);
      if (handler) {
        Promise.resolve(handler(request, body, response)).catch((error: Error) => {
          response.statusCode = 500;
          response.end(`upstream handler failed: ${error.message}`);
        });
        return;
      }
      const json = Buffer.from(JSON.stringify(echoed));
      response.writeHead(200, { "content-type": "application/json", "content-length": json.length, "x-upstream": name });
      response.end(json);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    name,
    port,
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function echo(name: string, request: IncomingMessage, body: Buffer): EchoedRequest {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[key] = Array.isArray(value) ? value.join(", ") : value;
  }
  return { upstream: name, method: request.method ?? "", path: request.url ?? "", headers, body: body.toString("utf8") };
}
