/**
 * Reading a crosswalk file the user picked (概要 tab): size check, bytes decoded by their BOM (UTF-16 from Windows,
 * UTF-8 with or without BOM: domain/json-text.ts), then validation (loadCrosswalkFile). Loaded when a file is picked,
 * not with the pane's first view.
 */
import { decodeJsonBytes } from "../../domain/json-text";
import { describeError } from "../../workbook/usecases-core";
import { S } from "../i18n-panels";
import { loadCrosswalkFile, loadFailure, MAX_CROSSWALK_BYTES, tooLarge, type CrosswalkLoad, type CrosswalkLoadFailure } from "./crosswalk";

const refused = (failure: CrosswalkLoadFailure): CrosswalkLoad => ({ ok: false, failure });

export function readCrosswalkFile(file: File): Promise<CrosswalkLoad> {
  const name = file.name;
  if (file.size > MAX_CROSSWALK_BYTES) return Promise.resolve(refused(tooLarge(name, file.size)));
  return new Promise<CrosswalkLoad>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => {
      const raw = reader.result;
      const decoded = raw !== null && typeof raw !== "string" ? decodeJsonBytes(new Uint8Array(raw)) : null;
      if (!decoded?.ok) {
        const why = decoded ? { ja: `${S.cwReadFailed.ja} ${decoded.message.ja}`, en: `${S.cwReadFailed.en} ${decoded.message.en}` } : S.cwReadFailed;
        resolve(refused(loadFailure(name, why)));
        return;
      }
      loadCrosswalkFile(name, decoded.text).then(resolve, (e: unknown) => {
        const why = describeError(e);
        resolve(refused(loadFailure(name, { ja: `${S.cwLoadFailed.ja} ${why.ja}`, en: `${S.cwLoadFailed.en} ${why.en}` })));
      });
    };
    reader.onerror = () => resolve(refused(loadFailure(name, S.cwReadFailed)));
    reader.readAsArrayBuffer(file);
  });
}
