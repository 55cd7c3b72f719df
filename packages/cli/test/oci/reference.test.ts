import { describe, expect, it } from "vitest";
import { CliError } from "../../src/errors.ts";
import { formatReference, isLoopbackRegistry, manifestIdentifier, parseReference, pinnedReference } from "../../src/oci/reference.ts";

const DIGEST = `sha256:${"ab".repeat(32)}` as const;

describe("parseReference", () => {
  it.each([
    ["localhost:5000/filters/hello:1.0", { registry: "localhost:5000", repository: "filters/hello", tag: "1.0" }],
    ["127.0.0.1:39999/hello", { registry: "127.0.0.1:39999", repository: "hello", tag: "latest" }],
    ["oci://ghcr.io/acme/filters/auth:v2", { registry: "ghcr.io", repository: "acme/filters/auth", tag: "v2" }],
    [`registry.example.com/a/b@${DIGEST}`, { registry: "registry.example.com", repository: "a/b", digest: DIGEST }],
    [`registry.example.com/a/b:v1@${DIGEST}`, { registry: "registry.example.com", repository: "a/b", tag: "v1", digest: DIGEST }],
    ["[::1]:5000/my_repo/x-y.z:tag_1", { registry: "[::1]:5000", repository: "my_repo/x-y.z", tag: "tag_1" }],
  ])("splits %s", (text, expected) => {
    expect(parseReference(text)).toEqual({ tag: undefined, digest: undefined, ...expected });
  });

  it.each([
    ["hello:1", /does not start with a registry host/],
    ["library/hello:1", /does not start with a registry host/],
    ["localhost:5000/Hello:1", /component "Hello" must be lowercase/],
    ["localhost:5000/a:-bad", /the tag "-bad"/],
    ["localhost:5000/a@sha256:abc", /"sha256:abc" is not a digest/],
  ])("rejects %s with a usage error", (text, reason) => {
    let error: unknown;
    try {
      parseReference(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toMatch(reason);
    expect((error as CliError).message).toContain(`"${text}"`);
  });

  it("names the manifest by digest when there is one, else by tag", () => {
    expect(manifestIdentifier(parseReference(`h.io/a:v1@${DIGEST}`))).toBe(DIGEST);
    expect(manifestIdentifier(parseReference("h.io/a:v1"))).toBe("v1");
  });

  it("formats tag and pinned forms", () => {
    const ref = parseReference("localhost:5000/filters/hello:1.0");
    expect(formatReference(ref)).toBe("localhost:5000/filters/hello:1.0");
    expect(pinnedReference(ref, DIGEST)).toBe(`localhost:5000/filters/hello@${DIGEST}`);
  });
});

describe("isLoopbackRegistry", () => {
  it.each([
    ["localhost:5000", true],
    ["127.0.0.1:5000", true],
    ["127.1.2.3", true],
    ["[::1]:5000", true],
    ["registry.local:5000", false],
    ["127.0.0.1.nip.io", false],
    ["ghcr.io", false],
  ])("%s -> %s", (registry, expected) => {
    expect(isLoopbackRegistry(registry)).toBe(expected);
  });
});
