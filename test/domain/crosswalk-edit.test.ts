import { loadBundledCrosswalk, parseCrosswalk } from "../../src/domain/crosswalk";
import { addEntry, editEntry, editedVersion } from "../../src/domain/crosswalk-edit";

const cw = loadBundledCrosswalk();
const editor = { by: "審査 花子（架空）", on: "2026-01-10" };
const rationale = { ja: "専門家の判断（架空の例）", en: "Expert judgement (fictitious example)" };

test("editing an entry: class, references, rationale; provenance user with name and date; a new version; still a valid crosswalk", () => {
  const r = editEntry(cw, "2.1(2)/5-6", { class: "A", infobankRefs: [{ section: "5.3.1", subItem: "④", heading: "技術的安全管理措置", items: [{ series: "No", from: 52 }] }], rationale }, editor);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  expect(r.entry.provenance).toEqual({ kind: "user", rationale, by: editor.by, on: editor.on });
  expect(r.entry.class).toBe("A");
  expect(r.crosswalk.crosswalkVersion).toBe(`${cw.crosswalkVersion}+user.2026-01-10`);
  expect(cw.entries.find((e) => e.id === "2.1(2)/5-6")!.class).toBe("B"); // the original is untouched
  const p = parseCrosswalk(r.crosswalk);
  expect(p.ok).toBe(true);
  if (p.ok) expect(p.warnings[0]!.en).toContain("A 37");
  const again = editEntry(r.crosswalk, "2.1(2)/5-5", { class: "B", infobankRefs: r.entry.infobankRefs, rationale }, editor);
  expect(again.ok && again.crosswalk.crosswalkVersion).toBe(`${cw.crosswalkVersion}+user.2026-01-10.2`);
});

test("an edit without a name, with D references, or C without a gap is refused with the reason", () => {
  const refs = cw.entries.find((e) => e.id === "2.2/1-1")!.infobankRefs;
  const noName = editEntry(cw, "2.2/1-1", { class: "B", infobankRefs: refs, rationale }, { by: " ", on: "2026-01-10" });
  expect(noName.ok).toBe(false);
  if (!noName.ok) expect(noName.errors[0]!.en).toContain("name");
  const d = editEntry(cw, "2.2/1-1", { class: "D", infobankRefs: refs, rationale, evidence: rationale }, editor);
  expect(d.ok).toBe(false);
  const c = editEntry(cw, "2.2/1-1", { class: "C", infobankRefs: refs, rationale, evidence: rationale }, editor);
  expect(c.ok).toBe(false);
  if (!c.ok) expect(c.errors.map((e) => e.en).join(" ")).toContain("Class C needs what the certification lacks");
});

test("assigning a sheet item the catalog does not know: a new user entry in its section, with our paraphrase", () => {
  const r = addEntry(
    cw,
    { section: "4.2", part: 1, topic: 9, check: 1, summary: { ja: "連携先との障害時の連絡体制を定めている（架空）", en: "Has a contact plan with partners for outages (fictitious)" } },
    { class: "D", infobankRefs: [], rationale, evidence: { ja: "連絡体制の文書", en: "The contact plan" } },
    editor,
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  expect(r.entry.id).toBe("4.2(1)/9-1");
  expect(r.entry.sectionHeading).toBe("相互運用性の確保");
  expect(r.crosswalk.entries).toHaveLength(146);
  const i = r.crosswalk.entries.findIndex((e) => e.id === "4.2(1)/9-1");
  expect(r.crosswalk.entries[i - 1]!.section).toBe("4.2");
  expect(parseCrosswalk(r.crosswalk).ok).toBe(true);
  const dup = addEntry(cw, { section: "2.2", part: null, topic: 1, check: 1, summary: rationale }, { class: "B", infobankRefs: [], rationale }, editor);
  expect(dup.ok).toBe(false);
});

test("editedVersion counts edits of the same day", () => {
  expect(editedVersion("1.0", "2026-01-10")).toBe("1.0+user.2026-01-10");
  expect(editedVersion("1.0+user.2026-01-10", "2026-01-10")).toBe("1.0+user.2026-01-10.2");
  expect(editedVersion("1.0+user.2026-01-10.2", "2026-01-11")).toBe("1.0+user.2026-01-11");
});
