import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const HELLO_WASM = fileURLToPath(new URL("../../../../examples/hello/build/hello.wasm", import.meta.url));

/**
 * The module the tests publish: the hello example when it has been built,
 * else a small valid module written byte by byte (a function exported as
 * `proxy_abi_version_0_2_1` and a custom section that spans several tar blocks).
 */
export function testModule(): Uint8Array {
  if (existsSync(HELLO_WASM)) return readFileSync(HELLO_WASM);
  return tinyModule(1500);
}

/** A valid module with a `payloadSize`-byte custom section, so different sizes give different modules. */
export function tinyModule(payloadSize: number): Uint8Array {
  const exportName = Buffer.from("proxy_abi_version_0_2_1");
  const customName = Buffer.from("envoyscript.test");
  const payload = Buffer.alloc(payloadSize, 0).map((_, index) => (index * 31) & 0xff);
  return Buffer.concat([
    Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    section(1, [0x01, 0x60, 0x00, 0x00]), // type: one () -> ()
    section(3, [0x01, 0x00]), // function: one of type 0
    section(7, [0x01, exportName.length, ...exportName, 0x00, 0x00]), // export: func 0
    section(10, [0x01, 0x02, 0x00, 0x0b]), // code: empty body
    section(0, [customName.length, ...customName, ...payload]),
  ]);
}

function section(id: number, content: number[] | Buffer): Buffer {
  return Buffer.concat([Buffer.from([id, ...leb128(content.length)]), Buffer.from(content)]);
}

function leb128(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (value !== 0);
  return bytes;
}
