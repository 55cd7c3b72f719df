// Header maps: request/response headers and trailers, HTTP-callout response
// headers/trailers and gRPC metadata, through the `proxy_*_header_map_*`
// hostcalls. A map is only available in some callbacks (see each map below);
// Envoy answers BAD_ARGUMENT outside them, which the SDK reports loudly.

import {
  proxy_add_header_map_value,
  proxy_get_header_map_pairs,
  proxy_get_header_map_size,
  proxy_get_header_map_value,
  proxy_remove_header_map_value,
  proxy_replace_header_map_value,
  proxy_set_header_map_pairs,
} from "./imports";
import { MapType, WasmResult } from "./enums";
import { ArgSlot, OUT_EXTRA, OUT_PTR, OUT_SIZE, argLength, clearOut, discardOut, takeBytes, takeString, textArg } from "./memory";
import { expectOk, failHostcall } from "./status";
import {
  HeaderPair,
  HeaderPairBytes,
  deserializePairs,
  deserializePairsBytes,
  serializePairs,
  serializePairsBytes,
} from "./header-pairs";

/** One header map of the current (effective) context, named by its ABI map type. */
export class HeaderMap {
  constructor(public readonly mapType: MapType) {}

  /**
   * First value of header `name` (names are case-insensitive), or null when
   * absent. Wraps `proxy_get_header_map_value`.
   */
  get(name: string): string | null {
    if (!this.fetchValue(name)) return null;
    return takeString();
  }

  /** Like {@link get}, with the value's raw bytes. Wraps `proxy_get_header_map_value`. */
  getBytes(name: string): ArrayBuffer | null {
    if (!this.fetchValue(name)) return null;
    return takeBytes();
  }

  /** True when header `name` is present. Wraps `proxy_get_header_map_value` (the value is freed, not copied). */
  has(name: string): bool {
    if (!this.fetchValue(name)) return false;
    discardOut();
    return true;
  }

  /** Appends a header (keeps existing values of `name`). Wraps `proxy_add_header_map_value`. */
  add(name: string, value: string): void {
    const key = textArg(name, ArgSlot.First);
    const bytes = textArg(value, ArgSlot.Second);
    this.addAt(key, bytes, argLength(ArgSlot.Second));
  }

  /** Appends a header with raw value bytes. Wraps `proxy_add_header_map_value`. */
  addBytes(name: string, value: ArrayBuffer): void {
    this.addAt(textArg(name, ArgSlot.First), changetype<usize>(value), <usize>value.byteLength);
  }

  /** Sets header `name` to `value`, replacing every existing value. Wraps `proxy_replace_header_map_value`. */
  replace(name: string, value: string): void {
    const key = textArg(name, ArgSlot.First);
    const bytes = textArg(value, ArgSlot.Second);
    this.replaceAt(key, bytes, argLength(ArgSlot.Second));
  }

  /** Sets header `name` to raw value bytes. Wraps `proxy_replace_header_map_value`. */
  replaceBytes(name: string, value: ArrayBuffer): void {
    this.replaceAt(textArg(name, ArgSlot.First), changetype<usize>(value), <usize>value.byteLength);
  }

  /** Removes every value of header `name` (absent is fine). Wraps `proxy_remove_header_map_value`. */
  remove(name: string): void {
    const key = textArg(name, ArgSlot.First);
    const status = proxy_remove_header_map_value(this.mapType, key, argLength(ArgSlot.First));
    if (status != WasmResult.NotFound) expectOk(status, "proxy_remove_header_map_value");
  }

  /** Every header, in order, repeated names included. Wraps `proxy_get_header_map_pairs`. */
  getAll(): HeaderPair[] {
    if (!this.fetchPairs()) return new Array<HeaderPair>();
    const pointer = <usize>load<u32>(OUT_PTR);
    const pairs = deserializePairs(pointer, <usize>load<u32>(OUT_SIZE));
    if (pointer != 0) heap.free(pointer);
    return pairs;
  }

  /** Every header with raw value bytes. Wraps `proxy_get_header_map_pairs`. */
  getAllBytes(): HeaderPairBytes[] {
    if (!this.fetchPairs()) return new Array<HeaderPairBytes>();
    const pointer = <usize>load<u32>(OUT_PTR);
    const pairs = deserializePairsBytes(pointer, <usize>load<u32>(OUT_SIZE));
    if (pointer != 0) heap.free(pointer);
    return pairs;
  }

  /**
   * Every header in the ABI's serialized form (see header-pairs.ts), copied
   * out of the host's block without decoding anything; null when the map does
   * not exist. For readers that look at a few names of a large map.
   * Wraps `proxy_get_header_map_pairs`.
   */
  getAllSerialized(): ArrayBuffer | null {
    if (!this.fetchPairs()) return null;
    return takeBytes();
  }

  /** Replaces the whole map with `pairs`. Wraps `proxy_set_header_map_pairs`. */
  setAll(pairs: HeaderPair[]): void {
    this.setSerialized(serializePairs(pairs));
  }

  /** Replaces the whole map with raw-valued pairs. Wraps `proxy_set_header_map_pairs`. */
  setAllBytes(pairs: HeaderPairBytes[]): void {
    this.setSerialized(serializePairsBytes(pairs));
  }

  /**
   * The map's size as the host reports it (Envoy reports the map's byte size,
   * not its number of entries). Wraps `proxy_get_header_map_size`.
   */
  size(): u32 {
    store<u32>(OUT_EXTRA, 0);
    expectOk(proxy_get_header_map_size(this.mapType, OUT_EXTRA), "proxy_get_header_map_size");
    return load<u32>(OUT_EXTRA);
  }

  // The name's UTF-8 sits in the first argument slot (memory.ts), the value's
  // bytes wherever the caller has them: no allocation besides the value's.
  private addAt(key: usize, value: usize, valueLength: usize): void {
    const status = proxy_add_header_map_value(this.mapType, key, argLength(ArgSlot.First), value, valueLength);
    expectOk(status, "proxy_add_header_map_value");
  }

  private replaceAt(key: usize, value: usize, valueLength: usize): void {
    const status = proxy_replace_header_map_value(this.mapType, key, argLength(ArgSlot.First), value, valueLength);
    expectOk(status, "proxy_replace_header_map_value");
  }

  private fetchValue(name: string): bool {
    clearOut();
    const key = textArg(name, ArgSlot.First);
    const status = proxy_get_header_map_value(this.mapType, key, argLength(ArgSlot.First), OUT_PTR, OUT_SIZE);
    if (status == WasmResult.NotFound) return false;
    expectOk(status, "proxy_get_header_map_value");
    return true;
  }

  private fetchPairs(): bool {
    clearOut();
    const status = proxy_get_header_map_pairs(this.mapType, OUT_PTR, OUT_SIZE);
    // Envoy answers NOT_FOUND for a map that does not exist in the access-log phase.
    if (status == WasmResult.NotFound) return false;
    if (status != WasmResult.Ok) failHostcall("proxy_get_header_map_pairs", status);
    return true;
  }

  private setSerialized(serialized: ArrayBuffer): void {
    const status = proxy_set_header_map_pairs(this.mapType, changetype<usize>(serialized), serialized.byteLength);
    expectOk(status, "proxy_set_header_map_pairs");
  }
}

/** Request headers: read/write in `onRequestHeaders` (or while the request is paused there), read in `onLog`. */
export const requestHeaders = new HeaderMap(MapType.HttpRequestHeaders);
/** Request trailers: read/write in `onRequestTrailers`; addable in `onRequestBody` at end of stream; read in `onLog`. */
export const requestTrailers = new HeaderMap(MapType.HttpRequestTrailers);
/** Response headers: read/write in `onResponseHeaders` (or while the response is paused there), read in `onLog`. */
export const responseHeaders = new HeaderMap(MapType.HttpResponseHeaders);
/** Response trailers: read/write in `onResponseTrailers`; addable in `onResponseBody` at end of stream; read in `onLog`. */
export const responseTrailers = new HeaderMap(MapType.HttpResponseTrailers);
/** Headers of an HTTP callout's response: read in the callout's `onHttpCallResponse`. */
export const httpCallResponseHeaders = new HeaderMap(MapType.HttpCallResponseHeaders);
/** Trailers of an HTTP callout's response: read in the callout's `onHttpCallResponse`. */
export const httpCallResponseTrailers = new HeaderMap(MapType.HttpCallResponseTrailers);
/** Initial metadata of a gRPC callout: read in `onGrpcReceiveInitialMetadata`. */
export const grpcReceiveInitialMetadata = new HeaderMap(MapType.GrpcReceiveInitialMetadata);
/** Trailing metadata of a gRPC callout: read in `onGrpcReceiveTrailingMetadata`. */
export const grpcReceiveTrailingMetadata = new HeaderMap(MapType.GrpcReceiveTrailingMetadata);
