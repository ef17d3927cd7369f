/**
 * What the pane shows besides its first view (the 認定 form): the 検出, 項目 and 概要 tabs and the clear dialog.
 * One chunk (lazyPanels.tsx), loaded in an idle moment after the pane's first read, or when a tab needs it first.
 */
export { ClearDialog } from "./components/ClearDialog";
export { CrosswalkEditor, downloadCrosswalk } from "./components/CrosswalkEditor";
export { CrosswalkMismatch, CrosswalkPanel } from "./components/CrosswalkPanel";
export { DetectionPanel } from "./components/DetectionPanel";
export { ItemList } from "./components/ItemList";
export { SummaryPanel } from "./components/SummaryPanel";
