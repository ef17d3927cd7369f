/**
 * The pane's panels beyond its first view, as React.lazy components over one chunk (panels.ts). The chunk is
 * prefetched (a low-priority download into the browser cache, nothing evaluated) once the first-load JavaScript
 * has run, so the first tab switch does not wait for the network; the pane's first paint and its first keystroke
 * do not pay for code they do not show.
 */
import * as React from "react";
import { Text } from "@fluentui/react-components";
import type { Crosswalk } from "../domain/types";
import { S, type Lang } from "./i18n";

type Panels = typeof import("./panels");

const loadPanels = (): Promise<Panels> => import(/* webpackChunkName: "panels", webpackPrefetch: true */ "./panels");

type PanelName = "ClearDialog" | "CrosswalkEditor" | "CrosswalkMismatch" | "CrosswalkPanel" | "DetectionPanel" | "ItemList" | "SummaryPanel";

function lazyPanel<K extends PanelName>(name: K): React.LazyExoticComponent<Panels[K]> {
  return React.lazy(() => loadPanels().then((m) => ({ default: m[name] })));
}

export const ClearDialog = lazyPanel("ClearDialog");
export const CrosswalkEditor = lazyPanel("CrosswalkEditor");
export const CrosswalkMismatch = lazyPanel("CrosswalkMismatch");
export const CrosswalkPanel = lazyPanel("CrosswalkPanel");
export const DetectionPanel = lazyPanel("DetectionPanel");
export const ItemList = lazyPanel("ItemList");
export const SummaryPanel = lazyPanel("SummaryPanel");

/** Save a crosswalk as a JSON file (the editor's code, loaded on use). */
export async function downloadCrosswalk(crosswalk: Crosswalk): Promise<void> {
  (await loadPanels()).downloadCrosswalk(crosswalk);
}

/** Shown while a panel's chunk is being evaluated (or fetched, when the prefetch has not finished). */
export function PanelLoading(props: { lang: Lang }) {
  return (
    <Text size={200} data-testid="panel-loading">
      {S.loading[props.lang]}
    </Text>
  );
}
