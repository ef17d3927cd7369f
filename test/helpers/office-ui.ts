/**
 * Office.context.ui (Dialog API) and Office.addin.onVisibilityModeChanged on top of the strict fake's Office object,
 * for the ribbon commands' tests (the fake itself models Excel; this adds the UI surface the commands talk to).
 *  - "open": displayDialogAsync succeeds; the dialog's close button can be "clicked" (messageParent → close);
 *  - "fail": the callback reports a failure (e.g. 12007, a dialog is already open);
 *  - "silent": the callback never comes (the commands must time out).
 */
import type { FakeExcel } from "../fakes/fake-excel";

export interface FakeDialog {
  url: URL;
  options: Record<string, unknown>;
  closed: boolean;
  /** The user presses the dialog page's close button (the page calls messageParent). */
  pressClose(): void;
}

export interface OfficeUi {
  dialogs: FakeDialog[];
  /** Messages shown in dialogs, in the dialog's language. */
  messages(): { lang: string; ja: string; en: string; intent: string }[];
  /** Fire Office.addin.onVisibilityModeChanged handlers. */
  setVisibility(mode: "Taskpane" | "Hidden"): void;
}

export function addOfficeUi(fake: FakeExcel, behaviour: "open" | "fail" | "silent" = "open"): OfficeUi {
  const Office = fake.Office;
  const dialogs: FakeDialog[] = [];
  const visibilityHandlers: ((a: { visibilityMode: string }) => void)[] = [];
  Office.AsyncResultStatus = { Succeeded: "succeeded", Failed: "failed" };
  Office.EventType = { ...(Office.EventType ?? {}), DialogMessageReceived: "dialogMessageReceived", DialogEventReceived: "dialogEventReceived" };
  Office.VisibilityMode = { hidden: "Hidden", taskpane: "Taskpane" };
  Office.context.ui = {
    displayDialogAsync(url: string, options: Record<string, unknown>, cb: (r: unknown) => void) {
      fake.log.push(`ui.displayDialogAsync ${url}`);
      const parsed = new URL(url);
      if (behaviour === "silent") return;
      if (behaviour === "fail") {
        cb({ status: "failed", error: { code: 12007, message: "A dialog box is already opened from this host window." } });
        return;
      }
      const handlers = new Map<string, (a: unknown) => void>();
      const d: FakeDialog = {
        url: parsed,
        options,
        closed: false,
        pressClose() {
          handlers.get("dialogMessageReceived")?.({ message: "close", origin: parsed.origin });
        },
      };
      dialogs.push(d);
      cb({
        status: "succeeded",
        value: {
          addEventHandler(type: string, h: (a: unknown) => void) {
            handlers.set(type, h);
          },
          close() {
            d.closed = true;
            fake.log.push("dialog.close");
          },
        },
      });
    },
  };
  Office.addin.onVisibilityModeChanged = (h: (a: { visibilityMode: string }) => void) => {
    visibilityHandlers.push(h);
    return Promise.resolve(() => Promise.resolve());
  };
  return {
    dialogs,
    messages: () =>
      dialogs.map((d) => ({
        lang: d.url.searchParams.get("lang") ?? "",
        ja: d.url.searchParams.get("ja") ?? "",
        en: d.url.searchParams.get("en") ?? "",
        intent: d.url.searchParams.get("intent") ?? "",
      })),
    setVisibility(mode) {
      for (const h of visibilityHandlers) h({ visibilityMode: mode });
    },
  };
}
