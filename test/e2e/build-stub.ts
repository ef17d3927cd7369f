/** Bundle test/e2e/office-stub.ts (and the fake Excel it imports) for the browser, with the webpack node API. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import webpack from "webpack";

/** One webpack build through the node API; throws with webpack's errors when it fails (`what` names it). */
export async function runWebpack(config: webpack.Configuration, what: string): Promise<void> {
  const compiler = webpack(config);
  const stats = await new Promise<webpack.Stats>((resolve, reject) =>
    compiler.run((err, s) => {
      compiler.close(() => undefined);
      if (err || !s) reject(err ?? new Error("webpack: no stats"));
      else resolve(s);
    }),
  );
  if (stats.hasErrors()) throw new Error(`${what} build failed:\n${stats.toString("errors-only")}`);
}

export async function buildOfficeStub(repoRoot: string): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "office-stub-"));
  await runWebpack({
    mode: "development",
    devtool: false,
    target: "web",
    context: repoRoot,
    entry: path.join(repoRoot, "test/e2e/office-stub.ts"),
    output: { path: outDir, filename: "office-stub.js", iife: true },
    resolve: { extensions: [".ts", ".js"] },
    module: {
      rules: [
        {
          test: /\.ts$/,
          loader: "ts-loader",
          exclude: /node_modules/,
          options: { transpileOnly: true, compilerOptions: { module: "esnext", moduleResolution: "node", noEmit: false } },
        },
      ],
    },
    infrastructureLogging: { level: "error" },
    stats: "errors-only",
  }, "office stub");
  const source = fs.readFileSync(path.join(outDir, "office-stub.js"), "utf8");
  fs.rmSync(outDir, { recursive: true, force: true });
  return source;
}
