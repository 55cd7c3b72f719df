import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTar, readTar } from "../../src/oci/tar.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-tar-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bytes = (size: number, seed: number) => Buffer.alloc(size).map((_, i) => (i * seed + 7) & 0xff);

describe("createTar", () => {
  it("writes 512-byte blocks ending with two zero blocks", () => {
    const archive = createTar([{ name: "plugin.wasm", bytes: bytes(1000, 3) }]);
    // header + 2 data blocks + 2 end blocks
    expect(archive.length).toBe(512 * 5);
    expect(archive.subarray(512 * 3).every((b) => b === 0)).toBe(true);
  });

  it("is reproducible: same input, same bytes", () => {
    const files = [{ name: "plugin.wasm", bytes: bytes(777, 5) }];
    expect(Buffer.compare(Buffer.from(createTar(files)), Buffer.from(createTar(files)))).toBe(0);
  });

  it("is read by GNU tar: names, owner 0/0, mode, mtime 0 and contents", () => {
    const plugin = bytes(1500, 11);
    const config = Buffer.from('{"type":"envoy_proxy"}');
    const file = path.join(scratch, "layer.tar");
    writeFileSync(file, createTar([{ name: "plugin.wasm", bytes: plugin }, { name: "runtime-config.json", bytes: config }]));
    const listing = execFileSync("tar", ["--numeric-owner", "--utc", "-tvf", file], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual([
      expect.stringMatching(/^-rw-r--r-- 0\/0 +1500 1970-01-01 00:00 plugin\.wasm$/),
      expect.stringMatching(/^-rw-r--r-- 0\/0 +22 1970-01-01 00:00 runtime-config\.json$/),
    ]);
    expect(Buffer.compare(execFileSync("tar", ["-xOf", file, "plugin.wasm"]), plugin)).toBe(0);
  });

  it("refuses a name that does not fit the header", () => {
    expect(() => createTar([{ name: "x".repeat(101), bytes: new Uint8Array() }])).toThrow(/1\.\.100 bytes/);
  });
});

describe("readTar", () => {
  it("reads back what createTar wrote", () => {
    const files = [
      { name: "plugin.wasm", bytes: bytes(513, 13) },
      { name: "empty", bytes: new Uint8Array() },
    ];
    const entries = [...readTar(createTar(files))];
    expect(entries.map((e) => [e.name, e.type, Buffer.from(e.bytes)])).toEqual(files.map((f) => [f.name, "0", Buffer.from(f.bytes)]));
  });

  it("reads GNU tar's PAX archives with long paths, directories and the ustar prefix", () => {
    const root = path.join(scratch, "tree");
    const deep = path.join(root, "a".repeat(60), "b".repeat(60));
    execFileSync("mkdir", ["-p", deep]);
    writeFileSync(path.join(deep, "plugin.wasm"), bytes(2000, 17));
    for (const format of ["pax", "gnu", "ustar"]) {
      const file = path.join(scratch, `${format}.tar`);
      execFileSync("tar", [`--format=${format}`, "-cf", file, "-C", root, "."]);
      const entries = [...readTar(readFileSync(file))];
      const plugin = entries.find((e) => e.name.endsWith("/plugin.wasm"));
      expect(plugin?.name, format).toBe(`./${"a".repeat(60)}/${"b".repeat(60)}/plugin.wasm`);
      expect(Buffer.compare(Buffer.from(plugin!.bytes), bytes(2000, 17))).toBe(0);
      expect(entries.some((e) => e.type === "5")).toBe(true);
    }
  });

  it("rejects a header whose checksum does not match", () => {
    const archive = Buffer.from(createTar([{ name: "plugin.wasm", bytes: bytes(10, 1) }]));
    archive[0] = "q".charCodeAt(0);
    expect(() => [...readTar(archive)]).toThrow(/bad checksum/);
  });

  it("rejects an entry cut short", () => {
    const archive = createTar([{ name: "plugin.wasm", bytes: bytes(2000, 1) }]);
    expect(() => [...readTar(archive.subarray(0, 1024))]).toThrow(/claims 2000 bytes/);
  });
});
