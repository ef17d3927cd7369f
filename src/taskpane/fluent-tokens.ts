/**
 * Stand-in for @fluentui/tokens' `tokens` (lib/tokens.js) in the pane's webpack build (webpack.config.js swaps the
 * module). Fluent's object maps each of its ~470 token names to the CSS variable of that name: 29 KB of minified
 * JavaScript that Fluent's own component styles keep in the first-load bundle for a handful of names. Here the same
 * answer comes from the name itself; the only names whose value is not `var(--name)` (the z-index tokens, which carry
 * a fallback) are listed. test/taskpane/fluent-tokens.test.ts compares every name with Fluent's object, so a Fluent
 * update that changes the rule fails the tests instead of the styles.
 *
 * Nothing enumerates `tokens` (no Object.keys / spread in Fluent's code or ours); reading a name is all it supports.
 */
const WITH_FALLBACK: Readonly<Record<string, string>> = {
  zIndexBackground: "var(--zIndexBackground, 0)",
  zIndexContent: "var(--zIndexContent, 1)",
  zIndexOverlay: "var(--zIndexOverlay, 1000)",
  zIndexPopup: "var(--zIndexPopup, 2000)",
  zIndexMessages: "var(--zIndexMessages, 3000)",
  zIndexFloating: "var(--zIndexFloating, 4000)",
  zIndexPriority: "var(--zIndexPriority, 5000)",
  zIndexDebug: "var(--zIndexDebug, 6000)",
};

export function tokenValue(name: string): string {
  return Object.prototype.hasOwnProperty.call(WITH_FALLBACK, name) ? WITH_FALLBACK[name] : `var(--${name})`;
}

export const tokens: Record<string, string> = new Proxy({} as Record<string, string>, {
  get: (_target, name) => (typeof name === "string" ? tokenValue(name) : undefined),
});
