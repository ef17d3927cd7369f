/**
 * The same workbook as other writers spell it: namespace declarations on child elements instead of the root,
 * other prefixes (the OpenXML SDK's `x:` for SpreadsheetML, `rel:` for relationships), and Strict OOXML
 * (ISO/IEC 29500 strict namespaces). Values and structure are unchanged.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";

const TR_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const TR_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
export const STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main";
export const STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships";

type Parts = Record<string, Uint8Array>;

function edit(bytes: Uint8Array, f: (name: string, xml: string) => string): Uint8Array {
  const parts: Parts = unzipSync(bytes);
  for (const name of Object.keys(parts)) {
    if (!/\.(xml|rels)$/.test(name)) continue;
    const xml = strFromU8(parts[name]);
    const next = f(name, xml);
    if (next !== xml) parts[name] = strToU8(next);
  }
  return zipSync(parts);
}

/** workbook.xml declares the relationships namespace on each <sheet> (prefix `rel`), not on the root. */
export function relsOnChildren(bytes: Uint8Array): Uint8Array {
  return edit(bytes, (name, xml) => {
    if (name !== "xl/workbook.xml") return xml;
    let out = xml.replace(` xmlns:r="${TR_REL}"`, "");
    out = out.replace(/<((?:\w+:)?)sheet ([^>]*?)r:id=/g, `<$1sheet xmlns:rel="${TR_REL}" $2rel:id=`);
    if (/\sr:/.test(out)) throw new Error("workbook.xml uses r: elsewhere");
    return out;
  });
}

/** Every SpreadsheetML part (workbook, sheets, styles, shared strings) with the main namespace on prefix `x:`. */
export function prefixedMain(bytes: Uint8Array): Uint8Array {
  return edit(bytes, (name, xml) => {
    if (!name.startsWith("xl/") || name.includes("_rels") || name.includes("theme")) return xml;
    if (!xml.includes(`xmlns="${TR_MAIN}"`)) return xml;
    const out = xml.replace(`xmlns="${TR_MAIN}"`, `xmlns:x="${TR_MAIN}"`);
    return out.replace(/<(\/?)([A-Za-z][\w.-]*)(?=[\s/>])/g, (_m, slash: string, tag: string) => `<${slash}x:${tag}`);
  });
}

/** Strict OOXML: strict namespaces in every part and strict relationship types, conformance="strict". */
export function strictOoxml(bytes: Uint8Array): Uint8Array {
  return edit(bytes, (name, xml) => {
    let out = xml.split(TR_MAIN).join(STRICT_MAIN);
    out = out.split(`${TR_REL}/`).join(`${STRICT_REL}/`);
    out = out.split(`"${TR_REL}"`).join(`"${STRICT_REL}"`);
    if (name === "xl/workbook.xml") out = out.replace(/<((?:\w+:)?)workbook /, `<$1workbook conformance="strict" `);
    return out;
  });
}

export function partsOf(bytes: Uint8Array): Record<string, string> {
  const parts = unzipSync(bytes);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parts)) if (/\.(xml|rels|vml)$/.test(k)) out[k] = strFromU8(v);
  return out;
}
