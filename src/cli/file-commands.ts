/** The single-workbook commands (scan, annotate, clear) and demo. Each returns an exit code: 0 ok, 1 findings, 2 bad input (thrown InputError). */
import * as fs from "fs";
import * as path from "path";
import { formatInfobankRef } from "../domain/crosswalk";
import { classifyAnswer } from "../domain/answers";
import { toA1 } from "../domain/a1";
import type { Crosswalk, DetectionResult, Localized } from "../domain/types";
import { isVerified, type VerifiedItem } from "../domain/verify";
import { analyzeWorkbook, applyCoverage, clearMarks, noChecksheetError, recordedSheets, type Analysis } from "../workbook/usecases";
import { describeKept, type KeptChange } from "../domain/plan";
import { fail, writeOutputAtomic, type Io } from "./io";
import { existingSummarySheet } from "../workbook/summary-write";
import { SPECS } from "./command-table";
import { openWorkbook } from "./open-workbook";
import { ctxFor, requireCert, requireFile, requireOut, str, type Command } from "./shared";

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

export const scan: Command = {
  ...SPECS.scan,
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

export const annotate: Command = {
  ...SPECS.annotate,
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

export const clear: Command = {
  ...SPECS.clear,
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
    let keptSummary: Localized | null = null;
    // Last marked first: each sheet's layers hold the state before them (print titles live in workbook.xml).
    for (const sheet of only !== undefined ? [only] : recorded.length > 1 ? [...recorded].reverse() : [undefined]) {
      const one = await clearMarks(wb, ctx, { force, ...(sheet !== undefined ? { sheet } : {}) });
      restored += one.restored;
      kept.push(...one.kept);
      keptSummary = one.keptSummary ?? keptSummary;
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
    if (keptSummary) io.out(`${keptSummary.ja}\n${keptSummary.en}\n`);
    return 0;
  },
};

export const demo: Command = {
  ...SPECS.demo,
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
