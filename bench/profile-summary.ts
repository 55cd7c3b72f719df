/**
 * The summary of a `node --cpu-prof` profile, as bench/profile.ts prints it:
 * `npx tsx bench/profile-summary.ts <file.cpuprofile> [title]`.
 */
import { readFileSync } from "node:fs";
import { type ProfileNode, report } from "./lib/profile-report.ts";

const [file, title] = process.argv.slice(2);
if (!file) throw new Error("usage: npx tsx bench/profile-summary.ts <file.cpuprofile> [title]");
const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[] };
report(profile.nodes, title ?? file);
