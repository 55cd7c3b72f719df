// The emulator's layers (EMULATOR.md): every import, of a value or of a
// type only, points to the same layer or one below; no files import each
// other in a loop; nothing imports the composition root but the public
// entry. Read from the source with the TypeScript parser.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cycles, importEdges, importsOf, sourceFiles, type ImportEdge } from "../fixtures/import-graph.ts";

const EMULATOR = path.join(path.dirname(fileURLToPath(import.meta.url)), "../../src/emulator");

/** Bottom to top: a folder, or a single file, per layer. */
const LAYERS = ["abi/", "core/", "hostcalls/", "services/", "vm/", "streams/", "host.ts", "index.ts"] as const;
const COMPOSITION_ROOT = "host.ts";
const PUBLIC_ENTRY = "index.ts";

function layerOf(file: string): number {
  const layer = LAYERS.findIndex((entry) => (entry.endsWith("/") ? file.startsWith(entry) : file === entry));
  if (layer < 0) throw new Error(`${file} is in no layer: put it in one of ${LAYERS.join(", ")} (and say so in EMULATOR.md)`);
  return layer;
}

function upwardImports(edges: readonly ImportEdge[]): string[] {
  return edges.filter((edge) => layerOf(edge.to) > layerOf(edge.from)).map((edge) => `${edge.from} -> ${edge.to}${edge.typeOnly ? " (types)" : ""}`);
}

describe("the emulator's layers", () => {
  const edges = importEdges(EMULATOR);

  it("reads the whole emulator", () => {
    expect(sourceFiles(EMULATOR).length).toBeGreaterThan(40);
    expect(edges.length).toBeGreaterThan(150);
    expect(edges.some((edge) => edge.typeOnly) && edges.some((edge) => !edge.typeOnly)).toBe(true);
  });

  it("puts every file in a layer", () => {
    for (const file of sourceFiles(EMULATOR)) expect(() => layerOf(file)).not.toThrow();
  });

  it("has no import cycle among non-type imports", () => {
    expect(cycles(edges.filter((edge) => !edge.typeOnly))).toEqual([]);
  });

  it("has no import cycle at all, types included", () => {
    expect(cycles(edges)).toEqual([]);
  });

  it("imports only downwards", () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it("has no file but the public entry import the composition root", () => {
    const importers = edges.filter((edge) => edge.to === COMPOSITION_ROOT).map((edge) => edge.from);
    expect(importers).toEqual([PUBLIC_ENTRY]);
  });
});

describe("the import-graph checks themselves", () => {
  const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

  it("find a loop, and only the files in it", () => {
    expect(cycles([edge("a.ts", "b.ts"), edge("b.ts", "c.ts"), edge("c.ts", "a.ts"), edge("c.ts", "d.ts")])).toEqual([["a.ts", "b.ts", "c.ts"]]);
    expect(cycles([edge("a.ts", "b.ts"), edge("b.ts", "c.ts")])).toEqual([]);
  });

  it("flag an import from a lower layer to a higher one, even of types only", () => {
    expect(upwardImports([edge("core/clock.ts", "streams/plugin.ts", true), edge("streams/plugin.ts", "core/clock.ts")])).toEqual(["core/clock.ts -> streams/plugin.ts (types)"]);
  });

  it("count `import { type A }` as loading the module, and only `import type` as erased", () => {
    const found = importsOf(`import type { A } from "./a.ts";\nimport { type B } from "./b.ts";\nimport { C } from "./c.ts";\nexport type { D } from "./d.ts";\nexport { E } from "./e.ts";`);
    expect(found).toEqual([
      { specifier: "./a.ts", typeOnly: true },
      { specifier: "./b.ts", typeOnly: false },
      { specifier: "./c.ts", typeOnly: false },
      { specifier: "./d.ts", typeOnly: true },
      { specifier: "./e.ts", typeOnly: false },
    ]);
  });
});
