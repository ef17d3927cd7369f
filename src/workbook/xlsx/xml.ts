/**
 * Minimal, allocation-light XML helpers for surgical OOXML editing.
 * We never build a DOM: parts are scanned as strings with indexOf, and edits
 * are splices of the original text so that everything we do not touch stays
 * byte-identical.
 */

const ENTITY: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decode XML character/entity references (predefined entities + numeric). */
export function unescapeXml(text: string): string {
  if (text.indexOf("&") < 0) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, body: string) => {
    if (body[0] === "#") {
      const cp = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : m;
    }
    return ENTITY[body] ?? m;
  });
}

/** Decode the ST_Xstring escapes (`_x000D_`) SpreadsheetML uses for control characters. */
export function unescapeXstring(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9a-fA-F]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Escape text content for an element body. */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : "&gt;"));
}

/** Escape an attribute value (double-quoted). */
export function escapeAttr(text: string): string {
  return text.replace(/[&<>"\n\r\t]/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : `&#${c.charCodeAt(0)};`,
  );
}

/**
 * Escape a cell string for `<t>`: XML escapes plus ST_Xstring escapes for
 * characters XML 1.0 cannot carry, and for literal `_xHHHH_` sequences.
 */
export function escapeCellText(text: string): string {
  const x = text
    .replace(/_x([0-9a-fA-F]{4})_/g, "_x005F_x$1_")
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
  return escapeText(x);
}

export interface Tag {
  /** Qualified name as written, e.g. "c" or "x:c". */
  name: string;
  /** Index of "<". */
  start: number;
  /** Index just after ">" of the start tag. */
  end: number;
  selfClosing: boolean;
  attrs: Record<string, string>;
}

function isNameChar(code: number): boolean {
  // letters, digits, ':', '_', '-', '.', and non-ASCII
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 58 ||
    code === 95 ||
    code === 45 ||
    code === 46 ||
    code > 127
  );
}

/**
 * Parse the start tag beginning at `lt` (the index of "<"). Attribute values
 * are returned raw (still escaped); use unescapeXml where needed.
 */
export function parseTagAt(xml: string, lt: number): Tag {
  let i = lt + 1;
  while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
  const name = xml.slice(lt + 1, i);
  const attrs: Record<string, string> = {};
  for (;;) {
    while (i < xml.length && xml.charCodeAt(i) <= 32) i++;
    const ch = xml[i];
    if (ch === undefined) throw new Error(`unterminated tag <${name}`);
    if (ch === ">") return { name, start: lt, end: i + 1, selfClosing: false, attrs };
    if (ch === "/" && xml[i + 1] === ">") return { name, start: lt, end: i + 2, selfClosing: true, attrs };
    const ns = i;
    while (i < xml.length && isNameChar(xml.charCodeAt(i))) i++;
    if (i === ns) throw new Error(`bad attribute in <${name}`);
    const an = xml.slice(ns, i);
    while (xml.charCodeAt(i) <= 32) i++;
    if (xml[i] !== "=") throw new Error(`bad attribute ${an} in <${name}`);
    i++;
    while (xml.charCodeAt(i) <= 32) i++;
    const q = xml[i];
    if (q !== '"' && q !== "'") throw new Error(`bad attribute ${an} in <${name}`);
    const close = xml.indexOf(q, i + 1);
    if (close < 0) throw new Error(`unterminated attribute ${an} in <${name}`);
    attrs[an] = xml.slice(i + 1, close);
    i = close + 1;
  }
}

/**
 * Find the next start tag with exactly this qualified name at or after `from`
 * (and before `limit`). Returns null when none.
 */
export function findTag(xml: string, qname: string, from = 0, limit = xml.length): Tag | null {
  const needle = "<" + qname;
  let i = from;
  for (;;) {
    i = xml.indexOf(needle, i);
    if (i < 0 || i >= limit) return null;
    const next = xml.charCodeAt(i + needle.length);
    if (next === 62 /* > */ || next === 47 /* / */ || next <= 32) return parseTagAt(xml, i);
    i += needle.length;
  }
}

/** Index of the matching end tag "</qname>" for a non-self-closing element (no same-name nesting assumed). */
export function findClose(xml: string, qname: string, from: number): number {
  const i = xml.indexOf("</" + qname + ">", from);
  if (i < 0) {
    // tolerate whitespace before ">"
    const re = new RegExp(`</${qname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*>`, "g");
    re.lastIndex = from;
    const m = re.exec(xml);
    if (!m) throw new Error(`missing </${qname}>`);
    return m.index;
  }
  return i;
}

/** End index (exclusive) of the element whose start tag is `tag`. */
export function elementEnd(xml: string, tag: Tag): number {
  if (tag.selfClosing) return tag.end;
  const close = findClose(xml, tag.name, tag.end);
  return xml.indexOf(">", close) + 1;
}

/** Text content (raw, escaped) between start tag end and its close. "" for self-closing. */
export function innerText(xml: string, tag: Tag): string {
  if (tag.selfClosing) return "";
  return xml.slice(tag.end, findClose(xml, tag.name, tag.end));
}

/** All elements with this qualified name in [from, limit), non-nested. */
export function findAll(xml: string, qname: string, from = 0, limit = xml.length): { tag: Tag; end: number }[] {
  const out: { tag: Tag; end: number }[] = [];
  let i = from;
  for (;;) {
    const tag = findTag(xml, qname, i, limit);
    if (!tag) return out;
    const end = elementEnd(xml, tag);
    out.push({ tag, end });
    i = end;
  }
}

/** Namespace prefix (with colon, or "") used by the root element, e.g. "x:" for `<x:worksheet`. */
export function rootPrefix(xml: string, localName: string): string {
  let i = 0;
  for (;;) {
    i = xml.indexOf("<", i);
    if (i < 0) return "";
    const c = xml[i + 1];
    if (c === "?" || c === "!") {
      i++;
      continue;
    }
    const tag = parseTagAt(xml, i);
    const colon = tag.name.indexOf(":");
    if (colon >= 0 && tag.name.slice(colon + 1) === localName) return tag.name.slice(0, colon + 1);
    return "";
  }
}

/** Return the start tag text with attribute `name` set to `value` (raw, already escaped); inserted before the tag end when absent. */
export function setAttr(tagText: string, name: string, value: string): string {
  const re = new RegExp(`(\\s${name.replace(/[:.]/g, "\\$&")}\\s*=\\s*)("[^"]*"|'[^']*')`);
  if (re.test(tagText)) return tagText.replace(re, (_m, pre: string) => `${pre}"${value}"`);
  const selfClose = tagText.endsWith("/>");
  const cut = selfClose ? tagText.length - 2 : tagText.length - 1;
  let head = tagText.slice(0, cut);
  let ws = "";
  const m = /\s+$/.exec(head);
  if (m) {
    ws = m[0];
    head = head.slice(0, m.index);
  }
  return `${head} ${name}="${value}"${ws}${selfClose ? "/>" : ">"}`;
}

/** Remove attribute `name` from a start tag text. */
export function removeAttr(tagText: string, name: string): string {
  const re = new RegExp(`\\s${name.replace(/[:.]/g, "\\$&")}\\s*=\\s*("[^"]*"|'[^']*')`);
  return tagText.replace(re, "");
}

const utf8Decoder = new TextDecoder("utf-8", { ignoreBOM: true, fatal: true });
const utf8Encoder = new TextEncoder();

export function decodeUtf8(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes);
}
export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}
