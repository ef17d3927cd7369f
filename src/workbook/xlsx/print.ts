/**
 * Print settings of the checksheet (WriteBatch.print) for the OOXML adapter: fit to the page width
 * (`<sheetPr><pageSetUpPr fitToPage="1"/>` + `<pageSetup fitToWidth="1" fitToHeight="0"/>`) and the header rows
 * repeated on every page (the `_xlnm.Print_Titles` defined name of the sheet).
 *
 * Exact restore: the native token (SheetMatrix.printNative) holds the original element texts (`sheetPr`, `pageSetup`,
 * `definedNames`, or null where absent). Restoring puts them back only while the current texts are exactly what
 * applying would have produced from them (print settings the user changed since are kept).
 */
export interface PrintOriginal {
  sheetPr: string | null;
  pageSetup: string | null;
  definedNames: string | null;
}

export interface PrintSettings {
  fitToWidth: boolean;
  /** 0-based rows repeated at the top of every page (inclusive). */
  titleRows?: { top: number; bottom: number };
}

/** The first element `<p:name …/>` or `<p:name …>…</p:name>` (exact text and position), or null. */
function findElement(xml: string, qname: string): { start: number; end: number; text: string } | null {
  const re = new RegExp(`<${qname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=[\\s/>])`);
  const m = re.exec(xml);
  if (!m) return null;
  const start = m.index;
  const gt = xml.indexOf(">", start);
  if (gt < 0) return null;
  if (xml[gt - 1] === "/") return { start, end: gt + 1, text: xml.slice(start, gt + 1) };
  const close = `</${qname}>`;
  const ci = xml.indexOf(close, gt);
  if (ci < 0) return null;
  return { start, end: ci + close.length, text: xml.slice(start, ci + close.length) };
}

/** Set attributes on the start tag of an element text. */
function setAttrs(el: string, attrs: Record<string, string>): string {
  const gt = el.indexOf(">");
  const selfClosing = el[gt - 1] === "/";
  let head = el.slice(0, selfClosing ? gt - 1 : gt);
  const rest = el.slice(selfClosing ? gt - 1 : gt);
  for (const [k, v] of Object.entries(attrs)) {
    const re = new RegExp(`(\\s${k}=)("[^"]*"|'[^']*')`);
    if (re.test(head)) head = head.replace(re, `$1"${v}"`);
    else head = head.replace(/\s*$/, "") + ` ${k}="${v}"`;
  }
  return head + rest;
}

const AFTER_PAGE_SETUP = [
  "headerFooter", "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
  "legacyDrawing", "legacyDrawingHF", "drawingHF", "picture", "oleObjects", "controls", "webPublishItems", "tableParts", "extLst",
];

/** The original print elements of a sheet and of the workbook's defined names (the native token). */
export function readPrintOriginal(sheetXml: string, workbookXml: string, p: string, wp: string): PrintOriginal {
  return {
    sheetPr: findElement(sheetXml, `${p}sheetPr`)?.text ?? null,
    pageSetup: findElement(sheetXml, `${p}pageSetup`)?.text ?? null,
    definedNames: findElement(workbookXml, `${wp}definedNames`)?.text ?? null,
  };
}

function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Apply print settings to the sheet XML. */
export function applySheetPrint(sheetXml: string, p: string, s: PrintSettings): string {
  if (!s.fitToWidth) return sheetXml;
  let xml = sheetXml;
  // <sheetPr><pageSetUpPr fitToPage="1"/></sheetPr> (sheetPr is the worksheet's first child)
  const sp = findElement(xml, `${p}sheetPr`);
  if (!sp) {
    const root = new RegExp(`<${p}worksheet(?=[\\s>])`).exec(xml);
    if (!root) return sheetXml;
    const gt = xml.indexOf(">", root.index);
    xml = `${xml.slice(0, gt + 1)}<${p}sheetPr><${p}pageSetUpPr fitToPage="1"/></${p}sheetPr>${xml.slice(gt + 1)}`;
  } else {
    const inner = findElement(sp.text, `${p}pageSetUpPr`);
    let next: string;
    if (inner) next = sp.text.slice(0, inner.start) + setAttrs(inner.text, { fitToPage: "1" }) + sp.text.slice(inner.end);
    else if (sp.text.endsWith("/>")) next = `${sp.text.slice(0, -2).replace(/\s*$/, "")}><${p}pageSetUpPr fitToPage="1"/></${p}sheetPr>`;
    else {
      // pageSetUpPr comes after tabColor and outlinePr.
      const close = sp.text.lastIndexOf(`</${p}sheetPr>`);
      next = `${sp.text.slice(0, close)}<${p}pageSetUpPr fitToPage="1"/>${sp.text.slice(close)}`;
    }
    xml = xml.slice(0, sp.start) + next + xml.slice(sp.end);
  }
  const ps = findElement(xml, `${p}pageSetup`);
  if (ps) return xml.slice(0, ps.start) + setAttrs(ps.text, { fitToWidth: "1", fitToHeight: "0" }) + xml.slice(ps.end);
  const el = `<${p}pageSetup fitToWidth="1" fitToHeight="0"/>`;
  const pm = findElement(xml, `${p}pageMargins`);
  if (pm) return xml.slice(0, pm.end) + el + xml.slice(pm.end);
  for (const n of AFTER_PAGE_SETUP) {
    const f = findElement(xml, `${p}${n}`);
    if (f) return xml.slice(0, f.start) + el + xml.slice(f.start);
  }
  const end = xml.lastIndexOf(`</${p}worksheet>`);
  return end < 0 ? xml : xml.slice(0, end) + el + xml.slice(end);
}

/** Add `_xlnm.Print_Titles` for the sheet (kept when the workbook already has one for it). */
export function applyPrintTitles(workbookXml: string, wp: string, sheetName: string, localSheetId: number, s: PrintSettings): string {
  if (!s.titleRows) return workbookXml;
  const ref = `${quoteSheet(sheetName)}!$${s.titleRows.top + 1}:$${s.titleRows.bottom + 1}`;
  const el = `<${wp}definedName name="_xlnm.Print_Titles" localSheetId="${localSheetId}">${escapeXml(ref)}</${wp}definedName>`;
  const dn = findElement(workbookXml, `${wp}definedNames`);
  if (dn) {
    const has = new RegExp(`name=["']_xlnm\\.Print_Titles["'][^>]*localSheetId=["']${localSheetId}["']|localSheetId=["']${localSheetId}["'][^>]*name=["']_xlnm\\.Print_Titles["']`).test(dn.text);
    if (has) return workbookXml;
    if (dn.text.endsWith("/>")) return workbookXml.slice(0, dn.start) + `<${wp}definedNames>${el}</${wp}definedNames>` + workbookXml.slice(dn.end);
    const close = dn.text.lastIndexOf(`</${wp}definedNames>`);
    return workbookXml.slice(0, dn.start) + dn.text.slice(0, close) + el + dn.text.slice(close) + workbookXml.slice(dn.end);
  }
  // definedNames follows sheets / functionGroups / externalReferences.
  const after = findElement(workbookXml, `${wp}externalReferences`) ?? findElement(workbookXml, `${wp}functionGroups`) ?? findElement(workbookXml, `${wp}sheets`);
  if (!after) return workbookXml;
  return workbookXml.slice(0, after.end) + `<${wp}definedNames>${el}</${wp}definedNames>` + workbookXml.slice(after.end);
}

/** Put one original element back in place of the current one (inserted when absent now, removed when absent before). */
function putBack(xml: string, qname: string, original: string | null): string {
  const cur = findElement(xml, qname);
  if (!cur) return xml; // nothing of ours there (removed by the user): leave it
  return xml.slice(0, cur.start) + (original ?? "") + xml.slice(cur.end);
}

/** What the adapter stores to restore exactly: the originals and the settings applied over them. */
export interface PrintToken {
  v: 1;
  original: PrintOriginal;
  settings: PrintSettings;
  sheetName: string;
  localSheetId: number;
}

/** The element texts applying `token.settings` over `token.original` produces (independent of the rest of the XML). */
function expected(token: PrintToken, p: string, wp: string): PrintOriginal {
  const o = token.original;
  const sheet = applySheetPrint(`<${p}worksheet>${o.sheetPr ?? ""}${o.pageSetup ?? ""}</${p}worksheet>`, p, token.settings);
  const wb = applyPrintTitles(`<${wp}workbook><${wp}sheets/>${o.definedNames ?? ""}</${wp}workbook>`, wp, token.sheetName, token.localSheetId, token.settings);
  return readPrintOriginal(sheet, wb, p, wp);
}

/**
 * Restore the originals, but only where the current texts are still what applying produced from them (settings the
 * user changed since are kept). Returns the new sheet and workbook XML.
 */
export function restorePrint(sheetXml: string, workbookXml: string, p: string, wp: string, token: PrintToken): { sheetXml: string; workbookXml: string } {
  const cur = readPrintOriginal(sheetXml, workbookXml, p, wp);
  const ours = expected(token, p, wp);
  const o = token.original;
  let s = sheetXml;
  let w = workbookXml;
  if (cur.sheetPr === ours.sheetPr && cur.pageSetup === ours.pageSetup) {
    if (o.pageSetup !== ours.pageSetup) s = putBack(s, `${p}pageSetup`, o.pageSetup);
    if (o.sheetPr !== ours.sheetPr) s = putBack(s, `${p}sheetPr`, o.sheetPr);
  }
  if (cur.definedNames === ours.definedNames && o.definedNames !== ours.definedNames) w = putBack(w, `${wp}definedNames`, o.definedNames);
  return { sheetXml: s, workbookXml: w };
}
