/**
 * The lazy side of kit.ts: the pane installs the kit here before loading a tab module, and the tab
 * modules read it (K) when they are evaluated. Tab modules import only types from the first-load bundle.
 */
import type { Kit } from "../kit";

export let K: Kit = undefined as unknown as Kit;

export function installKit(kit: Kit): void {
  K = kit;
}
