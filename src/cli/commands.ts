/** The CLI commands. Each returns an exit code: 0 ok, 1 findings, 2 bad input (thrown InputError). */
import * as fs from "fs";
import * as path from "path";
import { classTotals, formatInfobankRef, parseCrosswalk } from "../domain/crosswalk";
import { columnOfPath, parseCsv, tableToCrosswalk } from "../domain/crosswalk-table";
import { sha256 } from "../domain/sha256";
import type { Parsed } from "./args";
import { classifyAnswer } from "../domain/answers";
import { toA1 } from "../domain/a1";
import type { Crosswalk, DetectionResult, Localized } from "../domain/types";
import { isVerified, type VerifiedItem } from "../domain/verify";
import { analyzeWorkbook, applyCoverage, clearMarks, noChecksheetError, recordedSheets, type Analysis } from "../workbook/usecases";
import { crosswalkCsv, crosswalkOscal } from "./export";
import { describeKept, type KeptChange } from "../domain/plan";
import { checkOutput, fail, readInputFile, writeOutputAtomic, type Io } from "./io";
import { report } from "./report";
import { existingSummarySheet } from "../workbook/summary-write";
import { evidenceCommand } from "./evidence-command";
import { REVIEW_COMMANDS } from "./review-commands";
import { checkTextOutExt, COMMON, ctxFor, openWorkbook, requireCert, requireFile, requireOut, str, type Command } from "./shared";
export type { Command } from "./shared";

function warn(io: Io, ws: Localized[]) {
  for (const w of ws) io.err(`警告: ${w.ja}\nWarning: ${w.en}\n`);
}


export function scanJson(file: string, crosswalk: Crosswalk, a: Analysis, lang: "ja" | "en" = "ja") {
  const d = a.detection as DetectionResult;
  const covById = new Map(a.coverage.items.map((c) => [c.id, c]));
  const contradictions = d.items
    .filter((it) => covById.get(it.catalogId!)?.status === "covered" && classifyAnswer(it.answerValue) === "no")
    .map((it) => ({ id: it.catalogId, row: it.row + 1, answerCell: toA1(it.answer.row, it.answer.col), answer: it.answerValue }));
  const ev = a.evaluation;
  const summaryOf = new Map(crosswalk.entries.map((e) => [e.id, e.summary.ja]));
  const unverified = isVerified(d) ? d.unverified : [];
  return {
    file,
    sheet: d.sheet,
    checksheetVersion: crosswalk.checksheet.version,
    checklistVersion: crosswalk.checklist.version,
    crosswalkVersion: crosswalk.crosswalkVersion,
    markedWith: a.record?.crosswalkVersion ? { crosswalkVersion: a.record.crosswalkVersion, crosswalkHash: a.record.crosswalkHash ?? null } : null,
    sheetChecksheetVersion: {
      version: a.checksheetVersion.version,
      name: a.checksheetVersion.name,
      sheet: a.checksheetVersion.sheet,
      row: a.checksheetVersion.row,
    },
    expected: crosswalk.entries.length,
    found: d.items.length,
    missing: d.missing,
    unknown: d.unknown.map((u) => ({ id: u.id, rawId: u.rawId, row: u.row + 1 })),
    duplicates: d.duplicates.map((x) => ({ id: x.id, rows: x.rows.map((r) => r + 1) })),
    contradictions,
    unverified: unverified.map((u) => ({
      row: u.row + 1,
      id: u.content.numberedId,
      rawId: u.rawId,
      text: u.text,
      catalogText: summaryOf.get(u.content.numberedId) ?? null,
      similarity: u.content.numberedSimilarity,
      proposal: u.content.proposal ? { id: u.content.proposal.id, similarity: u.content.proposal.similarity } : null,
    })),
    warnings: a.warnings.map((w) => ({ code: w.code, ja: w.message.ja, en: w.message.en })),
    columns: {
      id: d.columns?.id.map((c) => toA1(0, c).replace(/\d+$/, "")) ?? [],
      text: d.columns?.text != null ? toA1(0, d.columns.text).replace(/\d+$/, "") : null,
      answer: d.columns ? toA1(0, d.columns.answer).replace(/\d+$/, "") : null,
      remarks: d.columns?.remarks != null ? toA1(0, d.columns.remarks).replace(/\d+$/, "") : null,
      headerRow: d.headerRow !== null ? d.headerRow + 1 : null,
    },
    certification: {
      valid: ev?.valid ?? false,
      asOf: ev?.asOf ?? null,
      problems: ev ? ev.problems.map((x) => ({ code: x.code, ja: x.message.ja, en: x.message.en })) : [{ code: "none", ja: "認定情報がありません。", en: "No certification." }],
      warnings: ev ? ev.warnings.map((x) => ({ code: x.code, ja: x.message.ja, en: x.message.en })) : [],
    },
    summary: {
      A: a.coverage.summary.A,
      B: a.coverage.summary.B,
      C: a.coverage.summary.C,
      D: a.coverage.summary.D,
      covered: a.coverage.summary.covered,
      needsEvidence: a.coverage.summary.needsEvidence,
      notCovered: a.coverage.summary.notCovered,
    },
    items: d.items.map((it) => {
      const cov = covById.get(it.catalogId!)!;
      const content = (it as Partial<VerifiedItem>).content;
      return {
        id: it.catalogId,
        rawId: it.rawId,
        contentAgrees: content ? content.agrees : null,
        similarity: content ? content.similarity : null,
        matchedBy: content?.matchedBy ?? "number",
        numberedId: content?.numberedId ?? it.catalogId,
        section: it.section,
        part: it.part,
        topic: it.topic,
        check: it.check,
        row: it.row + 1,
        answerCell: toA1(it.answer.row, it.answer.col),
        class: cov.class,
        covered: cov.status === "covered",
        needsEvidence: cov.status === "needs-evidence",
        infobankRefs: cov.entry.infobankRefs.map((r) => formatInfobankRef(r)),
        provenance: cov.entry.provenance.kind,
        evidence: cov.entry.evidence?.[lang] ?? null,
        answer: it.answerValue,
      };
    }),
  };
}

function hasFindings(a: Analysis, contradictions: number): boolean {
  const d = a.detection!;
  const unverified = isVerified(d) ? d.unverified.length : 0;
  const mustAct = a.warnings.some((w) => w.code.includes("version"));
  return !a.evaluation?.valid || d.missing.length > 0 || d.unknown.length > 0 || d.duplicates.length > 0 || contradictions > 0 || unverified > 0 || mustAct;
}

const scan: Command = {
  name: "scan",
  usage: "scan FILE.xlsx --cert CERT.json [--sheet NAME] [--json] [--today YYYY-MM-DD] [--crosswalk FILE]",
  summary: { ja: "チェックシートを検出し、認定による充足状況を表示します。", en: "Detect the checksheet items and show coverage by the certification." },
  options: [...COMMON, { name: "cert", value: true }, { name: "sheet", value: true }, { name: "json" }],
  async run(p, io) {
    const file = requireFile(p, "ブック");
    const { ctx, warnings } = ctxFor(p, io);
    const cert = requireCert(p, io);
    warn(io, warnings);
    const wb = openWorkbook(file, io);
    const a = await analyzeWorkbook(wb, ctx, { sheet: str(p, "sheet"), certification: cert });
    if (a.recordError) warn(io, [a.recordError]);
    if (!a.detection?.ok) throw noChecksheetError(a);
    const j = scanJson(file, ctx.crosswalk, a, ctx.lang ?? "ja");
    if (p.options.json) {
      io.out(JSON.stringify(j, null, 2) + "\n");
    } else {
      const ja = ctx.lang !== "en";
      io.out(`${ja ? "ファイル" : "File"}: ${file}\n`);
      io.out(`${ja ? "シート" : "Sheet"}: ${j.sheet}  (${ja ? "見出し行" : "header row"} ${j.columns.headerRow ?? "-"}, ID ${j.columns.id.join("+")}, ${ja ? "回答" : "answer"} ${j.columns.answer}, ${ja ? "備考" : "remarks"} ${j.columns.remarks ?? "-"})\n`);
      io.out(`${ja ? "検出" : "Found"}: ${j.found} / ${j.expected}\n`);
      if (j.missing.length) io.out(`${ja ? "見つからない項目" : "Missing"}: ${j.missing.join(", ")}\n`);
      if (j.unknown.length) io.out(`${ja ? "対応表にない項目" : "Unknown"}: ${j.unknown.map((u) => `${u.rawId} (${ja ? "行" : "row"} ${u.row})`).join(", ")}\n`);
      if (j.duplicates.length) io.out(`${ja ? "重複" : "Duplicates"}: ${j.duplicates.map((d) => `${d.id} (${d.rows.join(", ")})`).join("; ")}\n`);
      for (const w of j.warnings) io.out(`! ${ja ? w.ja : w.en}\n`);
      for (const u of j.unverified)
        io.out(`  ${ja ? "要確認" : "to be checked"} ${u.id} (${ja ? "行" : "row"} ${u.row}): ${ja ? "シート" : "sheet"}「${u.text ?? ""}」 / ${ja ? "対応表" : "catalog"}「${u.catalogText ?? ""}」${u.proposal ? ` → ${ja ? "候補" : "candidate"} ${u.proposal.id}` : ""}\n`);
      const ev = a.evaluation!;
      io.out(`${ja ? "認定" : "Certification"}: ${cert.certificationNumber} ${ev.valid ? (ja ? "有効" : "valid") : ja ? "無効" : "not valid"}\n`);
      for (const pr of ev.problems) io.out(`  × ${pr.message[ja ? "ja" : "en"]}\n`);
      for (const w of ev.warnings) io.out(`  ! ${w.message[ja ? "ja" : "en"]}\n`);
      const s = j.summary;
      io.out(`A ${s.A}  B ${s.B}  C ${s.C}  D ${s.D}  | ${ja ? "充足" : "covered"} ${s.covered}  ${ja ? "要証跡" : "needs evidence"} ${s.needsEvidence}${s.notCovered ? `  ${ja ? "未充足" : "not covered"} ${s.notCovered}` : ""}\n`);
      for (const it of j.items.filter((i) => i.needsEvidence))
        io.out(`  [${it.class}] ${it.id} (${it.answerCell}): ${it.evidence ?? ""}\n`);
      if (j.contradictions.length) {
        io.out(`!!! ${ja ? "認定で満たされる項目に否定の回答があります" : "Covered items answered 'no'"}: ${j.contradictions.length}\n`);
        for (const c of j.contradictions) io.out(`  ${c.answerCell} [${c.id}] ${String(c.answer)}\n`);
      }
    }
    return hasFindings(a, j.contradictions.length) ? 1 : 0;
  },
};

const annotate: Command = {
  name: "annotate",
  usage: "annotate FILE.xlsx --cert CERT.json -o OUT.xlsx [--sheet NAME] [--force]",
  summary: { ja: "充足項目を色分けし、根拠と要証跡を書き込んだ新しいファイルを作ります。", en: "Write a new file with covered items highlighted, references and evidence needs." },
  options: [...COMMON, { name: "cert", value: true }, { name: "sheet", value: true }, { name: "out", alias: "o", value: true }, { name: "force" }],
  async run(p, io) {
    const file = requireFile(p, "ブック");
    const out = requireOut(p, io, file);
    const { ctx, warnings } = ctxFor(p, io);
    const cert = requireCert(p, io);
    warn(io, warnings);
    const wb = openWorkbook(file, io);
    // One read + detection inside applyCoverage (it refuses with a clear message when the sheet is not a checksheet).
    const r = await applyCoverage(wb, ctx, { certification: cert, sheet: str(p, "sheet") });
    writeOutputAtomic(out, wb.save(), io, { force: Boolean(p.options.force), inputs: [file] });
    const c = r.plan.counts;
    io.out(
      `${out}: 充足 ${c.covered} / 要証跡 ${c.needsEvidence}${c.notCovered ? ` / 未充足 ${c.notCovered}` : ""}（シート「${r.plan.sheet}」, ${r.cellsWritten} セル）\n` +
        `${out}: covered ${c.covered} / needs evidence ${c.needsEvidence}${c.notCovered ? ` / not covered ${c.notCovered}` : ""} (sheet "${r.plan.sheet}", ${r.cellsWritten} cells)\n`,
    );
    const ev = r.analysis.evaluation;
    if (ev && !ev.valid) {
      io.err("認定が無効のため、充足とした項目はありません / The certification is not valid, so no item is marked as covered:\n");
      for (const pr of ev.problems) io.err(`  × ${pr.message.ja} / ${pr.message.en}\n`);
    }
    for (const w of ev?.warnings ?? []) io.err(`  ! ${w.message.ja} / ${w.message.en}\n`);
    warn(io, r.analysis.warnings.map((w) => w.message));
    const mustAct = r.analysis.warnings.some((w) => w.code === "content-unverified" || w.code.includes("version"));
    const cs = r.plan.contradictions;
    if (cs.length) {
      io.err(`要確認 ${cs.length} 件（認定で充足とされる項目に否定の回答） / ${cs.length} to check (covered items answered no):\n`);
      for (const c of cs) io.err(`  ${c.cell} [${c.id}] ${c.message.ja} / ${c.message.en}\n`);
    }
    return ev?.valid && !mustAct && !cs.length ? 0 : 1;
  },
};

const clear: Command = {
  name: "clear",
  usage: "clear FILE.xlsx -o OUT.xlsx [--sheet NAME] [--force]",
  summary: { ja: "アドイン／annotate が加えたものをすべて取り除き、元の状態に戻したファイルを作ります。", en: "Remove exactly what the add-in / annotate added, restoring the original." },
  details:
    "A cell goes back to its original only where it is still what the add-in wrote; answers typed and add-in cells changed since are kept and listed. --force: restore the originals anyway (overwrites those changes).\n" +
    "--sheet NAME: clear only what was added on that sheet (default: every sheet in the record).",
  options: [...COMMON, { name: "out", alias: "o", value: true }, { name: "force" }, { name: "sheet", value: true }],
  async run(p, io) {
    const file = requireFile(p, "ブック");
    const out = requireOut(p, io, file);
    const { ctx } = ctxFor(p, io);
    const wb = openWorkbook(file, io);
    const before = await wb.read({ recordOnly: true });
    if (before.recordCells === null && !existingSummarySheet(before)) {
      io.out(`「${file}」にはアドインの記録がないため、消去するものはありません（ファイルは作成していません）。\n"${file}" holds nothing the add-in added: nothing to clear (no file written).\n`);
      return 0;
    }
    const force = Boolean(p.options.force);
    const only = str(p, "sheet");
    const recorded = await recordedSheets(wb);
    if (only !== undefined && !recorded.includes(only))
      fail(
        `シート「${only}」にはアドインの記録がありません（記録があるシート: ${recorded.join("、") || "なし"}）。`,
        `Sheet "${only}" has nothing recorded by the add-in (sheets with a record: ${recorded.join(", ") || "none"}).`,
      );
    // One sheet at a time, in memory; the file is written once.
    const kept: KeptChange[] = [];
    let restored = 0;
    // Last marked first: each sheet's layers hold the state before them (print titles live in workbook.xml).
    for (const sheet of only !== undefined ? [only] : recorded.length > 1 ? [...recorded].reverse() : [undefined]) {
      const one = await clearMarks(wb, ctx, { force, ...(sheet !== undefined ? { sheet } : {}) });
      restored += one.restored;
      kept.push(...one.kept);
    }
    const r = { restored, kept, keptMessage: describeKept(kept) };
    writeOutputAtomic(out, wb.save(), io, { force: Boolean(p.options.force), inputs: [file] });
    io.out(`${out}: ${r.restored} セルを元に戻しました / restored ${r.restored} cells\n`);
    if (r.keptMessage) {
      const list = r.kept
        .slice(0, 50)
        .map((k) => `  ${toA1(k.row, k.col)} (${k.field}): ${String(k.now ?? "")}`)
        .join("\n");
      io.out(`${r.keptMessage.ja}\n${r.keptMessage.en}\n${list}${r.kept.length > 50 ? `\n  … (+${r.kept.length - 50})` : ""}\n`);
    }
    return 0;
  },
};

/** Cells of a sheet as text, rows as read (for `crosswalk import TABLE.xlsx`). */
function sheetTable(values: (string | number | boolean | null)[][]): string[][] {
  return values.map((r) => (r ?? []).map((v) => (v === null || v === undefined ? "" : String(v))));
}

async function readTable(file: string, io: Io): Promise<string[][]> {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") {
    const bytes = readInputFile(file, io, { ja: "対応表", en: "table" });
    return parseCsv(new TextDecoder("utf-8").decode(bytes));
  }
  if (ext !== ".xlsx") fail(`「${file}」は .csv でも .xlsx でもありません。`, `"${file}" is neither .csv nor .xlsx.`);
  const wb = openWorkbook(file, io);
  const read = await wb.read({ allSheets: true });
  const m =
    read.matrices.find((x) => (x.values[0] ?? []).some((v) => v === "id") && (x.values[0] ?? []).some((v) => v === "class")) ?? null;
  if (!m) fail(`「${file}」に見出し行（id, class, …）のあるシートがありません。`, `"${file}" has no sheet with the header row (id, class, …).`);
  return sheetTable(m.values);
}

/** `crosswalk import TABLE.csv|TABLE.xlsx -o OUT.json`: the exported table, edited, back to a crosswalk file. */
async function importCrosswalk(p: Parsed, io: Io): Promise<number> {
  const file = p.positionals[1];
  if (!file) fail("取り込む表（.csv か .xlsx）を指定してください。", "Give the table to import (.csv or .xlsx).");
  const out = str(p, "out");
  if (!out) fail("-o で出力ファイル（.json）を指定してください。", "Give the output file (.json) with -o.");
  checkOutput(out, io, { force: Boolean(p.options.force), inputs: [file] });
  const { ctx, warnings } = ctxFor(p, io);
  warn(io, warnings);
  const table = await readTable(file, io);
  const base = ctx.crosswalk;
  const meta = { schema: base.schema, crosswalkVersion: base.crosswalkVersion, checksheet: base.checksheet, checklist: base.checklist, expectedTotals: base.expectedTotals, notice: base.notice };
  const version = str(p, "set-version") ?? `${meta.crosswalkVersion}+table.${sha256(JSON.stringify(table)).slice(0, 8)}`;
  const r = tableToCrosswalk(table, { ...meta, crosswalkVersion: version });
  const list = (errs: { row: number; column: string; message: Localized }[], lang: "ja" | "en") =>
    errs
      .slice(0, 20)
      .map((e) => (lang === "ja" ? `  ${e.row}行目・列「${e.column}」: ${e.message.ja}` : `  row ${e.row}, column "${e.column}": ${e.message.en}`))
      .join("\n");
  if (!r.ok) fail(`表「${file}」を読み取れません:\n${list(r.errors, "ja")}`, `Cannot read the table "${file}":\n${list(r.errors, "en")}`);
  const checked = parseCrosswalk(r.crosswalk);
  if (!checked.ok) {
    const errs = checked.errors.map((e) => {
      const at = columnOfPath(e.path) ?? { row: 0, column: e.path };
      return { row: at.row, column: at.column, message: e.message };
    });
    fail(`表「${file}」の内容が不正です:\n${list(errs, "ja")}`, `The table "${file}" is invalid:\n${list(errs, "en")}`);
  }
  warn(io, checked.warnings);
  writeOutputAtomic(out, JSON.stringify(checked.crosswalk, null, 2) + "\n", io, { force: Boolean(p.options.force), inputs: [file] });
  const t = classTotals(checked.crosswalk.entries);
  io.out(`${out}: ${checked.crosswalk.entries.length} 項目 / items (A ${t.A}, B ${t.B}, C ${t.C}, D ${t.D}), version ${version}\n`);
  return 0;
}

const crosswalkCmd: Command = {
  name: "crosswalk",
  usage: "crosswalk [--format json|csv|oscal] [-o OUT] [--crosswalk FILE] | crosswalk import TABLE.csv|TABLE.xlsx -o OUT.json [--set-version V]",
  summary: { ja: "対応表（145項目の区分・根拠・出典）を書き出します。import で編集した表を対応表ファイルに戻します。", en: "Export the crosswalk (145 items: class, references, provenance); import turns an edited table back into a crosswalk file." },
  details:
    "import: reads exactly the columns --format csv writes (CSV UTF-8, or the first sheet with that header in an .xlsx); errors name the row and the column. The header fields come from the current crosswalk (--crosswalk FILE or the bundled one); the version becomes --set-version or the base version + a hash of the table.",
  options: [
    ...COMMON,
    { name: "format", value: true },
    { name: "out", alias: "o", value: true },
    { name: "force" },
    { name: "set-version", value: true },
  ],
  async run(p, io) {
    if (p.positionals[0] === "import") return importCrosswalk(p, io);
    const { ctx, warnings } = ctxFor(p, io);
    warn(io, warnings);
    const fmt = str(p, "format") ?? "json";
    let text: string;
    if (fmt === "json") text = JSON.stringify(ctx.crosswalk, null, 2) + "\n";
    else if (fmt === "csv") text = crosswalkCsv(ctx.crosswalk);
    else if (fmt === "oscal") text = JSON.stringify(crosswalkOscal(ctx.crosswalk, io.now()), null, 2) + "\n";
    else fail(`--format は json / csv / oscal のいずれかです（${fmt}）。`, `--format must be json, csv or oscal (${fmt}).`);
    const out = str(p, "out");
    if (out) {
      checkTextOutExt(out, fmt);
      writeOutputAtomic(out, text, io, { force: Boolean(p.options.force), inputs: [str(p, "crosswalk")].filter((x): x is string => !!x) });
      const t = classTotals(ctx.crosswalk.entries);
      io.err(`${out}: ${ctx.crosswalk.entries.length} 項目 / items (A ${t.A}, B ${t.B}, C ${t.C}, D ${t.D})\n`);
    } else io.out(text);
    return 0;
  },
};

export { csvCell } from "./report";

const demo: Command = {
  name: "demo",
  usage: "demo [-o OUT_DIR]",
  summary: { ja: "同梱の架空サンプルで scan と annotate を実行し、出力先を表示します。", en: "Run scan and annotate on the bundled fictitious sample and print where the output went." },
  options: [...COMMON, { name: "out", alias: "o", value: true }],
  async run(p, io) {
    // The project folder: up from this file (build/src/cli when built, src/cli under ts-jest) to where the sample is.
    let root = __dirname;
    while (!fs.existsSync(path.join(root, "examples", "sample-checksheet.xlsx")) && path.dirname(root) !== root) root = path.dirname(root);
    const sample = path.join(root, "examples", "sample-checksheet.xlsx");
    const cert = path.join(root, "examples", "sample-certification.json");
    const outDir = path.resolve(io.cwd, str(p, "out") ?? path.join(root, "out"));
    fs.mkdirSync(outDir, { recursive: true });
    const outFile = path.join(outDir, "sample-checksheet.annotated.xlsx");
    const scanFile = path.join(outDir, "sample-scan.json");
    // --today, --crosswalk and --lang are passed on to scan and annotate.
    const base: Record<string, string> = { cert };
    for (const k of ["today", "crosswalk", "lang"]) {
      const v = str(p, k);
      if (v) base[k] = k === "crosswalk" ? path.resolve(io.cwd, v) : v;
    }
    io.out(`== scan ${path.relative(io.cwd, sample) || sample}\n`);
    await scan.run({ positionals: [sample], options: base }, io);
    let json = "";
    await scan.run({ positionals: [sample], options: { ...base, json: true } }, { ...io, out: (s) => (json += s) });
    writeOutputAtomic(scanFile, json, io, { force: true });
    io.out(`\n== annotate → ${outFile}\n`);
    const code = await annotate.run({ positionals: [sample], options: { ...base, out: outFile, force: true } }, io);
    io.out(`\n出力 / Output:\n  ${outFile}\n  ${scanFile}\n`);
    // The demo has done its job when both files are written: findings (exit 1 of annotate, e.g. the sample's
    // deliberate いいえ on a covered item) are part of what it shows; only bad input (2) is a failure.
    if (code === 1)
      io.out("（上の「要確認」はサンプルに意図的に入れた回答です / the items to check above are planted in the sample）\n");
    return code === 1 ? 0 : code;
  },
};

export const COMMANDS: Command[] = [scan, annotate, clear, crosswalkCmd, report, ...REVIEW_COMMANDS, evidenceCommand, demo];
