// Rewrites the CLI reference in README.md from the commands' own usage texts.
import { readFileSync, writeFileSync } from "node:fs";
import { withUsage } from "../src/usage-docs.ts";

const readme = new URL("../README.md", import.meta.url);
writeFileSync(readme, withUsage(readFileSync(readme, "utf8")));
