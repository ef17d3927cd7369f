/* eslint-disable no-undef, @typescript-eslint/no-require-imports */
/**
 * Build of the Excel add-in into dist/: taskpane.html (task pane and ribbon commands in one page: the shared
 * runtime of manifest.xml), dialog.html (the ribbon's messages), selftest.html (diagnostics), support.html.
 * Modelled on OfficeDev's Office-Addin-TaskPane-React template, without its polyfill chunk
 * (IE 11 is gone: WebView2 / WKWebView / browsers), office-addin-dev-certs and office-addin-debugging.
 *
 *   npm run build       production: no source maps (no eval: the pages' CSP forbids it), hashed names,
 *                       manifest URLs rewritten from the dev URL to ADDIN_PROD_URL (placeholder below)
 *   npm run build:dev   development: external source maps, dev URLs kept
 *
 * office.js is never bundled: the pages load it from Microsoft's CDN.
 */
const fs = require("fs");
const path = require("path");
const webpack = require("webpack");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const MiniCssExtractPlugin = require("mini-css-extract-plugin");
const { GriffelCSSExtractionPlugin } = require("@griffel/webpack-extraction-plugin");

const urlDev = "https://localhost:3000/";
/** Placeholder until a host is chosen; set ADDIN_PROD_URL (https, trailing slash) for a real deployment. */
const urlProd = process.env.ADDIN_PROD_URL || "https://phr-checksheet.example.invalid/";

const required = [
  ["src/taskpane/index.tsx", "task pane entry"],
  ["src/taskpane/taskpane.html", "task pane page template"],
  ["src/commands/commands.ts", "ribbon commands (loaded by the task pane page: shared runtime)"],
  ["src/dialog/dialog.ts", "ribbon message dialog entry"],
  ["src/dialog/dialog.html", "ribbon message dialog page"],
  ["src/selftest/index.ts", "self-test entry"],
  ["src/selftest/selftest.html", "self-test page"],
  ["src/support/support.html", "support page (SupportUrl)"],
  ["manifest.xml", "add-in manifest"],
];

/**
 * How TypeScript, React and Fluent become the pages' scripts and stylesheet: shared with the bench's bare page
 * (bench/bare/webpack.config.js), so that the yardstick is built exactly as the pane is.
 */
function scriptPipeline(dev) {
  return {
    rules: [
      // Griffel: every makeStyles (ours and Fluent's precompiled __styles) becomes class names plus one CSS file
      // at build time, so the pane neither compiles nor inserts CSS rules at run time.
      { test: /\.(js|mjs|ts|tsx)$/, use: { loader: GriffelCSSExtractionPlugin.loader } },
      { test: /\.tsx?$/, exclude: /node_modules/, use: { loader: "@griffel/webpack-loader" } },
      { test: /\.css$/, use: [MiniCssExtractPlugin.loader, "css-loader"] },
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: "ts-loader",
          options: {
            transpileOnly: true,
            onlyCompileBundledFiles: true,
            // ES modules for tree shaking (tsconfig.json targets CommonJS for jest and the CLI).
            compilerOptions: { module: "es2020", moduleResolution: "bundler", sourceMap: dev },
          },
        },
      },
    ],
    plugins: [
      // Fluent's token-name → CSS-variable table, 29 KB, answered from the name (src/taskpane/fluent-tokens.ts; tested).
      // Swapped at the request ("./tokens.js" inside @fluentui/tokens/lib), so the stand-in gets the TypeScript loaders.
      new webpack.NormalModuleReplacementPlugin(/^\.\.?\/tokens\.js$/, (r) => {
        if (/[\\/]@fluentui[\\/]tokens[\\/]lib([\\/]|$)/.test(r.context)) r.request = path.resolve(__dirname, "src/taskpane/fluent-tokens.ts");
      }),
      new MiniCssExtractPlugin({ ignoreOrder: true, filename: dev ? "[name].css" : "[name].[contenthash:8].css" }),
      new GriffelCSSExtractionPlugin(),
      ...(dev ? [] : [new CompileHintForFirstLoad()]),
    ],
  };
}

/**
 * `//# allFunctionsCalledOnLoad` at the top of each page's first-load script (not of the lazy chunks): nearly all of
 * its functions run before the first view is usable (React, Fluent's components, the form), and with this explicit
 * compile hint Chromium (WebView2; Chrome 136 and later) compiles them on the background thread that streams the
 * script instead of one by one, lazily, on the main thread. Other engines read a comment. Added after minification
 * (which drops comments) and before the content hashes are computed.
 */
class CompileHintForFirstLoad {
  apply(compiler) {
    compiler.hooks.thisCompilation.tap("CompileHintForFirstLoad", (compilation) => {
      compilation.hooks.processAssets.tap(
        { name: "CompileHintForFirstLoad", stage: webpack.Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_INLINE },
        () => {
          for (const chunk of compilation.chunks) {
            if (!chunk.canBeInitial()) continue;
            for (const file of chunk.files) {
              if (!file.endsWith(".js")) continue;
              compilation.updateAsset(file, (old) => new webpack.sources.ConcatSource("//# allFunctionsCalledOnLoad\n", old));
            }
          }
        },
      );
    });
  }
}

/**
 * A page's own script and stylesheet, preloaded ahead of office.js. Each page declares its CSP in a <meta> tag (the
 * add-in has no server to send a header), and a meta CSP stops Chromium's preload scanner (crbug.com/1458493): the
 * deferred bundle and the stylesheet would otherwise be requested only after office.js, which Microsoft requires as
 * a parser-blocking script in <head>, has been fetched and run. <link rel=preload> tags that the parser reaches
 * before office.js start both downloads at once; the CSP is already in force for them (it comes first in <head>).
 */
class PreloadAheadOfOfficeJs {
  /** @param {string[]} [only] the pages to treat (default: every page that loads office.js) */
  constructor(only) {
    this.only = only;
  }
  apply(compiler) {
    compiler.hooks.compilation.tap("PreloadAheadOfOfficeJs", (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).beforeEmit.tap("PreloadAheadOfOfficeJs", (data) => {
        if (this.only && !this.only.includes(data.outputName)) return data;
        const officeJs = data.html.search(/<script\b[^>]*\bsrc=["']?https:\/\/appsforoffice\.microsoft\.com\//);
        if (officeJs < 0) return data;
        const links = [];
        for (const m of data.html.matchAll(/<script\b[^>]*\bdefer\b[^>]*\bsrc=["']?([^"'\s>]+)/g)) links.push(`<link rel="preload" href="${m[1]}" as="script">`);
        for (const m of data.html.matchAll(/<link\b[^>]*\bhref=["']?([^"'\s>]+\.css)["'\s>]/g)) links.push(`<link rel="preload" href="${m[1]}" as="style">`);
        data.html = data.html.slice(0, officeJs) + links.join("") + data.html.slice(officeJs);
        return data;
      });
    });
  }
}

module.exports = (env, options) => {
  const dev = options.mode === "development";
  const missing = required.filter(([file]) => !fs.existsSync(path.resolve(__dirname, file)));
  if (missing.length) {
    throw new Error(`webpack: missing ${missing.map(([file, what]) => `${file} (${what})`).join(", ")}`);
  }
  if (!dev && !/^https:\/\/[^/]+\/(.*\/)?$/.test(urlProd)) {
    throw new Error(`webpack: ADDIN_PROD_URL must be an https URL ending in "/" (got ${urlProd})`);
  }

  return {
    mode: dev ? "development" : "production",
    devtool: dev ? "source-map" : false,
    entry: {
      // The task pane entry imports src/commands/commands.ts, which associates the ribbon functions at load.
      taskpane: "./src/taskpane/index.tsx",
      dialog: "./src/dialog/dialog.ts",
      selftest: "./src/selftest/index.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist"),
      filename: dev ? "[name].js" : "[name].[contenthash:8].js",
      chunkFilename: dev ? "[name].js" : "[name].[contenthash:8].js",
      assetModuleFilename: "assets/[name].[contenthash:8][ext]",
      // Chunks load relative to the page: no "auto" public path, whose runtime probes importScripts and the global object.
      publicPath: "",
      clean: true,
    },
    resolve: {
      extensions: [".ts", ".tsx", ".js", ".json"],
    },
    // Browsers only: no Node "global" shim (webpack's shim uses the Function constructor, which the CSP forbids).
    node: { global: false },
    module: {
      rules: [
        ...scriptPipeline(dev).rules,
        {
          test: /\.(png|jpe?g|gif|svg|woff2?|ttf|eot)$/i,
          type: "asset/resource",
        },
      ],
    },
    plugins: [
      ...scriptPipeline(dev).plugins,
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
        scriptLoading: "defer",
      }),
      new HtmlWebpackPlugin({
        filename: "dialog.html",
        template: "./src/dialog/dialog.html",
        chunks: ["dialog"],
        scriptLoading: "defer",
      }),
      new HtmlWebpackPlugin({
        filename: "selftest.html",
        template: "./src/selftest/selftest.html",
        chunks: ["selftest"],
        scriptLoading: "defer",
      }),
      new PreloadAheadOfOfficeJs(),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/support/support.html", to: "support.html" },
          {
            from: "manifest*.xml",
            to: "[name][ext]",
            transform(content) {
              if (dev) return content;
              const out = content.toString().split(urlDev).join(urlProd);
              if (out.includes("localhost")) throw new Error("webpack: a localhost URL is left in the production manifest");
              return out;
            },
          },
        ],
      }),
    ],
    performance: {
      hints: dev ? false : "warning",
      // Fluent UI v9 + React dominate the task pane bundle; warn when it grows past this.
      maxEntrypointSize: 1_200_000,
      maxAssetSize: 1_200_000,
    },
  };
};

module.exports.scriptPipeline = scriptPipeline;
module.exports.PreloadAheadOfOfficeJs = PreloadAheadOfOfficeJs;
