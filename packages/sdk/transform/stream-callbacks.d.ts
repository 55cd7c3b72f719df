// Types of stream-callbacks.js (an AssemblyScript transform, plain JavaScript
// so that asc loads it without a TypeScript loader).

/** Per-stream callbacks, by the context method that answers each. */
export declare const STREAM_CALLBACKS: Readonly<Record<string, string>>;

/** The stream callbacks `program` needs; null when it holds no SDK dispatcher. */
export declare function usedStreamCallbacks(program: unknown): Set<string> | null;

/** The transform asc instantiates. */
export default class StreamCallbacks {
  used: Set<string> | null;
  afterInitialize(program: unknown): void;
  afterCompile(module: unknown): void;
}
