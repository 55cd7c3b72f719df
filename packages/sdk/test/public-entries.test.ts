// The SDK's public surface is what package.json `exports` names, and code
// outside the SDK reaches it only through those entries: the filters, the
// examples and the scaffold template import no SDK file by deep path (asc
// would find one, but it is not part of the API and may move).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SDK_DIR } from "./support/compile.ts";

const repo = path.join(SDK_DIR, "..", "..");
const manifest = JSON.parse(readFileSync(path.join(SDK_DIR, "package.json"), "utf8")) as { exports: Record<string, string> };

/** `@envoyscript/sdk/assembly/matcher` and the like: the import specifiers the exports allow. */
const publicSpecifiers = new Set(Object.keys(manifest.exports).map((key) => `@envoyscript/sdk${key.slice(1)}`));

function assemblyFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every AssemblyScript source that uses the SDK as a user would. */
function userSources(): string[] {
  const examples = readdirSync(path.join(repo, "examples")).map((name) => path.join(repo, "examples", name, "assembly"));
  return [path.join(repo, "packages", "filters", "assembly"), path.join(repo, "packages", "cli", "templates", "filter", "assembly"), ...examples].flatMap(assemblyFiles);
}

describe("the SDK's public entries", () => {
  it("name files that exist, and no wildcard", () => {
    for (const [key, target] of Object.entries(manifest.exports)) {
      expect(key.includes("*"), key).toBe(false);
      expect(existsSync(path.join(SDK_DIR, target)), `${key} -> ${target}`).toBe(true);
    }
  });

  it("are the only way filters, examples and the template reach the SDK", () => {
    const sources = userSources();
    expect(sources.length).toBeGreaterThan(20);
    const deep: string[] = [];
    for (const file of sources) {
      for (const match of readFileSync(file, "utf8").matchAll(/from "(@envoyscript\/sdk[^"]*)"/g)) {
        if (!publicSpecifiers.has(match[1]!)) deep.push(`${path.relative(repo, file)}: ${match[1]}`);
      }
    }
    expect(deep).toEqual([]);
  });
});
