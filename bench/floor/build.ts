/**
 * Assembles the floor modules at bench time with wabt (WebAssembly text to
 * binary, validated), into the bench's scratch folder, each `.wat` beside its
 * `.wasm` for reading or for loading by hand.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import wabt from "wabt";
import { WORK_DIR } from "../lib/paths.ts";
import type { FloorModule } from "./modules.ts";
import { floorWat } from "./wat.ts";

export const FLOOR_DIR = path.join(WORK_DIR, "floor");

/** `floor/header-get` → `<scratch>/floor/header-get.wasm`. */
export function floorModulePath(module: FloorModule): string {
  return path.join(FLOOR_DIR, `${module.id.replace(/^floor\//, "")}.wasm`);
}

/** Writes every module's `.wat` and `.wasm`; throws naming the module when wabt refuses one. */
export async function buildFloorModules(modules: readonly FloorModule[]): Promise<void> {
  const toolkit = await wabt();
  mkdirSync(FLOOR_DIR, { recursive: true });
  for (const module of modules) {
    const wasmPath = floorModulePath(module);
    const text = floorWat(module);
    writeFileSync(wasmPath.replace(/\.wasm$/, ".wat"), text);
    let parsed: ReturnType<typeof toolkit.parseWat> | undefined;
    try {
      parsed = toolkit.parseWat(path.basename(wasmPath, ".wasm") + ".wat", text);
      parsed.resolveNames();
      parsed.validate();
      writeFileSync(wasmPath, parsed.toBinary({}).buffer);
    } catch (error) {
      throw new Error(`floor module ${module.id} does not assemble (${wasmPath.replace(/\.wasm$/, ".wat")}): ${(error as Error).message}`);
    } finally {
      parsed?.destroy();
    }
  }
}
