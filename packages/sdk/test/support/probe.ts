// Drives a probe module: writes input bytes into its memory, calls an
// exported function, reads back the UTF-8 output it left.

export interface ProbeExports {
  memory: WebAssembly.Memory;
  allocateInput(size: number): number;
  outputPointer(): number;
  outputLength(): number;
  [name: string]: unknown;
}

export class Probe {
  constructor(readonly exports: ProbeExports) {}

  static async instantiate(wasm: Uint8Array): Promise<Probe> {
    const imports = {
      env: {
        abort: (message: number, file: number, line: number, column: number) => {
          throw new Error(`abort called at ${line}:${column}`);
        },
      },
    };
    const { instance } = await WebAssembly.instantiate(wasm, imports);
    return new Probe(instance.exports as unknown as ProbeExports);
  }

  /** Calls `name` with `input` as the module's input buffer; returns the output text. */
  run(name: string, input: Uint8Array | string = new Uint8Array(0)): string {
    const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
    const pointer = this.exports.allocateInput(bytes.length);
    new Uint8Array(this.exports.memory.buffer, pointer, bytes.length).set(bytes);
    (this.exports[name] as () => void)();
    return new TextDecoder().decode(this.outputBytes());
  }

  outputBytes(): Uint8Array {
    const pointer = this.exports.outputPointer();
    return new Uint8Array(this.exports.memory.buffer.slice(pointer, pointer + this.exports.outputLength()));
  }
}
