/**
 * The pane's panels beyond its first view, as React.lazy components over one chunk (panels.ts). The chunk is
 * loaded in an idle moment after the pane's first read (idle.ts, queued by App), so the first tab switch does not
 * wait for the network; the pane's first paint and its first keystroke do not pay for code they do not show.
 * (Not webpack's startup prefetch: its <link rel=prefetch> tags, one per chunk, are inserted while the first-load
 * script runs, on the main thread, before the first render.)
 */
import * as React from "react";
import { Text } from "@fluentui/react-components";
import type { Crosswalk } from "../domain/types";
import { S, type Lang } from "./i18n";

type Panels = typeof import("./panels");

/** The chunk once evaluated: panels render from it directly, without suspending again. */
let loaded: Panels | null = null;

const loadPanels = (): Promise<Panels> =>
  import(/* webpackChunkName: "panels" */ "./panels").then((m) => (loaded = m));

type PanelName = "ClearDialog" | "CrosswalkEditor" | "CrosswalkMismatch" | "CrosswalkPanel" | "DetectionPanel" | "ItemList" | "SummaryPanel";

/**
 * React.lazy suspends each lazy component once, even when its module is already there; a tab opened after another
 * panel loaded the chunk would flash "loading" for nothing. So: the real component when the chunk is evaluated,
 * React.lazy (the Suspense boundary in App shows PanelLoading) only before.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- one wrapper for components of different props
type AnyComponent = React.ComponentType<any>;

function lazyPanel<K extends PanelName>(name: K): Panels[K] {
  const Lazy = React.lazy(() => loadPanels().then((m) => ({ default: m[name] as AnyComponent })));
  function Panel(props: object) {
    // chosen once per mounted panel: switching from Lazy to the component itself later would remount it (its state lost)
    const C = React.useRef<AnyComponent>(loaded ? (loaded[name] as AnyComponent) : Lazy).current;
    return <C {...props} />;
  }
  Panel.displayName = `Lazy(${name})`;
  return Panel as unknown as Panels[K];
}

export const ClearDialog = lazyPanel("ClearDialog");
export const CrosswalkEditor = lazyPanel("CrosswalkEditor");
export const CrosswalkMismatch = lazyPanel("CrosswalkMismatch");
export const CrosswalkPanel = lazyPanel("CrosswalkPanel");
export const DetectionPanel = lazyPanel("DetectionPanel");
export const ItemList = lazyPanel("ItemList");
export const SummaryPanel = lazyPanel("SummaryPanel");

/** Load and evaluate the panels' chunk now (App, in an idle moment; the unit tests, so that a tab renders in the same turn as its click). */
export async function preloadPanels(): Promise<void> {
  await loadPanels();
}

/** Save a crosswalk as a JSON file (the editor's code, loaded on use). */
export async function downloadCrosswalk(crosswalk: Crosswalk): Promise<void> {
  (await loadPanels()).downloadCrosswalk(crosswalk);
}

/** Shown while a panel's chunk is being fetched and evaluated (a tab opened before the idle load). */
export function PanelLoading(props: { lang: Lang }) {
  return (
    <Text size={200} data-testid="panel-loading">
      {S.loading[props.lang]}
    </Text>
  );
}
