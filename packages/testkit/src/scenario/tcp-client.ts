import net from "node:net";
import type { TcpConversation } from "./types.ts";

const CONVERSATION_TIMEOUT_MS = 10_000;

/**
 * A client's TCP conversation with a proxy in front of an echo upstream:
 * writes each chunk once at least as many bytes as it has written came back
 * (the echo, as the filter let it through), then ends its side and waits for
 * the connection to close.
 */
export function converse(port: number, chunks: readonly string[]): Promise<TcpConversation> {
  return new Promise((resolve, reject) => {
    let reply = "";
    let written = 0;
    let next = 0;
    let ended = false;
    const socket = net.connect(port, "127.0.0.1");
    const writeNext = (): void => {
      if (next < chunks.length) {
        const chunk = chunks[next++]!;
        written += Buffer.byteLength(chunk);
        socket.write(chunk);
      } else if (!ended) {
        ended = true;
        socket.end();
      }
    };
    socket.setEncoding("utf8");
    socket.setTimeout(CONVERSATION_TIMEOUT_MS, () =>
      socket.destroy(new Error(`the TCP conversation got neither its echo nor a close within ${CONVERSATION_TIMEOUT_MS} ms (got ${JSON.stringify(reply)})`)),
    );
    socket.on("connect", writeNext);
    socket.on("data", (data: string) => {
      reply += data;
      if (Buffer.byteLength(reply) >= written) writeNext();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "ECONNRESET") reject(error);
    });
    socket.on("close", () => resolve({ reply, closedByProxy: !ended }));
  });
}
