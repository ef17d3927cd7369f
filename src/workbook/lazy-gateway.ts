/**
 * A WorkbookGateway whose adapter is loaded on first use. The task pane and the ribbon page create the Office
 * adapter this way, so office.ts (and the domain code behind it) is a lazy chunk instead of first-load JavaScript:
 * the pane paints and accepts input before the adapter arrives, and the first read fetches it.
 *
 * It forwards the port's methods one to one (each still one round trip of the real adapter). Optional methods are
 * exposed as the loaded adapter's class declares them (`methods`), because callers feature-detect them
 * synchronously (`if (gateway.select)`); test/workbook/lazy-gateway.test.ts checks the list against OfficeGateway.
 * Plain TypeScript: no Office, no Node APIs.
 */
import type { WorkbookGateway } from "./gateway";

export type OptionalGatewayMethod = "select" | "subscribe";

export function lazyGateway(load: () => Promise<WorkbookGateway>, methods: readonly OptionalGatewayMethod[]): WorkbookGateway {
  let pending: Promise<WorkbookGateway> | null = null;
  const target = () => {
    // a failed load is tried again on the next call (a chunk can fail once on a flaky connection)
    pending ??= load().catch((e: unknown) => {
      pending = null;
      throw e;
    });
    return pending;
  };
  const gw: WorkbookGateway = {
    read: async (options) => (await target()).read(options),
    snapshot: async (sheet, cells) => (await target()).snapshot(sheet, cells),
    write: async (batch) => (await target()).write(batch),
  };
  if (methods.includes("select"))
    gw.select = async (sheet, cell) => {
      const t = await target();
      if (t.select) await t.select(sheet, cell);
    };
  if (methods.includes("subscribe"))
    gw.subscribe = async (handlers) => {
      const t = await target();
      return t.subscribe ? t.subscribe(handlers) : () => undefined;
    };
  return gw;
}

/** The Office adapter (office.ts, a chunk of its own), created on first use. */
export function lazyOfficeGateway(): WorkbookGateway {
  return lazyGateway(
    () => import(/* webpackChunkName: "office" */ "./office").then((m) => new m.OfficeGateway()),
    OFFICE_GATEWAY_METHODS,
  );
}

/** The optional port methods OfficeGateway implements. */
export const OFFICE_GATEWAY_METHODS: readonly OptionalGatewayMethod[] = ["select", "subscribe"];
