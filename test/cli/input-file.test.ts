/** Unit tests of the CLI's safe input reading and of the container's limits and lazy inflation (issue 16). */
import { execFileSync } from "child_process";
import { zipSync } from "fflate";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { InputFileError, readRegularFile, resolveLossyName } from "../../src/cli/input-file";
import { inflateMeter, openContainer, PartMap, ZIP_LIMITS } from "../../src/workbook/xlsx/container";
import { UserFacingError } from "../../src/workbook/gateway";

let dir: string;
beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-input-"))));
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputFileError) return e.problem.kind;
    throw e;
  }
  return "none";
}

describe("readRegularFile", () => {
  test("reads a regular file; refuses FIFO, device, folder, missing and over-cap files", () => {
    fs.writeFileSync(path.join(dir, "a.json"), "{}");
    expect(Buffer.from(readRegularFile(path.join(dir, "a.json"), 10)).toString()).toBe("{}");
    execFileSync("mkfifo", [path.join(dir, "p")]);
    expect(problemOf(() => readRegularFile(path.join(dir, "p"), 10))).toBe("not-regular");
    expect(problemOf(() => readRegularFile("/dev/zero", 10))).toBe("not-regular");
    expect(problemOf(() => readRegularFile(dir, 10))).toBe("folder");
    expect(problemOf(() => readRegularFile(path.join(dir, "none"), 10))).toBe("not-found");
    expect(problemOf(() => readRegularFile(path.join(dir, "a.json"), 1))).toBe("too-large");
  });

  test("a name that is not UTF-8 is found again from its lossy spelling", () => {
    const raw = Buffer.concat([Buffer.from(dir + path.sep + "x"), Buffer.from([0xff]), Buffer.from(".xlsx")]);
    fs.writeFileSync(raw, "ok");
    const lossy = path.join(dir, "x\uFFFD.xlsx");
    expect(fs.existsSync(lossy)).toBe(false);
    expect(Buffer.isBuffer(resolveLossyName(lossy))).toBe(true);
    expect(Buffer.from(readRegularFile(lossy, 10)).toString()).toBe("ok");
  });
});

describe("container limits and lazy inflation", () => {
  const zip = (parts: Record<string, Uint8Array>) => zipSync(parts);

  test("parts are inflated on first read only; names are case-insensitive", () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(65);
    const parts = openContainer(zip({ "[Content_Types].xml": new TextEncoder().encode("<Types/>"), "XL/Workbook.xml": new TextEncoder().encode("<workbook/>"), "xl/media/big.bin": big }));
    expect(parts).toBeInstanceOf(PartMap);
    const before = inflateMeter.bytes;
    expect(new TextDecoder().decode(parts.get("xl/workbook.xml"))).toBe("<workbook/>");
    expect(parts.has("xl/WORKBOOK.XML")).toBe(true);
    expect((parts as PartMap).isLoaded("xl/media/big.bin")).toBe(false);
    expect(inflateMeter.bytes - before).toBeLessThan(1024);
    expect([...parts.keys()]).toEqual(["[Content_Types].xml", "XL/Workbook.xml", "xl/media/big.bin"]);
    expect([...parts.values()][2]!.length).toBe(big.length); // iterating inflates
  });

  test("a total over the ratio limit is refused before inflating", () => {
    const n = ZIP_LIMITS.ratioFrom + 1024;
    const bytes = zip({ "a.bin": new Uint8Array(n) });
    const before = inflateMeter.bytes;
    try {
      openContainer(bytes, "r.xlsx");
      throw new Error("expected a refusal");
    } catch (e) {
      expect(e).toBeInstanceOf(UserFacingError);
      expect((e as UserFacingError).code).toBe("too-large");
      expect((e as UserFacingError).localized.en).toMatch(/32\.0 MB, \d+:1; the limit is 200:1/);
    }
    expect(inflateMeter.bytes).toBe(before);
  });
});
