/* eslint-disable no-undef, @typescript-eslint/no-require-imports */
/**
 * The bench's yardstick page (bench/bare/index.tsx): a bare React + Fluent UI page with one Button, built with the
 * same production pipeline as the pane (ts-loader, ES modules, no source maps, Griffel's build-time CSS extraction,
 * Fluent's token table answered from the name, Chromium's compile hint on the first-load script) into build/bench-bare/ — never into dist/, so it is not shipped, not
 * in the manifest and not in the size budget. Used only by bench/pane-load.ts.
 *
 * `floor` (below): the bench's floor page (bench/bare/floor.tsx: the pane's page and first-load script drawing one
 * Input), a compilation of its own into build/bench-floor/, so that the bare page keeps its own stylesheet (Griffel's
 * extraction puts every entry's rules into one file).
 */
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const { scriptPipeline, PreloadAheadOfOfficeJs } = require("../../webpack.config.js");

const root = path.resolve(__dirname, "../..");
const pipeline = scriptPipeline(false);

const bare = {
  mode: "production",
  devtool: false,
  context: root,
  entry: { bare: "./bench/bare/index.tsx" },
  output: {
    path: path.join(root, "build/bench-bare"),
    filename: "[name].[contenthash:8].js",
    publicPath: "",
    clean: true,
  },
  resolve: { extensions: [".ts", ".tsx", ".js", ".json"] },
  node: { global: false },
  module: { rules: pipeline.rules },
  plugins: [
    ...pipeline.plugins,
    new HtmlWebpackPlugin({ filename: "bare.html", template: "./bench/bare/bare.html", scriptLoading: "defer" }),
    new HtmlWebpackPlugin({ filename: "bare-office.html", template: "./bench/bare/bare-office.html", scriptLoading: "defer" }),
  ],
  performance: { hints: false },
  stats: "errors-warnings",
};

const floor = {
  ...bare,
  entry: { floor: "./bench/bare/floor.tsx" },
  output: { ...bare.output, path: path.join(root, "build/bench-floor") },
  plugins: [
    ...pipeline.plugins,
    // the pane's page template, with its preloads ahead of office.js as in dist/taskpane.html
    new HtmlWebpackPlugin({ filename: "floor.html", template: "./src/taskpane/taskpane.html", scriptLoading: "defer" }),
    new PreloadAheadOfOfficeJs(),
  ],
};

module.exports = bare;
module.exports.floor = floor;
