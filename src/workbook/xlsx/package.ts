/**
 * Package-level structure: workbook.xml (sheet list, defined names, views),
 * its relationships and [Content_Types].xml. Adding a sheet inserts exactly
 * one element into each of the three parts (no whitespace); removing it cuts
 * exactly that element again, so create + delete is byte-identical.
 */
import { unsupported } from "./errors";
import { escapeAttr, findAll, findClose, findTag, parseTagAt, rootPrefix, setAttr, unescapeXml } from "./xml";

export const WORKSHEET_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";

export interface Rel {
  id: string;
  type: string;
  target: string;
  /** Resolved part name (no leading slash), or null for external targets. */
  path: string | null;
  start: number;
  end: number;
}

export interface WbSheet {
  name: string;
  sheetId: number;
  state: "visible" | "hidden" | "veryHidden";
  rid: string;
  path: string | null;
  /** Relationship type tail: "worksheet", "chartsheet", "dialogsheet", "xlMacrosheet"... */
  kind: string;
  start: number;
  end: number;
  index: number;
}

export interface DefinedName {
  name: string;
  localSheetId: number | null;
  text: string;
}

export interface WorkbookModel {
  path: string;
  relsPath: string;
  p: string;
  sheets: WbSheet[];
  rels: Rel[];
  names: DefinedName[];
  activeTab: number;
  lockStructure: boolean;
  ns: { main: string; rel: string; relPrefix: string; relOnRoot: boolean };
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i + 1);
}

export function relsPathOf(path: string): string {
  const d = dirOf(path);
  return `${d}_rels/${path.slice(d.length)}.rels`;
}

export function resolveTarget(baseDir: string, target: string): string {
  const t = target.replace(/\\/g, "/");
  const raw = t.startsWith("/") ? t.slice(1) : baseDir + t;
  const out: string[] = [];
  for (const seg of raw.split("/")) {
    if (seg === "..") out.pop();
    else if (seg !== "." && seg !== "") out.push(seg);
  }
  return out.join("/");
}

export function parseRels(xml: string | null, baseDir: string): Rel[] {
  if (!xml) return [];
  const p = rootPrefix(xml, "Relationships");
  return findAll(xml, p + "Relationship").map(({ tag, end }) => {
    const a = tag.attrs;
    const target = unescapeXml(a.Target ?? "");
    return {
      id: a.Id ?? "",
      type: a.Type ?? "",
      target,
      path: a.TargetMode === "External" ? null : resolveTarget(baseDir, target),
      start: tag.start,
      end,
    };
  });
}

function rootTag(xml: string) {
  let i = 0;
  for (;;) {
    i = xml.indexOf("<", i);
    if (i < 0) throw new Error("no root element");
    const c = xml[i + 1];
    if (c === "?" || c === "!") {
      i++;
      continue;
    }
    return parseTagAt(xml, i);
  }
}

const STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships";

export function parseWorkbook(path: string, xml: string, relsXml: string | null): WorkbookModel {
  const p = rootPrefix(xml, "workbook");
  const root = rootTag(xml);
  const main = root.attrs[p ? `xmlns:${p.slice(0, -1)}` : "xmlns"] ?? "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  // The relationships namespace: declared on the root (usual), or only on child elements (some writers declare it
  // on each <sheet>); Strict OOXML uses its own. relOnRoot says whether an inserted element may reuse the prefix.
  let rel = main === STRICT_MAIN ? STRICT_REL : "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  let relPrefix = "r";
  let relOnRoot = false;
  for (const [k, v] of Object.entries(root.attrs)) {
    if (k.startsWith("xmlns:") && /officeDocument\/(2006\/)?relationships$/.test(v)) {
      rel = v;
      relPrefix = k.slice(6);
      relOnRoot = true;
      break;
    }
  }
  const relsPath = relsPathOf(path);
  const rels = parseRels(relsXml, dirOf(path));
  const sheets: WbSheet[] = [];
  const sheetsTag = findTag(xml, p + "sheets");
  if (sheetsTag && !sheetsTag.selfClosing) {
    const close = findClose(xml, sheetsTag.name, sheetsTag.end);
    for (const { tag, end } of findAll(xml, p + "sheet", sheetsTag.end, close)) {
      const a = tag.attrs;
      const ridKey = Object.keys(a).find((k) => k.endsWith(":id")) ?? "id";
      if (!relOnRoot) {
        const decl = Object.entries(a).find(([k, v]) => k.startsWith("xmlns:") && /officeDocument\/(2006\/)?relationships$/.test(v));
        if (decl) rel = decl[1];
      }
      const rid = a[ridKey] ?? "";
      const r = rels.find((x) => x.id === rid);
      const st = a.state;
      sheets.push({
        name: unescapeXml(a.name ?? ""),
        sheetId: Number(a.sheetId ?? 0),
        state: st === "hidden" || st === "veryHidden" ? st : "visible",
        rid,
        path: r?.path ?? null,
        kind: r ? r.type.slice(r.type.lastIndexOf("/") + 1) : "",
        start: tag.start,
        end,
        index: sheets.length,
      });
    }
  }
  const names: DefinedName[] = [];
  const dn = findTag(xml, p + "definedNames");
  if (dn && !dn.selfClosing) {
    const close = findClose(xml, dn.name, dn.end);
    for (const { tag, end } of findAll(xml, p + "definedName", dn.end, close)) {
      const text = tag.selfClosing ? "" : xml.slice(tag.end, xml.lastIndexOf("</", end - 1));
      names.push({
        name: unescapeXml(tag.attrs.name ?? ""),
        localSheetId: tag.attrs.localSheetId !== undefined ? Number(tag.attrs.localSheetId) : null,
        text: unescapeXml(text),
      });
    }
  }
  const view = findTag(xml, p + "workbookView");
  const prot = findTag(xml, p + "workbookProtection");
  return {
    path,
    relsPath,
    p,
    sheets,
    rels,
    names,
    activeTab: view?.attrs.activeTab ? Number(view.attrs.activeTab) : 0,
    lockStructure: !!prot && (prot.attrs.lockStructure === "1" || prot.attrs.lockStructure === "true"),
    ns: { main, rel, relPrefix, relOnRoot },
  };
}

/** Texts of the three structure parts, edited together. */
export interface StructureTexts {
  workbook: string;
  rels: string;
  contentTypes: string;
}

export function validateSheetName(name: string): void {
  if (!name || name.length > 31 || /[[\]:*?/\\]/.test(name) || name.startsWith("'") || name.endsWith("'")) {
    throw unsupported({ ja: `シート名「${name}」は Excel で使えません。`, en: `"${name}" is not a valid Excel sheet name.` });
  }
}

/** Insert a new worksheet entry; returns the edited texts and the new part path. */
export function addSheetEntry(
  t: StructureTexts,
  model: WorkbookModel,
  existingParts: Iterable<string>,
  name: string,
  state: "veryHidden" | null,
): { texts: StructureTexts; path: string } {
  validateSheetName(name);
  const p = model.p;
  const sheetsTag = findTag(t.workbook, p + "sheets");
  if (!sheetsTag || sheetsTag.selfClosing) throw unsupported({ ja: "workbook.xml にシート一覧がありません。", en: "workbook.xml has no sheet list." });
  const sheetsClose = findClose(t.workbook, sheetsTag.name, sheetsTag.end);
  const sheetId = Math.max(0, ...model.sheets.map((s) => s.sheetId)) + 1;
  let n = 1;
  for (const r of model.rels) {
    const m = /^rId(\d+)$/.exec(r.id);
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  const rid = `rId${n}`;
  const wbDir = dirOf(model.path);
  let k = 0;
  const lower = new Set<string>();
  for (const part of existingParts) {
    lower.add(part.toLowerCase());
    const m = /worksheets\/sheet(\d+)\.xml$/i.exec(part);
    if (m) k = Math.max(k, Number(m[1]));
  }
  let path = `${wbDir}worksheets/sheet${k + 1}.xml`;
  while (lower.has(path.toLowerCase())) path = `${wbDir}worksheets/sheet${++k + 1}.xml`;
  // Reuse the root's relationships prefix; where the source declared it only on child elements, declare it here.
  const relAttr = model.ns.relOnRoot ? `${model.ns.relPrefix}:id="${rid}"` : `xmlns:${model.ns.relPrefix}="${escapeAttr(model.ns.rel)}" ${model.ns.relPrefix}:id="${rid}"`;
  const sheetEl = `<${p}sheet name="${escapeAttr(name)}" sheetId="${sheetId}"${state ? ` state="${state}"` : ""} ${relAttr}/>`;
  const workbook = t.workbook.slice(0, sheetsClose) + sheetEl + t.workbook.slice(sheetsClose);

  const existingWs = model.rels.find((r) => r.type.endsWith("/worksheet"));
  const type = existingWs?.type ?? "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
  const rp = rootPrefix(t.rels, "Relationships");
  const relsClose = t.rels.lastIndexOf(`</${rp}Relationships`);
  if (relsClose < 0) throw unsupported({ ja: "workbook.xml.rels を編集できません。", en: "workbook.xml.rels cannot be edited." });
  const relEl = `<${rp}Relationship Id="${rid}" Type="${type}" Target="${escapeAttr(path.slice(wbDir.length))}"/>`;
  const rels = t.rels.slice(0, relsClose) + relEl + t.rels.slice(relsClose);

  const cp = rootPrefix(t.contentTypes, "Types");
  const typesClose = t.contentTypes.lastIndexOf(`</${cp}Types`);
  if (typesClose < 0) throw unsupported({ ja: "[Content_Types].xml を編集できません。", en: "[Content_Types].xml cannot be edited." });
  const ctEl = `<${cp}Override PartName="/${escapeAttr(path)}" ContentType="${WORKSHEET_CT}"/>`;
  const contentTypes = t.contentTypes.slice(0, typesClose) + ctEl + t.contentTypes.slice(typesClose);
  return { texts: { workbook, rels, contentTypes }, path };
}

/** Remove a sheet entry (workbook.xml, rels, content types); keeps sheet indices consistent. */
export function removeSheetEntry(t: StructureTexts, model: WorkbookModel, sheet: WbSheet): StructureTexts {
  const p = model.p;
  let wb = t.workbook.slice(0, sheet.start) + t.workbook.slice(sheet.end);
  const idx = sheet.index;
  const last = model.sheets.length - 1;
  // Sheet-index references: workbookView activeTab/firstSheet and definedName localSheetId.
  const view = findTag(wb, p + "workbookView");
  if (view) {
    let text = wb.slice(view.start, view.end);
    for (const attr of ["activeTab", "firstSheet"]) {
      const v = view.attrs[attr];
      if (v === undefined) continue;
      const n = Number(v);
      if (n > idx || (n === idx && idx === last && n > 0)) text = setAttr(text, attr, String(n - 1));
    }
    wb = wb.slice(0, view.start) + text + wb.slice(view.end);
  }
  if (idx !== last) {
    const dn = findTag(wb, p + "definedNames");
    if (dn && !dn.selfClosing) {
      const close = findClose(wb, dn.name, dn.end);
      const items = findAll(wb, p + "definedName", dn.end, close);
      for (let i = items.length - 1; i >= 0; i--) {
        const { tag, end } = items[i];
        const v = tag.attrs.localSheetId;
        if (v === undefined) continue;
        const n = Number(v);
        if (n === idx) wb = wb.slice(0, tag.start) + wb.slice(end);
        else if (n > idx) wb = wb.slice(0, tag.start) + setAttr(wb.slice(tag.start, tag.end), "localSheetId", String(n - 1)) + wb.slice(tag.end);
      }
    }
  }
  let rels = t.rels;
  const rel = parseRels(rels, dirOf(model.path)).find((r) => r.id === sheet.rid);
  if (rel) rels = rels.slice(0, rel.start) + rels.slice(rel.end);
  let ct = t.contentTypes;
  if (sheet.path) {
    const cp = rootPrefix(ct, "Types");
    const o = findAll(ct, cp + "Override").find((e) => unescapeXml(e.tag.attrs.PartName ?? "").toLowerCase() === "/" + sheet.path!.toLowerCase());
    if (o) ct = ct.slice(0, o.tag.start) + ct.slice(o.end);
  }
  return { workbook: wb, rels, contentTypes: ct };
}
