import { tokens as fluentTokens } from "@fluentui/tokens";
import { tokenValue, tokens } from "../../src/taskpane/fluent-tokens";

// The pane's build swaps Fluent's token table for src/taskpane/fluent-tokens.ts: every name must read the same.
test("the stand-in gives every Fluent token name Fluent's own value", () => {
  const names = Object.keys(fluentTokens) as (keyof typeof fluentTokens)[];
  expect(names.length).toBeGreaterThan(400);
  const differing = names.filter((n) => tokens[n] !== fluentTokens[n] || tokenValue(n) !== fluentTokens[n]);
  expect(differing).toEqual([]);
});

test("a name with a fallback keeps it; a symbol reads as undefined", () => {
  expect(tokens.zIndexPopup).toBe("var(--zIndexPopup, 2000)");
  expect(tokens.colorNeutralForeground1).toBe("var(--colorNeutralForeground1)");
  expect((tokens as unknown as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
});
