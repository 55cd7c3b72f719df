// One layout per filter, the same in all four, so a newcomer who copies one
// copies the model: the entry (index.ts), the plugin (root.ts, a FilterRoot
// of the filter's configuration type), one request (request.ts, a
// FilterRequest of it), and config/ with the configuration type (config.ts),
// its reader (read-config.ts) and the filter's own error codes (codes.ts).
// Requests reach their configuration through `this.config`: no downcast of
// `this.root`; no filter imports another's files.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const assemblyDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "assembly");
const FILTERS = ["routing-headers", "fault-injection", "jwt-authz", "telemetry"];
const LAYOUT = ["index.ts", "root.ts", "request.ts", "config/config.ts", "config/read-config.ts", "config/codes.ts"];

function sources(filter: string): Array<{ file: string; text: string }> {
  const dir = path.join(assemblyDir, filter);
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .map((file) => ({ file: path.relative(assemblyDir, file), text: readFileSync(file, "utf8") }));
}

describe.each(FILTERS)("%s", (filter) => {
  it("has the one layout", () => {
    for (const file of LAYOUT) expect(existsSync(path.join(assemblyDir, filter, file)), `${filter}/${file}`).toBe(true);
    expect(readdirSync(assemblyDir).sort()).toEqual([...FILTERS].sort());
  });

  it("builds its plugin and requests on the SDK's typed contexts", () => {
    const root = readFileSync(path.join(assemblyDir, filter, "root.ts"), "utf8");
    const request = readFileSync(path.join(assemblyDir, filter, "request.ts"), "utf8");
    expect(root).toMatch(/extends FilterRoot<\w+Config>/);
    expect(request).toMatch(/extends FilterRequest<\w+Config>/);
    expect(readFileSync(path.join(assemblyDir, filter, "index.ts"), "utf8")).toMatch(/registerRootContext\(/);
  });

  it("never downcasts the root, and imports no other filter", () => {
    for (const { file, text } of sources(filter)) {
      expect(text, file).not.toMatch(/<\w+>\s*this\.root|this\.root\s+as\s/);
      for (const match of text.matchAll(/from "(\.[^"]*)"/g)) {
        const target = path.relative(assemblyDir, path.resolve(path.dirname(path.join(assemblyDir, file)), match[1]!));
        expect(target.split(path.sep)[0], `${file} imports ${match[1]}`).toBe(filter);
      }
    }
  });
});
