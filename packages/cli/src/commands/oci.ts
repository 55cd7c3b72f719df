import type { Command } from "../command.ts";
import { PULL_SUMMARY, PULL_USAGE, PUSH_SUMMARY, PUSH_USAGE, pullCommand as pull, pushCommand as push } from "../oci/commands.ts";

export const pushCommand: Command = { name: "push", summary: PUSH_SUMMARY, usage: PUSH_USAGE, run: (argv, io) => push(argv, io) };
export const pullCommand: Command = { name: "pull", summary: PULL_SUMMARY, usage: PULL_USAGE, run: (argv, io) => pull(argv, io) };
