/**
 * `npm start`'s server (scripts/serve.js): development certificates made with openssl (a CA and a localhost
 * certificate it signed), dist/ served over https with real TLS verification against that CA, nothing outside the
 * served folder.
 */
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const serve = require("../../scripts/serve.js") as {
  ensureDevCerts(dir: string): { ca: string; cert: string; key: string; created: boolean };
  startServer(o: { root: string; port: number; cert: string; key: string; host?: string }): Promise<import("https").Server>;
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-serve-"));
  fs.mkdirSync(path.join(dir, "dist/assets"), { recursive: true });
  fs.writeFileSync(path.join(dir, "dist/taskpane.html"), "<!doctype html><title>pane</title>");
  fs.writeFileSync(path.join(dir, "secret.txt"), "outside");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function get(port: number, p: string, ca?: Buffer): Promise<{ status: number; body: string; type?: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: "localhost", port, path: p, ca, rejectUnauthorized: true }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, type: res.headers["content-type"] }));
    });
    req.on("error", reject);
  });
}

test("certificates are made once and reused; the served page verifies against the development CA", async () => {
  const certs = serve.ensureDevCerts(path.join(dir, "certs"));
  expect(certs.created).toBe(true);
  expect(serve.ensureDevCerts(path.join(dir, "certs")).created).toBe(false);
  const server = await serve.startServer({ root: path.join(dir, "dist"), port: 0, cert: certs.cert, key: certs.key });
  try {
    const port = (server.address() as AddressInfo).port;
    const ca = fs.readFileSync(certs.ca);
    const ok = await get(port, "/taskpane.html", ca);
    expect(ok).toMatchObject({ status: 200, body: "<!doctype html><title>pane</title>" });
    expect(ok.type).toContain("text/html");
    expect((await get(port, "/missing.html", ca)).status).toBe(404);
    for (const p of ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/assets/..%2f..%2fsecret.txt"]) {
      const r = await get(port, p, ca);
      expect([p, r.status === 200, r.body.includes("outside")]).toEqual([p, false, false]);
    }
    // without trusting the CA the TLS handshake is refused (it is a real certificate chain, not a disabled check)
    await expect(get(port, "/taskpane.html")).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  } finally {
    await new Promise((r) => server.close(r));
  }
}, 60000);
