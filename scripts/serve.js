#!/usr/bin/env node
/**
 * npm start: serve dist/ over https on https://localhost:3000/ (the URLs of the root manifest.xml) so the add-in can be
 * sideloaded into Excel. `npm start` builds dist/ in development mode first (manifest URLs stay on localhost).
 *
 * Certificate, first found:
 *   1. DEV_CERT and DEV_KEY (PEM files), e.g. your own trusted certificate;
 *   2. ~/.office-addin-dev-certs/localhost.crt + localhost.key, made by Microsoft's office-addin-dev-certs
 *      (`npx office-addin-dev-certs install` on a machine where it can trust its CA);
 *   3. otherwise a development CA and a localhost certificate signed by it are generated with openssl into
 *      .dev-certs/ (git-ignored; CERT_DIR overrides). Trust .dev-certs/ca.crt once (README "Try it in Excel").
 *
 * Environment: PORT (default 3000), DIST (default dist/), CERT_DIR. Stop with Ctrl+C.
 * Exported for the test: ensureDevCerts(dir), startServer({ root, port, cert, key }).
 */
"use strict";
const fs = require("fs");
const https = require("https");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".xml": "application/xml; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

function openssl(args, cwd) {
  try {
    execFileSync("openssl", args, { cwd, stdio: "pipe" });
  } catch (e) {
    if (e && e.code === "ENOENT")
      throw new Error(
        "openssl was not found. Install it (Debian: apt-get install openssl; macOS has it; Windows: Git for Windows includes it), " +
          "or give your own certificate with DEV_CERT and DEV_KEY.",
      );
    throw new Error(`openssl ${args[0]} failed: ${String(e.stderr || e.message).trim()}`);
  }
}

/** A development CA (ca.crt) and a localhost certificate it signed (localhost.crt/.key) in `dir`; made once, reused. */
function ensureDevCerts(dir) {
  const files = { ca: path.join(dir, "ca.crt"), cert: path.join(dir, "localhost.crt"), key: path.join(dir, "localhost.key") };
  if (fs.existsSync(files.ca) && fs.existsSync(files.cert) && fs.existsSync(files.key)) return { ...files, created: false };
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "localhost.ext"),
    [
      "basicConstraints = CA:FALSE",
      "keyUsage = digitalSignature, keyEncipherment",
      "extendedKeyUsage = serverAuth",
      "subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1",
      "",
    ].join("\n"),
  );
  openssl(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "825", "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/CN=PHR Checksheet Development CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"], dir);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-sha256", "-keyout", "localhost.key", "-out", "localhost.csr", "-subj", "/CN=localhost"], dir);
  openssl(["x509", "-req", "-in", "localhost.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "365", "-sha256", "-extfile", "localhost.ext", "-out", "localhost.crt"], dir);
  for (const f of ["localhost.csr", "localhost.ext", "ca.srl"]) fs.rmSync(path.join(dir, f), { force: true });
  fs.chmodSync(path.join(dir, "ca.key"), 0o600);
  fs.chmodSync(files.key, 0o600);
  return { ...files, created: true };
}

/** Which certificate to use (see the header). */
function pickCertificate(env = process.env) {
  if (env.DEV_CERT && env.DEV_KEY) return { cert: env.DEV_CERT, key: env.DEV_KEY, source: "DEV_CERT / DEV_KEY" };
  const office = path.join(os.homedir(), ".office-addin-dev-certs");
  if (fs.existsSync(path.join(office, "localhost.crt")) && fs.existsSync(path.join(office, "localhost.key")))
    return { cert: path.join(office, "localhost.crt"), key: path.join(office, "localhost.key"), ca: path.join(office, "ca.crt"), source: "office-addin-dev-certs" };
  const dir = path.resolve(env.CERT_DIR || path.join(ROOT, ".dev-certs"));
  const made = ensureDevCerts(dir);
  return { cert: made.cert, key: made.key, ca: made.ca, created: made.created, source: dir };
}

/** Static files from `root` over https; GET/HEAD only, nothing outside root. Resolves with the listening server. */
function startServer({ root, port, cert, key, host = "localhost" }) {
  const base = path.resolve(root);
  const server = https.createServer({ cert: fs.readFileSync(cert), key: fs.readFileSync(key) }, (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return res.writeHead(405, { Allow: "GET, HEAD" }).end();
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url || "/", "https://localhost").pathname);
    } catch {
      return res.writeHead(400).end();
    }
    const file = path.resolve(base, "." + (urlPath.endsWith("/") ? urlPath + "taskpane.html" : urlPath));
    if (file !== base && !file.startsWith(base + path.sep)) return res.writeHead(403).end();
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) return res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file).toLowerCase()] || "application/octet-stream", "Cache-Control": "no-store" });
      if (req.method === "HEAD") return res.end();
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve(server));
  });
}

module.exports = { ensureDevCerts, pickCertificate, startServer };

if (require.main === module) {
  const root = path.resolve(process.env.DIST || path.join(ROOT, "dist"));
  const port = Number(process.env.PORT || 3000);
  if (!fs.existsSync(path.join(root, "taskpane.html"))) {
    console.error(`serve: ${path.join(root, "taskpane.html")} is missing; build first (npm start does: webpack --mode development).`);
    process.exitCode = 1;
  } else {
    let c;
    try {
      c = pickCertificate();
    } catch (e) {
      console.error(`serve: ${e.message}`);
      process.exitCode = 1;
    }
    if (c)
      startServer({ root, port, cert: c.cert, key: c.key }).then(
        () => {
          console.log(`serve: https://localhost:${port}/taskpane.html  (files from ${path.relative(process.cwd(), root) || "."})`);
          console.log(`serve: certificate from ${c.source}${c.created ? " (new)" : ""}`);
          if (c.ca && c.source !== "office-addin-dev-certs")
            console.log(`serve: trust ${c.ca} once (README "Try it in Excel"), then sideload ${path.join(root, "manifest.xml")}. Ctrl+C stops.`);
        },
        (e) => {
          console.error(`serve: cannot listen on localhost:${port} (${e.code || e.message}); set PORT or stop what uses it.`);
          process.exitCode = 1;
        },
      );
  }
}
