/**
 * A sequential HTTP/1.1 client over one keep-alive connection that sends the
 * load test's request bytes (as wrk does) and waits for each response: for
 * measurements that count work per request rather than time it.
 */
import net from "node:net";
import type { LoadRequest } from "./wrk-script.ts";

export interface Http1Client {
  /** Sends the i-th request (the token rotation of cache-miss runs applied) and resolves with the status. */
  send(i: number): Promise<number>;
  close(): void;
}

export async function connectHttp1(port: number, request: LoadRequest): Promise<Http1Client> {
  const socket = net.connect({ host: "127.0.0.1", port });
  await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  let buffered = Buffer.alloc(0);
  let waiting: { resolve: (status: number) => void; reject: (error: Error) => void } | null = null;
  const settle = (): void => {
    const complete = completeResponse(buffered);
    if (!complete || !waiting) return;
    buffered = buffered.subarray(complete.length);
    const { resolve } = waiting;
    waiting = null;
    resolve(complete.status);
  };
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    settle();
  });
  socket.on("error", (error) => waiting?.reject(error));
  socket.on("close", () => waiting?.reject(new Error("the connection closed before the response was complete")));
  return {
    send: (i) =>
      new Promise((resolve, reject) => {
        waiting = { resolve, reject };
        socket.write(requestBytes(request, port, i));
      }),
    close: () => socket.destroy(),
  };
}

function requestBytes(request: LoadRequest, port: number, i: number): string {
  const headers: Record<string, string> = { ...request.headers };
  if (request.rotateTokens?.length) headers.authorization = `Bearer ${request.rotateTokens[i % request.rotateTokens.length]}`;
  const lines = [`GET ${request.path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)];
  return lines.join("\r\n") + "\r\n\r\n";
}

/** The status and byte length of the first whole response in `bytes` (Content-Length framing), or null. */
function completeResponse(bytes: Buffer): { status: number; length: number } | null {
  const end = bytes.indexOf("\r\n\r\n");
  if (end < 0) return null;
  const head = bytes.subarray(0, end).toString("latin1");
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const contentLength = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
  const length = end + 4 + contentLength;
  return bytes.length >= length ? { status, length } : null;
}
