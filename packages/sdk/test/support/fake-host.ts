// A deliberately small proxy-wasm host for SDK tests: enough of the ABI to
// drive an HTTP filter through its lifecycle (logs, properties, plugin
// configuration, request/response header maps). Anything else answers
// UNIMPLEMENTED (12), which the SDK reports loudly. The full emulator lives
// in @envoyscript/testkit; this one only keeps the SDK's tests self-contained.

const OK = 0;
const NOT_FOUND = 1;
const BAD_ARGUMENT = 2;
const UNIMPLEMENTED = 12;

type Pairs = Array<[string, string]>;

interface FilterExports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  _initialize(): void;
  [name: string]: unknown;
}

export interface LogLine {
  level: number;
  message: string;
}

export interface LocalResponse {
  status: number;
  body: string;
}

export class FakeHost {
  readonly logs: LogLine[] = [];
  /** Metrics by name, defined by `proxy_define_metric`, with their value. */
  readonly metrics = new Map<string, number>();
  readonly localResponses: LocalResponse[] = [];
  private readonly metricNames: string[] = [];
  logLevel = 0;
  pluginConfiguration = new Uint8Array(0);
  properties = new Map<string, Uint8Array>();
  maps = new Map<number, Pairs>();
  private exports!: FilterExports;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  async load(wasm: Uint8Array): Promise<void> {
    const module = await WebAssembly.compile(wasm);
    const implemented = this.hostFunctions();
    const env: WebAssembly.ModuleImports = {};
    const wasi: WebAssembly.ModuleImports = {};
    for (const entry of WebAssembly.Module.imports(module)) {
      const target = entry.module === "env" ? env : wasi;
      target[entry.name] = (implemented[entry.name] ?? (() => UNIMPLEMENTED)) as WebAssembly.ImportValue;
    }
    const instance = await WebAssembly.instantiate(module, { env, wasi_snapshot_preview1: wasi });
    this.exports = instance.exports as unknown as FilterExports;
    this.exports._initialize();
  }

  /**
   * Calls export `name`. A `proxy_on_*` callback the module does not export is
   * not called, as in Envoy: it answers what Envoy assumes (done for
   * `proxy_on_done`, continue for the others).
   */
  call(name: string, ...args: number[]): number {
    const fn = this.exports[name] as ((...a: number[]) => number | undefined) | undefined;
    if (fn === undefined && name.startsWith("proxy_on_")) return name === "proxy_on_done" ? 1 : 0;
    if (fn === undefined) throw new Error(`the module does not export ${name}`);
    return fn(...args) ?? 0;
  }

  setProperty(path: string[], value: string): void {
    this.properties.set(path.join("\0"), this.encoder.encode(value));
  }

  memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  private bytes(pointer: number, size: number): Uint8Array {
    return new Uint8Array(this.exports.memory.buffer, pointer, size);
  }

  private text(pointer: number, size: number): string {
    return this.decoder.decode(this.bytes(pointer, size));
  }

  private writeU32(pointer: number, value: number): void {
    new DataView(this.exports.memory.buffer).setUint32(pointer, value, true);
  }

  /** What the host does for every **ptr out-parameter: allocate in the module, copy, report. */
  private copyOut(data: Uint8Array, pointerPointer: number, sizePointer: number): number {
    let pointer = 0;
    if (data.length > 0) {
      pointer = this.exports.malloc(data.length);
      this.bytes(pointer, data.length).set(data);
    }
    this.writeU32(pointerPointer, pointer);
    this.writeU32(sizePointer, data.length);
    return OK;
  }

  private map(type: number): Pairs | undefined {
    return this.maps.get(type);
  }

  private hostFunctions(): Record<string, (...args: number[]) => number> {
    return {
      proxy_log: (level, pointer, size) => (this.logs.push({ level, message: this.text(pointer, size) }), OK),
      proxy_get_log_level: (pointer) => (this.writeU32(pointer, this.logLevel), OK),
      proxy_set_effective_context: () => OK,
      proxy_get_property: (pathPointer, pathSize, valuePointerPointer, valueSizePointer) => {
        const value = this.properties.get(this.text(pathPointer, pathSize));
        return value === undefined ? NOT_FOUND : this.copyOut(value, valuePointerPointer, valueSizePointer);
      },
      proxy_get_buffer_bytes: (type, start, maxSize, pointerPointer, sizePointer) => {
        if (type !== 7) return NOT_FOUND;
        // Parameters are u32 on the ABI; JavaScript sees them signed.
        return this.copyOut(this.pluginConfiguration.slice(start >>> 0, (start >>> 0) + (maxSize >>> 0)), pointerPointer, sizePointer);
      },
      proxy_get_header_map_value: (type, keyPointer, keySize, valuePointerPointer, valueSizePointer) => {
        const map = this.map(type);
        if (map === undefined) return BAD_ARGUMENT;
        const key = this.text(keyPointer, keySize).toLowerCase();
        const entry = map.find(([name]) => name === key);
        return entry === undefined ? NOT_FOUND : this.copyOut(this.encoder.encode(entry[1]), valuePointerPointer, valueSizePointer);
      },
      proxy_define_metric: (type, namePointer, nameSize, idPointer) => {
        const name = this.text(namePointer, nameSize);
        if (!this.metrics.has(name)) this.metrics.set(name, 0);
        let id = this.metricNames.indexOf(name);
        if (id < 0) id = this.metricNames.push(name) - 1;
        this.writeU32(idPointer, id);
        return OK;
      },
      proxy_increment_metric: (id, offset) => {
        const name = this.metricNames[id];
        if (name === undefined) return NOT_FOUND;
        this.metrics.set(name, (this.metrics.get(name) ?? 0) + Number(offset));
        return OK;
      },
      proxy_send_local_response: (status, _detailsPointer, _detailsSize, bodyPointer, bodySize) => {
        this.localResponses.push({ status, body: this.text(bodyPointer, bodySize) });
        return OK;
      },
      proxy_add_header_map_value: (type, keyPointer, keySize, valuePointer, valueSize) => {
        const map = this.map(type);
        if (map === undefined) return BAD_ARGUMENT;
        map.push([this.text(keyPointer, keySize).toLowerCase(), this.text(valuePointer, valueSize)]);
        return OK;
      },
    };
  }
}
