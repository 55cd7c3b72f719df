// Part of the build: writes dist/help.json (see src/help.ts) from the
// compiled commands, for bin/envoyscript.js.
import { writeFileSync } from "node:fs";
import { HELP_CATALOG_FILE } from "../dist/help.js";
import { helpCatalog } from "../dist/main.js";

writeFileSync(new URL(`../dist/${HELP_CATALOG_FILE}`, import.meta.url), `${JSON.stringify(helpCatalog(), null, 2)}\n`);
