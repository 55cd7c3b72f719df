/** A host function with the signature the host declares for it (i=i32, l=i64; "params:results"). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HostFunction = (...args: any[]) => number | void;
export type ImportSet = Record<string, readonly [signature: string, fn: HostFunction]>;
