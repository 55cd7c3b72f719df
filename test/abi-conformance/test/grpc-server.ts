// The Conformance gRPC service the module calls, on a real gRPC server
// (@grpc/grpc-js, plaintext HTTP/2 on loopback). Messages are raw bytes:
// `Echo` answers with its request, `EchoStream` echoes each message and ends
// when the client ends its side.
import { Server, ServerCredentials, type ServiceDefinition, type UntypedServiceImplementation } from "@grpc/grpc-js";

const SERVICE = "envoyscript.conformance.v1.Conformance";
const bytes = (buffer: Buffer): Buffer => buffer;

const definition: ServiceDefinition = {
  Echo: method("Echo", false),
  EchoStream: method("EchoStream", true),
};

function method(name: string, streaming: boolean) {
  return {
    path: `/${SERVICE}/${name}`,
    requestStream: streaming,
    responseStream: streaming,
    requestSerialize: bytes,
    requestDeserialize: bytes,
    responseSerialize: bytes,
    responseDeserialize: bytes,
  };
}

export interface ConformanceGrpcServer {
  /** `127.0.0.1:<port>` */
  readonly address: string;
  /** Every call the server took, as `<method> <message>` (a stream: one entry per message). */
  readonly received: string[];
  close(): Promise<void>;
}

export async function startConformanceGrpcServer(): Promise<ConformanceGrpcServer> {
  const received: string[] = [];
  const server = new Server();
  const implementation: UntypedServiceImplementation = {
    Echo: (call: { request: Buffer }, callback: (error: null, response: Buffer) => void) => {
      received.push(`Echo ${call.request.toString()}`);
      callback(null, call.request);
    },
    EchoStream: (call: NodeJS.ReadWriteStream & { write(message: Buffer): boolean; end(): void }) => {
      call.on("data", (message: Buffer) => {
        received.push(`EchoStream ${message.toString()}`);
        call.write(message);
      });
      call.on("end", () => call.end());
    },
  };
  server.addService(definition, implementation);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    address: `127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
