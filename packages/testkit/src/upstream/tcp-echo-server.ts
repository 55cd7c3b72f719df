import net, { type AddressInfo } from "node:net";

/** A TCP server on 127.0.0.1 that sends back every byte it receives, and closes its side when the client does. */
export interface TcpEchoServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startTcpEcho(): Promise<TcpEchoServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
