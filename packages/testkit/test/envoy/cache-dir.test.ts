// Where provisioning writes: the project that installed the testkit, or the
// per-user cache for a global or npx installation; ENVOYSCRIPT_CACHE_DIR wins.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cacheDirFor } from "../../src/envoy/cache-dir.ts";

const root = mkdtempSync(path.join(tmpdir(), "envoyscript-cache-dir-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const home = path.join(root, "home");

function folder(relative: string, manifest?: Record<string, unknown>): string {
  const dir = path.join(root, relative);
  mkdirSync(dir, { recursive: true });
  if (manifest) writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest));
  return dir;
}

const testkitIn = (holder: string) => path.join(holder, "node_modules", "@envoyscript", "testkit");

describe("the cache folder", () => {
  it("is the project's .cache/envoyscript when the testkit is installed in a project", () => {
    const project = folder("my-filter", { name: "my-filter" });
    expect(cacheDirFor({ installedAt: testkitIn(project), env: {}, home })).toBe(path.join(project, ".cache", "envoyscript"));
  });

  it("is the project's even when the testkit is nested under another package", () => {
    const project = folder("nested", { name: "nested" });
    const nested = path.join(project, "node_modules", "@envoyscript", "cli", "node_modules", "@envoyscript", "testkit");
    expect(cacheDirFor({ installedAt: nested, env: {}, home })).toBe(path.join(project, ".cache", "envoyscript"));
  });

  it("is the workspace root's for a project inside a workspace", () => {
    const workspace = folder("monorepo", { name: "monorepo", workspaces: ["filters/*"] });
    const member = folder("monorepo/filters/a", { name: "a" });
    expect(cacheDirFor({ installedAt: testkitIn(member), env: {}, home })).toBe(path.join(workspace, ".cache", "envoyscript"));
  });

  it("is the checkout's root for envoyscript's own workspace packages", () => {
    const checkout = folder("checkout", { name: "envoyscript-monorepo", workspaces: ["packages/*"] });
    const testkit = folder("checkout/packages/testkit", { name: "@envoyscript/testkit" });
    expect(cacheDirFor({ installedAt: testkit, env: {}, home })).toBe(path.join(checkout, ".cache", "envoyscript"));
  });

  it("is $XDG_CACHE_HOME/envoyscript for a global installation", () => {
    const globalPrefix = folder("usr/lib");
    const installedAt = path.join(globalPrefix, "node_modules", "@envoyscript", "cli", "node_modules", "@envoyscript", "testkit");
    const xdg = path.join(root, "xdg-cache");
    expect(cacheDirFor({ installedAt, env: { XDG_CACHE_HOME: xdg }, home })).toBe(path.join(xdg, "envoyscript"));
    expect(cacheDirFor({ installedAt, env: {}, home })).toBe(path.join(home, ".cache", "envoyscript"));
    // The XDG spec says to ignore a relative XDG_CACHE_HOME.
    expect(cacheDirFor({ installedAt, env: { XDG_CACHE_HOME: "relative/cache" }, home })).toBe(path.join(home, ".cache", "envoyscript"));
  });

  it("is the per-user cache for a package npx fetched, not npx's own folder", () => {
    const npx = folder("home/.npm/_npx/1f2e3d4c", { dependencies: { "@envoyscript/cli": "0.1.0" } });
    expect(cacheDirFor({ installedAt: testkitIn(npx), env: {}, home })).toBe(path.join(home, ".cache", "envoyscript"));
  });

  it("is ENVOYSCRIPT_CACHE_DIR whenever it is set", () => {
    const project = folder("explicit", { name: "explicit" });
    expect(cacheDirFor({ installedAt: testkitIn(project), env: { ENVOYSCRIPT_CACHE_DIR: "/var/cache/es" }, home })).toBe("/var/cache/es");
  });
});
