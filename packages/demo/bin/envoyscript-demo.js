#!/usr/bin/env node
// The demo (`npm start` at the repository root): see src/demo.ts.
import { execute, processIo } from "@envoyscript/cli";
import { demoCommand } from "../dist/demo.js";

const argv = process.argv.slice(2);
if (argv.includes("--help") || argv.includes("-h")) processIo.stdout(demoCommand.usage);
else process.exitCode = await execute(demoCommand, argv, processIo);
