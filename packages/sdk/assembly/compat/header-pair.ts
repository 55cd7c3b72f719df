// Headers as @solo-io/proxy-runtime 0.1.15 shaped them: names and values as
// raw UTF-8 bytes (`ArrayBuffer`), a header list as `Array<HeaderPair>`. The
// converters below carry them to and from the SDK's pair types, so the
// serialized wire format is written in one place (../header-pairs.ts).

import { HeaderPair as SdkHeaderPair, HeaderPairBytes } from "../header-pairs";

/** One header, name and value as UTF-8 bytes. */
export class HeaderPair {
  key: ArrayBuffer;
  value: ArrayBuffer;

  constructor(header_key_data: ArrayBuffer, header_value_data: ArrayBuffer) {
    this.key = header_key_data;
    this.value = header_value_data;
  }

  /** `name:value`, decoded as UTF-8 (0.1.15 printed "[object ArrayBuffer]" here). */
  toString(): string {
    return String.UTF8.decode(this.key) + ":" + String.UTF8.decode(this.value);
  }
}

/** A header list, in order, repeated names included. */
export type Headers = Array<HeaderPair>;

/** A header from text. */
export function makeHeaderPair(key: string, value: string): HeaderPair {
  return new HeaderPair(String.UTF8.encode(key), String.UTF8.encode(value));
}

/** Header list with raw values, for the SDK's byte-exact serializer (names are HTTP tokens: UTF-8 safe). */
export function toPairBytes(headers: Headers): HeaderPairBytes[] {
  const pairs = new Array<HeaderPairBytes>();
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i];
    pairs.push(new HeaderPairBytes(String.UTF8.decode(header.key), header.value));
  }
  return pairs;
}

/** Header list as text pairs, for SDK calls that take text (HTTP callouts). */
export function toTextPairs(headers: Headers): SdkHeaderPair[] {
  const pairs = new Array<SdkHeaderPair>();
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i];
    pairs.push(new SdkHeaderPair(String.UTF8.decode(header.key), String.UTF8.decode(header.value)));
  }
  return pairs;
}

/** Header list from the SDK's raw-valued pairs. */
export function fromPairBytes(pairs: HeaderPairBytes[]): Headers {
  const headers = new Array<HeaderPair>();
  for (let i = 0; i < pairs.length; i++) {
    const pair = unchecked(pairs[i]);
    headers.push(new HeaderPair(String.UTF8.encode(pair.name), pair.value));
  }
  return headers;
}
