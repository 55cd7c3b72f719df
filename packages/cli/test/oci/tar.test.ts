import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTar, readTar, type TarEntry } from "../../src/oci/tar.ts";

const scratch = mkdtempSync(path.join(os.tmpdir(), "envoyscript-tar-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const bytes = (size: number, seed: number) => Buffer.alloc(size).map((_, i) => (i * seed + 7) & 0xff);

async function entriesOf(archive: Uint8Array): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  for await (const entry of readTar(archive)) entries.push(entry);
  return entries;
}

describe("createTar", () => {
  it("writes 512-byte blocks ending with two zero blocks", async () => {
    const archive = await createTar([{ name: "plugin.wasm", bytes: bytes(1000, 3) }]);
    // header + 2 data blocks + 2 end blocks
    expect(archive.length).toBe(512 * 5);
    expect(archive.subarray(512 * 3).every((b) => b === 0)).toBe(true);
  });

  it("is reproducible: same input, same bytes", async () => {
    const files = [{ name: "plugin.wasm", bytes: bytes(777, 5) }];
    expect(Buffer.compare(Buffer.from(await createTar(files)), Buffer.from(await createTar(files)))).toBe(0);
  });

  it("is read by GNU tar: names, owner 0/0, mode, mtime 0 and contents", async () => {
    const plugin = bytes(1500, 11);
    const config = Buffer.from('{"type":"envoy_proxy"}');
    const file = path.join(scratch, "layer.tar");
    writeFileSync(file, await createTar([{ name: "plugin.wasm", bytes: plugin }, { name: "runtime-config.json", bytes: config }]));
    const listing = execFileSync("tar", ["--numeric-owner", "--utc", "-tvf", file], { encoding: "utf8" }).trim().split("\n");
    expect(listing).toEqual([
      expect.stringMatching(/^-rw-r--r-- 0\/0 +1500 1970-01-01 00:00 plugin\.wasm$/),
      expect.stringMatching(/^-rw-r--r-- 0\/0 +22 1970-01-01 00:00 runtime-config\.json$/),
    ]);
    expect(Buffer.compare(execFileSync("tar", ["-xOf", file, "plugin.wasm"]), plugin)).toBe(0);
  });

  it("writes a path longer than the 100-byte name field so that GNU tar reads it whole", async () => {
    const name = `${"d".repeat(80)}/${"e".repeat(80)}/plugin.wasm`;
    const file = path.join(scratch, "long.tar");
    writeFileSync(file, await createTar([{ name, bytes: bytes(10, 3) }]));
    expect(execFileSync("tar", ["-tf", file], { encoding: "utf8" }).trim()).toBe(name);
  });

  it("refuses an entry without a name", async () => {
    await expect(createTar([{ name: "", bytes: new Uint8Array() }])).rejects.toThrow(/needs a name/);
  });
});

describe("readTar", () => {
  it("reads back what createTar wrote", async () => {
    const files = [
      { name: "plugin.wasm", bytes: bytes(513, 13) },
      { name: "empty", bytes: new Uint8Array() },
    ];
    const entries = await entriesOf(await createTar(files));
    expect(entries.map((e) => [e.name, e.type, Buffer.from(e.bytes)])).toEqual(files.map((f) => [f.name, "file", Buffer.from(f.bytes)]));
  });

  it("reads GNU tar's PAX, GNU, ustar and v7 archives with long paths, directories and the ustar prefix", async () => {
    const root = path.join(scratch, "tree");
    const deep = path.join(root, "a".repeat(60), "b".repeat(60));
    execFileSync("mkdir", ["-p", deep]);
    writeFileSync(path.join(deep, "plugin.wasm"), bytes(2000, 17));
    writeFileSync(path.join(root, "short.wasm"), bytes(30, 19));
    for (const format of ["pax", "gnu", "ustar", "v7"]) {
      const file = path.join(scratch, `${format}.tar`);
      // v7 cannot hold the long path: that archive holds the short file only.
      execFileSync("tar", [`--format=${format}`, "-cf", file, "-C", root, format === "v7" ? "./short.wasm" : "."]);
      const entries = await entriesOf(readFileSync(file));
      if (format === "v7") {
        expect(entries.map((e) => [e.name, Buffer.from(e.bytes)])).toEqual([["./short.wasm", bytes(30, 19)]]);
        continue;
      }
      const plugin = entries.find((e) => e.name.endsWith("/plugin.wasm"));
      expect(plugin?.name, format).toBe(`./${"a".repeat(60)}/${"b".repeat(60)}/plugin.wasm`);
      expect(Buffer.compare(Buffer.from(plugin!.bytes), bytes(2000, 17))).toBe(0);
      expect(entries.some((e) => e.type === "directory")).toBe(true);
    }
  });

  it("gives the entries before a break, then fails with a typed error", async () => {
    const archive = Buffer.from(await createTar([{ name: "plugin.wasm", bytes: bytes(10, 1) }, { name: "broken.wasm", bytes: bytes(10, 2) }]));
    archive[1024] = "q".charCodeAt(0); // the second header's name: its checksum no longer matches
    const seen: string[] = [];
    const error = await (async () => {
      for await (const entry of readTar(archive)) seen.push(entry.name);
    })().catch((caught: unknown) => caught);
    expect(seen).toEqual(["plugin.wasm"]);
    expect(error).toMatchObject({ code: "E_OCI_TAR", message: expect.stringMatching(/^the layer is not a valid tar archive: Invalid tar header/) });
  });

  it("rejects an entry cut short", async () => {
    const archive = await createTar([{ name: "plugin.wasm", bytes: bytes(2000, 1) }]);
    await expect(entriesOf(archive.subarray(0, 1024))).rejects.toMatchObject({ code: "E_OCI_TAR", message: expect.stringContaining("Unexpected end of data") });
  });
});
