/** @jest-environment jsdom */
/** The clear confirmation says when the summary sheet will be kept for the user's content, and offers the forced clear. */
import * as React from "react";
import { fireEvent, render, screen } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import { ClearDialog } from "../../src/taskpane/components/ClearDialog";

test("the kept summary sheet is named in the dialog, and 'restore those too' confirms with force", () => {
  const onConfirm = jest.fn();
  render(
    <FluentProvider theme={webLightTheme}>
      <ClearDialog
        lang="ja"
        preview={{ restored: 12, kept: [], keptSummary: { ja: "概要シート「PHRチェック概要」には…残します。", en: "The summary sheet … will be kept." } }}
        onConfirm={onConfirm}
        onCancel={() => undefined}
      />
    </FluentProvider>,
  );
  expect(screen.getByTestId("clear-kept-summary").textContent).toContain("残します");
  fireEvent.click(screen.getByTestId("force-clear"));
  expect(onConfirm).toHaveBeenCalledWith(true);
});

test("the summary sheet a clear deletes is named in the dialog", () => {
  render(
    <FluentProvider theme={webLightTheme}>
      <ClearDialog lang="en" preview={{ restored: 0, kept: [], removesSummary: "PHRチェック概要" }} onConfirm={() => undefined} onCancel={() => undefined} />
    </FluentProvider>,
  );
  expect(screen.getByTestId("clear-removes-summary").textContent).toBe('The summary sheet "PHRチェック概要" is deleted too.');
  expect(screen.queryByTestId("force-clear")).toBeNull();
});
