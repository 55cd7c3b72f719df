#!/usr/bin/env node
// `envoyscript --help`, `help <command>`, `<command> --help` and `--version`
// are answered from dist/help.json, which the build writes from the commands'
// own texts, so they load none of the commands' code. Anything else loads
// the compiled CLI (dist/, plain JavaScript: no TypeScript at run time).
import { readFileSync } from "node:fs";
import { processIo } from "../dist/command.js";
import { answerHelp, HELP_CATALOG_FILE } from "../dist/help.js";

const argv = process.argv.slice(2);
const catalog = JSON.parse(readFileSync(new URL(`../dist/${HELP_CATALOG_FILE}`, import.meta.url), "utf8"));
const answered = answerHelp(argv, catalog, processIo);
process.exitCode = answered ?? (await (await import("../dist/main.js")).main(argv));
