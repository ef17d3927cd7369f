/**
 * styles.xml: resolve a cell's fill colour and lock state, and derive new
 * cell formats (xf) by cloning an existing one. New fills/xfs are only ever
 * APPENDED at the end of <fills>/<cellXfs>, so removing them again (see
 * trimStyles) gives back the original text byte for byte.
 */
import { findAll, findClose, findTag, parseTagAt, rootPrefix, setAttr, type Tag } from "./xml";

interface Span {
  start: number;
  end: number;
}

export interface StyleBase {
  /** Number of <fill> elements before the adapter appended any. */
  fills: number;
  /** Raw value of <fills count="…"> before, or null when the attribute was absent. */
  fillsCount: string | null;
  /** Number of <xf> elements in <cellXfs> before the adapter appended any. */
  cellXfs: number;
  cellXfsCount: string | null;
}

export interface Section {
  open: Tag;
  close: number;
  items: Span[];
}

const DEFAULT_INDEXED = [
  "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
  "000000", "FFFFFF", "FF0000", "00FF00", "0000FF", "FFFF00", "FF00FF", "00FFFF",
  "800000", "008000", "000080", "808000", "800080", "008080", "C0C0C0", "808080",
  "9999FF", "993366", "FFFFCC", "CCFFFF", "660066", "FF8080", "0066CC", "CCCCFF",
  "000080", "FF00FF", "FFFF00", "00FFFF", "800080", "800000", "008080", "0000FF",
  "00CCFF", "CCFFFF", "CCFFCC", "FFFF99", "99CCFF", "FF99CC", "CC99FF", "FFCC99",
  "3366FF", "33CCCC", "99CC00", "FFCC00", "FF9900", "FF6600", "666699", "969696",
  "003366", "339966", "003300", "333300", "993300", "993366", "333399", "333333",
];

/** Theme colour order as referenced by SpreadsheetML theme="n" (lt1/dk1 and lt2/dk2 are swapped). */
const THEME_ORDER = ["lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink", "folHlink"];

export function parseTheme(xml: string | null): string[] {
  if (!xml) return [];
  const found: Record<string, string> = {};
  const re = /<(?:[A-Za-z0-9]+:)?(dk1|lt1|dk2|lt2|accent[1-6]|hlink|folHlink)>\s*<(?:[A-Za-z0-9]+:)?(sysClr|srgbClr)\b([^>]*)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const attrs = m[3];
    const v = m[2] === "sysClr" ? /lastClr="([0-9A-Fa-f]{6})"/.exec(attrs) : /val="([0-9A-Fa-f]{6})"/.exec(attrs);
    if (v && !(m[1] in found)) found[m[1]] = v[1].toUpperCase();
  }
  return THEME_ORDER.map((k) => found[k] ?? "");
}

function applyTint(hex: string, tint: number): string {
  if (!tint) return hex;
  const r = parseInt(hex.slice(0, 2), 16) / 255;
  const g = parseInt(hex.slice(2, 4), 16) / 255;
  const b = parseInt(hex.slice(4, 6), 16) / 255;
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let h = 0;
  let s = 0;
  let l = (max + min) / 2;
  const d = max - min;
  if (d) {
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const hue = (p: number, q: number, t: number): number => {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  let rr = l;
  let gg = l;
  let bb = l;
  if (s) {
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    rr = hue(p, q, h + 1 / 3);
    gg = hue(p, q, h);
    bb = hue(p, q, h - 1 / 3);
  }
  const to = (x: number): string => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, "0");
  return (to(rr) + to(gg) + to(bb)).toUpperCase();
}

export class Styles {
  readonly prefix: string;
  readonly fillsSec: Section | null;
  readonly xfsSec: Section | null;
  private readonly indexed: string[];

  constructor(
    readonly xml: string,
    private readonly theme: string[],
  ) {
    this.prefix = rootPrefix(xml, "styleSheet");
    this.fillsSec = this.section("fills", "fill");
    this.xfsSec = this.section("cellXfs", "xf");
    this.indexed = DEFAULT_INDEXED.slice();
    const ic = findTag(xml, this.prefix + "indexedColors");
    if (ic && !ic.selfClosing) {
      const close = findClose(xml, ic.name, ic.end);
      findAll(xml, this.prefix + "rgbColor", ic.end, close).forEach((e, i) => {
        const rgb = e.tag.attrs.rgb;
        if (rgb && rgb.length >= 6) this.indexed[i] = rgb.slice(-6).toUpperCase();
      });
    }
  }

  private section(name: string, child: string): Section | null {
    const open = findTag(this.xml, this.prefix + name);
    if (!open) return null;
    if (open.selfClosing) return { open, close: open.end, items: [] };
    const close = findClose(this.xml, open.name, open.end);
    const items = findAll(this.xml, this.prefix + child, open.end, close).map((e) => ({ start: e.tag.start, end: e.end }));
    return { open, close, items };
  }

  get fillCount(): number {
    return this.fillsSec?.items.length ?? 0;
  }
  get xfCount(): number {
    return this.xfsSec?.items.length ?? 0;
  }

  base(): StyleBase {
    return {
      fills: this.fillCount,
      fillsCount: this.fillsSec?.open.attrs.count ?? null,
      cellXfs: this.xfCount,
      cellXfsCount: this.xfsSec?.open.attrs.count ?? null,
    };
  }

  xfText(index: number): string | null {
    const it = this.xfsSec?.items[index];
    return it ? this.xml.slice(it.start, it.end) : null;
  }

  private fillText(index: number): string | null {
    const it = this.fillsSec?.items[index];
    return it ? this.xml.slice(it.start, it.end) : null;
  }

  private color(tag: Tag | null): string | null {
    if (!tag) return null;
    const a = tag.attrs;
    let hex: string | null = null;
    if (a.rgb && /^[0-9A-Fa-f]{6,8}$/.test(a.rgb)) hex = a.rgb.slice(-6).toUpperCase();
    else if (a.indexed !== undefined) hex = this.indexed[Number(a.indexed)] ?? null;
    else if (a.theme !== undefined) hex = this.theme[Number(a.theme)] || null;
    if (!hex) return null;
    const tint = a.tint ? Number(a.tint) : 0;
    return "#" + applyTint(hex, Number.isFinite(tint) ? tint : 0);
  }

  /** "#RRGGBB" of the cell format's fill, or null for no (solid/pattern) fill. */
  fillColor(xfIndex: number): string | null {
    const xf = this.xfText(xfIndex);
    if (!xf) return null;
    const tag = parseTagAt(xf, 0);
    const fill = this.fillText(Number(tag.attrs.fillId ?? "0"));
    if (!fill) return null;
    const pf = findTag(fill, this.prefix + "patternFill");
    if (!pf) return null;
    const type = pf.attrs.patternType;
    if (!type || type === "none") return null;
    if (pf.selfClosing) return null;
    const fg = findTag(fill, this.prefix + "fgColor", pf.end);
    return this.color(fg);
  }

  /** Cells are locked unless their format says <protection locked="0"/>. */
  isLocked(xfIndex: number): boolean {
    const xf = this.xfText(xfIndex);
    if (!xf) return true;
    const p = findTag(xf, this.prefix + "protection");
    if (!p) return true;
    const v = p.attrs.locked;
    return !(v === "0" || v === "false");
  }

  wraps(xfIndex: number): boolean {
    const xf = this.xfText(xfIndex);
    if (!xf) return false;
    const a = findTag(xf, this.prefix + "alignment");
    return !!a && (a.attrs.wrapText === "1" || a.attrs.wrapText === "true");
  }
}

/** Result of deriving a format: the new styles.xml text and the xf index to use. */
export interface Derived {
  xml: string;
  index: number;
}

function insertItem(xml: string, sec: Section, itemXml: string, newCount: number): string {
  if (sec.open.selfClosing) throw new Error("empty style section");
  let open = xml.slice(sec.open.start, sec.open.end);
  if (sec.open.attrs.count !== undefined) open = setAttr(open, "count", String(newCount));
  return xml.slice(0, sec.open.start) + open + xml.slice(sec.open.end, sec.close) + itemXml + xml.slice(sec.close);
}

/** Find an identical appended item (index >= from) or append it. */
function findOrAppend(styles: Styles, kind: "fills" | "cellXfs", itemXml: string, from: number): Derived {
  const sec = kind === "fills" ? styles.fillsSec : styles.xfsSec;
  if (!sec || sec.open.selfClosing) throw new Error(`styles.xml has no <${kind}> to append to`);
  for (let i = from; i < sec.items.length; i++) {
    if (styles.xml.slice(sec.items[i].start, sec.items[i].end) === itemXml) return { xml: styles.xml, index: i };
  }
  return { xml: insertItem(styles.xml, sec, itemXml, sec.items.length + 1), index: sec.items.length };
}

function cloneXf(xfXml: string, edit: (startTag: string) => string): string {
  const tag = parseTagAt(xfXml, 0);
  return edit(xfXml.slice(0, tag.end)) + xfXml.slice(tag.end);
}

/**
 * The xf to use for a cell whose current format is `xf` when its fill becomes
 * `fill` ("#RRGGBB" or null). Appends a fill and/or an xf when needed.
 */
export function deriveFill(xml: string, theme: string[], xf: number, fill: string | null, base: StyleBase): Derived {
  let styles = new Styles(xml, theme);
  const current = styles.fillColor(xf);
  if ((current ?? null) === (fill ? fill.toUpperCase() : null)) return { xml, index: xf };
  const p = styles.prefix;
  let fillId = 0;
  if (fill) {
    const hex = fill.slice(1).toUpperCase();
    const fillXml = `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="FF${hex}"/><${p}bgColor indexed="64"/></${p}patternFill></${p}fill>`;
    const d = findOrAppend(styles, "fills", fillXml, base.fills);
    fillId = d.index;
    styles = new Styles(d.xml, theme);
  }
  const src = styles.xfText(xf) ?? styles.xfText(0);
  if (!src) throw new Error("styles.xml has no cell formats");
  const xfXml = cloneXf(src, (t) => setAttr(setAttr(t, "fillId", String(fillId)), "applyFill", "1"));
  return findOrAppend(styles, "cellXfs", xfXml, base.cellXfs);
}

/** The xf to use when wrap text is switched on/off. */
export function deriveWrap(xml: string, theme: string[], xf: number, wrap: boolean, base: StyleBase): Derived {
  const styles = new Styles(xml, theme);
  if (styles.wraps(xf) === wrap) return { xml, index: xf };
  const p = styles.prefix;
  const src = styles.xfText(xf) ?? styles.xfText(0);
  if (!src) throw new Error("styles.xml has no cell formats");
  const tag = parseTagAt(src, 0);
  let xfXml: string;
  const align = findTag(src, p + "alignment", tag.end);
  const start = setAttr(src.slice(0, tag.end), "applyAlignment", "1");
  if (align) {
    const alignText = setAttr(src.slice(align.start, align.end), "wrapText", wrap ? "1" : "0");
    xfXml = start + src.slice(tag.end, align.start) + alignText + src.slice(align.end);
  } else if (tag.selfClosing) {
    xfXml = start.slice(0, -2).replace(/\s+$/, "") + `><${p}alignment wrapText="1"/></${tag.name}>`;
  } else {
    xfXml = start + `<${p}alignment wrapText="1"/>` + src.slice(tag.end);
  }
  return findOrAppend(styles, "cellXfs", xfXml, base.cellXfs);
}

/** Remove everything appended after `base` and restore the original count attributes. */
export function trimStyles(xml: string, theme: string[], base: StyleBase): string {
  let out = xml;
  for (const kind of ["cellXfs", "fills"] as const) {
    const styles = new Styles(out, theme);
    const sec = kind === "fills" ? styles.fillsSec : styles.xfsSec;
    const keep = kind === "fills" ? base.fills : base.cellXfs;
    const countAttr = kind === "fills" ? base.fillsCount : base.cellXfsCount;
    if (!sec || sec.items.length <= keep) continue;
    const cutStart = sec.items[keep].start;
    const cutEnd = sec.items[sec.items.length - 1].end;
    let open = out.slice(sec.open.start, sec.open.end);
    if (countAttr !== null) open = setAttr(open, "count", countAttr);
    out = out.slice(0, sec.open.start) + open + out.slice(sec.open.end, cutStart) + out.slice(cutEnd);
  }
  return out;
}

