import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { REPO_ROOT } from "./paths.ts";

/** A WasmPlugin or TrafficExtension document found in the repository, with where it was found. */
export interface FoundExtension {
  /** Path relative to the repository root, plus the document's index ("file.yaml#2", "doc.md#fence 3"). */
  readonly where: string;
  readonly file: string;
  readonly doc: Record<string, unknown>;
}

const MENTIONS_KIND = /kind:\s*["']?(WasmPlugin|TrafficExtension)\b/;
const EXTENSION_KINDS = new Set(["WasmPlugin", "TrafficExtension"]);

/** Folders that hold no sources of ours (dependencies, caches, build output). */
const SKIPPED_FOLDERS = new Set(["node_modules", ".git", ".cache", ".turbo", "build", "dist", "coverage"]);

/**
 * Every document whose `kind` is WasmPlugin or TrafficExtension in the
 * repository's YAML files and in the yaml fences of its Markdown files: the
 * equivalent of grepping for `kind: WasmPlugin`, minus the lines that only
 * mention it (a kustomize selector, prose). TypeScript fixtures build their
 * documents in code and are not included.
 */
export function findRepositoryExtensions(root = REPO_ROOT): FoundExtension[] {
  const found: FoundExtension[] = [];
  for (const file of walk(root)) {
    const text = readFileSync(file, "utf8");
    if (!MENTIONS_KIND.test(text)) continue;
    const relative = path.relative(root, file);
    const sources = file.endsWith(".md") ? yamlFences(text).filter((fence) => MENTIONS_KIND.test(fence)).map((fence, i) => ({ label: `fence ${i + 1}`, text: fence })) : [{ label: "", text }];
    for (const source of sources) {
      parseAllDocuments(source.text).forEach((document, i) => {
        if (document.errors.length > 0) throw new Error(`${relative} ${source.label}: YAML error: ${document.errors[0].message}`);
        const doc = document.toJS() as unknown;
        if (isObject(doc) && EXTENSION_KINDS.has(doc.kind as string)) found.push({ where: `${relative}#${source.label ? `${source.label}, ` : ""}document ${i + 1}`, file, doc });
      });
    }
  }
  return found;
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name)) yield* walk(path.join(dir, entry.name));
    } else if (/\.(ya?ml|md)$/.test(entry.name)) {
      yield path.join(dir, entry.name);
    }
  }
}

/** The bodies of ```yaml / ```yml fences. */
function yamlFences(markdown: string): string[] {
  return [...markdown.matchAll(/^```ya?ml[^\n]*\n([\s\S]*?)^```/gm)].map((match) => match[1]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
