// Header maps the 0.1.15 way: `stream_context.headers.request.get(...)` and
// the free `*_header_map_*` functions. Contracts kept from 0.1.15: `get`
// answers "" and `get_headers` answers [] when the header or the map is not
// there, `add` reports the host's status instead of trapping; `replace`,
// `remove` and `set_headers` fail loudly on a status other than OK (a map
// used outside its callback), as they did.

import {
  proxy_add_header_map_value,
  proxy_get_header_map_pairs,
  proxy_get_header_map_value,
} from "../imports";
import { MapType, WasmResult } from "../enums";
import { HeaderMap } from "../headers";
import { deserializePairsBytes } from "../header-pairs";
import { OUT_PTR, OUT_SIZE, clearOut, discardOut, takeBytes } from "../memory";
import { HeaderMapTypeValues, WasmResultValues } from "./enums";
import { HeaderPair, Headers, fromPairBytes, toPairBytes } from "./header-pair";

/** Appends a header (raw bytes); returns the host's status. Wraps `proxy_add_header_map_value`. */
export function add_header_map_value(typ: HeaderMapTypeValues, key: ArrayBuffer, value: ArrayBuffer): WasmResultValues {
  return <WasmResultValues>proxy_add_header_map_value(<u32>typ, changetype<usize>(key), <usize>key.byteLength, changetype<usize>(value), <usize>value.byteLength);
}

/** Appends a header (text); returns the host's status. Wraps `proxy_add_header_map_value`. */
export function add_header_map_value_string(typ: HeaderMapTypeValues, key: string, value: string): WasmResultValues {
  return add_header_map_value(typ, String.UTF8.encode(key), String.UTF8.encode(value));
}

/** First value of header `key`, or an empty buffer when absent or unavailable. Wraps `proxy_get_header_map_value`. */
export function get_header_map_value(typ: HeaderMapTypeValues, key: ArrayBuffer): ArrayBuffer {
  clearOut();
  const status = proxy_get_header_map_value(<u32>typ, changetype<usize>(key), <usize>key.byteLength, OUT_PTR, OUT_SIZE);
  if (status != WasmResult.Ok) {
    discardOut();
    return new ArrayBuffer(0);
  }
  return takeBytes();
}

/** Every header of map `typ`, or [] when the map is unavailable. Wraps `proxy_get_header_map_pairs`. */
export function get_header_map_pairs(typ: HeaderMapTypeValues): Headers {
  clearOut();
  const status = proxy_get_header_map_pairs(<u32>typ, OUT_PTR, OUT_SIZE);
  const pointer = <usize>load<u32>(OUT_PTR);
  if (status != WasmResult.Ok) {
    discardOut();
    return new Array<HeaderPair>();
  }
  const pairs = deserializePairsBytes(pointer, <usize>load<u32>(OUT_SIZE));
  if (pointer != 0) heap.free(pointer);
  return fromPairBytes(pairs);
}

/** Replaces the whole map. Traps on a status other than OK. Wraps `proxy_set_header_map_pairs`. */
export function set_header_map_pairs(typ: HeaderMapTypeValues, headers: Headers): void {
  sdkMap(typ).setAllBytes(toPairBytes(headers));
}

/** Sets header `key` (raw bytes), replacing its values. Traps on a status other than OK. Wraps `proxy_replace_header_map_value`. */
export function replace_header_map_value(typ: HeaderMapTypeValues, key: ArrayBuffer, value: ArrayBuffer): void {
  sdkMap(typ).replaceBytes(String.UTF8.decode(key), value);
}

/** Sets header `key` (text). Wraps `proxy_replace_header_map_value`. */
export function replace_header_map_value_string(typ: HeaderMapTypeValues, key: string, value: string): void {
  sdkMap(typ).replace(key, value);
}

/** Removes header `key` (raw bytes). Traps on a status other than OK or NOT_FOUND. Wraps `proxy_remove_header_map_value`. */
export function remove_header_map_value(typ: HeaderMapTypeValues, key: ArrayBuffer): void {
  sdkMap(typ).remove(String.UTF8.decode(key));
}

/** Removes header `key` (text). Wraps `proxy_remove_header_map_value`. */
export function remove_header_map_value_string(typ: HeaderMapTypeValues, key: string): void {
  sdkMap(typ).remove(key);
}

/** The map's size as the host reports it (Envoy: bytes). Wraps `proxy_get_header_map_size`. */
export function get_header_map_size(typ: HeaderMapTypeValues): usize {
  return <usize>sdkMap(typ).size();
}

// One SDK map object per map type, made once: header calls run per request.
const sdkMaps = new Array<HeaderMap>();
for (let typ = 0; typ <= HeaderMapTypeValues.MAX; typ++) sdkMaps.push(new HeaderMap(<MapType>typ));

function sdkMap(typ: HeaderMapTypeValues): HeaderMap {
  if (<u32>typ > <u32>HeaderMapTypeValues.MAX) return new HeaderMap(<MapType>typ); // the host answers BAD_ARGUMENT
  return unchecked(sdkMaps[typ]);
}

/** Header operations on one map of the current (effective) context. */
export class HeaderStreamManipulator {
  typ: HeaderMapTypeValues;

  constructor(typ: HeaderMapTypeValues) {
    this.typ = typ;
  }

  /** Appends a header. Wraps `proxy_add_header_map_value`. */
  add(key: string, value: string): void {
    add_header_map_value_string(this.typ, key, value);
  }

  /** Sets a header, replacing its values. Wraps `proxy_replace_header_map_value`. */
  replace(key: string, value: string): void {
    replace_header_map_value_string(this.typ, key, value);
  }

  /** First value of a header, "" when absent. Wraps `proxy_get_header_map_value`. */
  get(key: string): string {
    return String.UTF8.decode(get_header_map_value(this.typ, String.UTF8.encode(key)));
  }

  /** Removes a header. Wraps `proxy_remove_header_map_value`. */
  remove(key: string): void {
    remove_header_map_value_string(this.typ, key);
  }

  /** Every header, in order. Wraps `proxy_get_header_map_pairs`. */
  get_headers(): Headers {
    return get_header_map_pairs(this.typ);
  }

  /** Replaces every header. Wraps `proxy_set_header_map_pairs`. */
  set_headers(headers: Headers): void {
    set_header_map_pairs(this.typ, headers);
  }
}

/** The request, response and HTTP-callout maps of one kind (headers or trailers). */
export class HeaderMapManipulator {
  request: HeaderStreamManipulator;
  response: HeaderStreamManipulator;
  http_callback: HeaderStreamManipulator;

  constructor(request: HeaderStreamManipulator, response: HeaderStreamManipulator, http_callback: HeaderStreamManipulator) {
    this.request = request;
    this.response = response;
    this.http_callback = http_callback;
  }
}

/** The current stream's headers and trailers. Use the `stream_context` global. */
export class StreamContext {
  headers: HeaderMapManipulator;
  trailers: HeaderMapManipulator;

  constructor(headers: HeaderMapManipulator, trailers: HeaderMapManipulator) {
    this.headers = headers;
    this.trailers = trailers;
  }
}

/**
 * The current stream's header maps: `stream_context.headers.request`,
 * `.response`, `.http_callback` (an HTTP callout's answer, in its callback),
 * and the same under `stream_context.trailers`.
 */
export const stream_context = new StreamContext(
  new HeaderMapManipulator(
    new HeaderStreamManipulator(HeaderMapTypeValues.RequestHeaders),
    new HeaderStreamManipulator(HeaderMapTypeValues.ResponseHeaders),
    new HeaderStreamManipulator(HeaderMapTypeValues.HttpCallResponseHeaders),
  ),
  new HeaderMapManipulator(
    new HeaderStreamManipulator(HeaderMapTypeValues.RequestTrailers),
    new HeaderStreamManipulator(HeaderMapTypeValues.ResponseTrailers),
    new HeaderStreamManipulator(HeaderMapTypeValues.HttpCallResponseTrailers),
  ),
);
