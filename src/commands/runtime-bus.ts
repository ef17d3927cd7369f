/**
 * The shared runtime's message bus between the ribbon commands and the task pane (one page, one JavaScript
 * runtime: `<Runtimes>` in manifest.xml). Plain TypeScript, no Office: the ribbon posts, the pane listens.
 *
 *  - "show": the pane should show a message, and a tab when given (認定 after apply found no certification);
 *  - "changed": the ribbon changed the workbook; the pane reads it again.
 *
 * Events posted before the pane subscribed (the runtime starts hidden when a ribbon button is clicked first) are
 * kept, the last "show" and whether anything changed, and delivered when it subscribes.
 */
import type { Localized } from "../domain/types";

export type PaneEvent =
  | { kind: "show"; tab?: string; message: Localized; intent: "success" | "info" | "warning" }
  | { kind: "changed" };

export type PaneListener = (e: PaneEvent) => void;

export interface PaneBus {
  post(e: PaneEvent): void;
  /** Listen; returns the unsubscribe function. Pending events are delivered at once. */
  subscribe(l: PaneListener): () => void;
  /** The pane's visibility as last reported by Office (undefined: not known). */
  paneVisible: boolean | undefined;
}

export function createPaneBus(): PaneBus {
  const listeners = new Set<PaneListener>();
  let pendingShow: PaneEvent | null = null;
  let pendingChanged = false;
  return {
    paneVisible: undefined,
    post(e) {
      if (!listeners.size) {
        if (e.kind === "show") pendingShow = e;
        else pendingChanged = true;
        return;
      }
      for (const l of [...listeners]) l(e);
    },
    subscribe(l) {
      listeners.add(l);
      if (pendingChanged) l({ kind: "changed" });
      if (pendingShow) l(pendingShow);
      pendingChanged = false;
      pendingShow = null;
      return () => listeners.delete(l);
    },
  };
}

/** The one bus of this runtime (ribbon commands and task pane import the same module instance). */
export const paneBus: PaneBus = createPaneBus();
