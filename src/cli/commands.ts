/** The CLI commands. Each returns an exit code: 0 ok, 1 findings, 2 bad input (thrown InputError). */
import * as fs from "fs";
import * as path from "path";
import { classTotals, formatInfobankRef } from "../domain/crosswalk";
import { classifyAnswer } from "../domain/answers";
import { toA1 } from "../domain/a1";
import type { Crosswalk, DetectionResult, Localized } from "../domain/types";
import { analyzeWorkbook, applyCoverage, clearMarks, noChecksheetError, type Analysis } from "../workbook/usecases";
import { existingSummarySheet } from "../workbook/summary-write";
import { crosswalkCsv, crosswalkOscal } from "./export";
import { fail, userError, writeOutputAtomic, type Io } from "./io";
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
  return {
    file,
    sheet: d.sheet,
    checksheetVersion: crosswalk.checksheet.version,
    checklistVersion: crosswalk.checklist.version,
    crosswalkVersion: crosswalk.crosswalkVersion,
    expected: crosswalk.entries.length,
    found: d.items.length,
    missing: d.missing,
    unknown: d.unknown.map((u) => ({ id: u.id, rawId: u.rawId, row: u.row + 1 })),
    duplicates: d.duplicates.map((x) => ({ id: x.id, rows: x.rows.map((r) => r + 1) })),
    contradictions,
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
      return {
        id: it.catalogId,
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
  return !a.evaluation?.valid || d.missing.length > 0 || d.unknown.length > 0 || d.duplicates.length > 0 || contradictions > 0;
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
    const cs = r.plan.contradictions;
    if (cs.length) {
      io.err(`要確認 ${cs.length} 件（認定で充足とされる項目に否定の回答） / ${cs.length} to check (covered items answered no):\n`);
      for (const c of cs) io.err(`  ${c.cell} [${c.id}] ${c.message.ja} / ${c.message.en}\n`);
    }
    return ev?.valid && !cs.length ? 0 : 1;
  },
};

const clear: Command = {
  name: "clear",
  usage: "clear FILE.xlsx -o OUT.xlsx [--force]",
  summary: { ja: "アドイン／annotate が加えたものをすべて取り除き、元の状態に戻したファイルを作ります。", en: "Remove exactly what the add-in / annotate added, restoring the original." },
  details:
    "A cell goes back to its original only where it is still what the add-in wrote; answers typed and add-in cells changed since are kept and listed. --force: restore the originals anyway (overwrites those changes).",
  options: [...COMMON, { name: "out", alias: "o", value: true }, { name: "force" }],
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
    const r = await clearMarks(wb, ctx, { force: Boolean(p.options.force) });
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

const crosswalkCmd: Command = {
  name: "crosswalk",
  usage: "crosswalk [--format json|csv|oscal] [-o OUT] [--crosswalk FILE]",
  summary: { ja: "対応表（145項目の区分・根拠・出典）を書き出します。", en: "Export the crosswalk (145 items: class, references, provenance)." },
  options: [...COMMON, { name: "format", value: true }, { name: "out", alias: "o", value: true }, { name: "force" }],
  async run(p, io) {
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

function listWorkbooks(inputs: string[], io: Io): string[] {
  const files: string[] = [];
  for (const inp of inputs) {
    const p = path.resolve(io.cwd, inp);
    if (!fs.existsSync(p)) fail(`「${inp}」が見つかりません。`, `"${inp}" was not found.`);
    if (fs.statSync(p).isDirectory()) {
      for (const f of fs.readdirSync(p).sort())
        if (/\.xlsx$/i.test(f) && !f.startsWith("~$") && !f.startsWith(".")) files.push(path.join(inp, f));
    } else files.push(inp);
  }
  return files;
}

const report: Command = {
  name: "report",
  usage: "report DIR|FILES... --cert CERT.json [--format csv|json] [-o OUT]",
  summary: { ja: "複数のブックを一覧にまとめます（検出数・充足・要証跡・矛盾する回答）。", en: "Summarise many workbooks (found, missing, covered, needs evidence, contradicting answers)." },
  options: [...COMMON, { name: "cert", value: true }, { name: "format", value: true }, { name: "out", alias: "o", value: true }, { name: "force" }],
  async run(p, io) {
    if (!p.positionals.length) fail("フォルダーまたはファイルを指定してください。", "Give a folder or files.");
    const { ctx, warnings } = ctxFor(p, io);
    const cert = requireCert(p, io);
    warn(io, warnings);
    const fmt = str(p, "format") ?? "csv";
    if (fmt !== "csv" && fmt !== "json") fail(`--format は csv / json です（${fmt}）。`, `--format must be csv or json (${fmt}).`);
    if (str(p, "out")) checkTextOutExt(str(p, "out")!, fmt);
    const files = listWorkbooks(p.positionals, io);
    if (!files.length) fail("対象の .xlsx ファイルがありません。", "No .xlsx files to report on.");
    const rows: Record<string, string | number | null>[] = [];
    let findings = false;
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      const line = `[${i + 1}/${files.length}] ${f}`;
      if (io.isTTY) {
        const w = 24;
        const done = Math.round(((i + 1) / files.length) * w);
        io.err(`\r[${"#".repeat(done)}${" ".repeat(w - done)}] ${i + 1}/${files.length} ${path.basename(f).slice(0, 40).padEnd(40)}`);
      } else io.err(line + "\n");
      const row: Record<string, string | number | null> = { file: f, sheet: null, found: null, expected: ctx.crosswalk.entries.length, missing: null, covered: null, needsEvidence: null, contradictions: null, error: null };
      try {
        const wb = openWorkbook(f, io);
        const a = await analyzeWorkbook(wb, ctx, { certification: cert });
        if (!a.detection?.ok) {
          const why = [...a.errors, ...(a.detection?.errors ?? [])];
          row.error = why.map((w) => w.ja).join(" ") || "チェックシートが見つかりません";
          findings = true;
        } else {
          const covered = new Set(a.coverage.items.filter((c) => c.status === "covered").map((c) => c.id));
          const contradictions = a.detection.items.filter((it) => covered.has(it.catalogId!) && classifyAnswer(it.answerValue) === "no");
          row.sheet = a.detection.sheet;
          row.found = a.detection.items.length;
          row.missing = a.detection.missing.length;
          row.covered = a.coverage.summary.covered;
          row.needsEvidence = a.coverage.summary.needsEvidence;
          row.contradictions = contradictions.length;
          if (contradictions.length || a.detection.missing.length || !a.evaluation?.valid) findings = true;
        }
      } catch (e) {
        row.error = userError(e)?.ja ?? String((e as Error).message);
        findings = true;
      }
      rows.push(row);
    }
    if (io.isTTY) io.err("\n");
    const cols = ["file", "sheet", "found", "expected", "missing", "covered", "needsEvidence", "contradictions", "error"];
    const text =
      fmt === "json"
        ? JSON.stringify({ certification: cert.certificationNumber, asOf: ctx.today, files: rows }, null, 2) + "\n"
        : [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
    const out = str(p, "out");
    if (out) writeOutputAtomic(out, text, io, { force: Boolean(p.options.force), inputs: [...files, ...[str(p, "cert"), str(p, "crosswalk")].filter((x): x is string => !!x)] });
    else io.out(text);
    return findings ? 1 : 0;
  },
};

export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const demo: Command = {
  name: "demo",
  usage: "demo [-o OUT_DIR]",
  summary: { ja: "同梱の架空サンプルで scan と annotate を実行し、出力先を表示します。", en: "Run scan and annotate on the bundled fictitious sample and print where the output went." },
  options: [...COMMON, { name: "out", alias: "o", value: true }],
  async run(p, io) {
    const root = path.resolve(__dirname, "../../..");
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
    return code;
  },
};

export const COMMANDS: Command[] = [scan, annotate, clear, crosswalkCmd, report, ...REVIEW_COMMANDS, evidenceCommand, demo];
