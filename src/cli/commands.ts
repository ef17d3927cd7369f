/** Every CLI command with its code (the CLI itself loads only the one it runs: command-table.ts). */
import type { Command } from "./command-table";
import { crosswalkCmd } from "./crosswalk-command";
import { annotate, clear, demo, scan } from "./file-commands";
import { report } from "./report";
import { evidenceCommand } from "./evidence-command";
import { REVIEW_COMMANDS } from "./review-commands";
export type { Command } from "./command-table";
export { scanJson } from "./file-commands";
export { csvCell } from "./report";

export const COMMANDS: Command[] = [scan, annotate, clear, crosswalkCmd, report, ...REVIEW_COMMANDS, evidenceCommand, demo];
