import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * skopeo as the independent client: what it fetches from the registry is
 * what any other OCI tool (and Istio's go-containerregistry) would see.
 */

/** `skopeo inspect --raw`: the manifest exactly as stored. */
export function skopeoRawManifest(reference: string, extraArgs: string[] = []): { text: string; json: SkopeoManifest } {
  const text = execFileSync("skopeo", ["inspect", "--raw", "--tls-verify=false", ...extraArgs, `docker://${reference}`], { encoding: "utf8" });
  return { text, json: JSON.parse(text) as SkopeoManifest };
}

export interface SkopeoManifest {
  schemaVersion: number;
  mediaType?: string;
  config: { mediaType: string; digest: string; size: number };
  layers: { mediaType: string; digest: string; size: number }[];
  annotations?: Record<string, string>;
}

/** `skopeo copy docker://... dir:<dir>`: the blobs land in `<dir>/<hex>` as they were served. */
export function skopeoCopyToDir(reference: string, dir: string): { manifest: string; blob(digest: string): Buffer } {
  execFileSync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", `docker://${reference}`, `dir:${dir}`], { encoding: "utf8" });
  return {
    manifest: readFileSync(path.join(dir, "manifest.json"), "utf8"),
    blob: (digest) => readFileSync(path.join(dir, digest.replace(/^sha256:/, ""))),
  };
}

/** `skopeo copy docker://... oci:<dir>:<tag>`: an OCI layout, the way most tools store pulled images. */
export function skopeoCopyToOciLayout(reference: string, dir: string, tag: string): { index: { manifests: { digest: string }[] }; blob(digest: string): Buffer } {
  execFileSync("skopeo", ["copy", "--quiet", "--src-tls-verify=false", `docker://${reference}`, `oci:${dir}:${tag}`], { encoding: "utf8" });
  return {
    index: JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")),
    blob: (digest) => readFileSync(path.join(dir, "blobs", "sha256", digest.replace(/^sha256:/, ""))),
  };
}
