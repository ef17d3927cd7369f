/**
 * The 一括入力 and 審査 tabs, plugged into App via `extraTabs`. Each is lazy-loaded
 * (React.lazy → a separate chunk), so the first-load bundle of the pane stays within its budget.
 */
import * as React from "react";
import type { ExtraTab } from "./App";
import { S } from "./i18n";
import { PanelLoading } from "./lazyPanels";

const BulkTab = React.lazy(() => import(/* webpackChunkName: "tab-bulk" */ "./tabs/BulkTab"));
const ReviewTab = React.lazy(() => import(/* webpackChunkName: "tab-review" */ "./tabs/ReviewTab"));

export const EXTRA_TABS: ExtraTab[] = [
  {
    value: "bulk",
    label: S.tabBulk,
    render: (p) => (
      <React.Suspense fallback={<PanelLoading lang={p.lang} />}>
        <BulkTab {...p} />
      </React.Suspense>
    ),
  },
  {
    value: "review",
    label: S.tabReview,
    render: (p) => (
      <React.Suspense fallback={<PanelLoading lang={p.lang} />}>
        <ReviewTab {...p} />
      </React.Suspense>
    ),
  },
];
