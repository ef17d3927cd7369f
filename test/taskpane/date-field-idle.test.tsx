/** @jest-environment jsdom */
/**
 * The 認定 form's three date fields share one idle job for the date picker's chunk (idle.ts runs one job per idle
 * period, so three jobs would hold the later background work back by two periods); the job is taken back when the
 * last field waiting for it goes, and a field mounted after the chunk has arrived is a picker at once.
 */
import * as React from "react";
import { act, render, screen, waitFor } from "@testing-library/react";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";

const jobs: { run: () => unknown; priority: number; cancel: jest.Mock }[] = [];
jest.mock("../../src/taskpane/idle", () => ({
  IDLE_PRIORITY: { firstRead: 0, datePicker: 1, panels: 2 },
  whenIdle: (run: () => unknown, priority: number) => {
    const cancel = jest.fn();
    jobs.push({ run, priority, cancel });
    return cancel;
  },
}));

// imported after the mock
import { DateField } from "../../src/taskpane/components/DateField";

function Fields(props: { names: string[] }) {
  return (
    <FluentProvider theme={webLightTheme}>
      {props.names.map((n) => (
        <label key={n}>
          {n}
          <DateField lang="ja" id={n} name={n} value="2026-10-03" onChange={() => undefined} />
        </label>
      ))}
    </FluentProvider>
  );
}

test("three fields queue one job; leaving before it ran takes it back; after it ran every field is a picker, and a new one at once", async () => {
  const first = render(<Fields names={["issuedOn", "expiresOn", "lastSurveillanceOn"]} />);
  expect(jobs).toHaveLength(1);
  expect(jobs[0].priority).toBe(1);
  first.unmount();
  expect(jobs[0].cancel).toHaveBeenCalledTimes(1);

  render(<Fields names={["issuedOn", "expiresOn", "lastSurveillanceOn"]} />);
  expect(jobs).toHaveLength(2);
  expect(document.querySelectorAll('[data-date-input="plain"]')).toHaveLength(3);
  await act(async () => {
    await jobs[1].run();
  });
  await waitFor(() => expect(document.querySelectorAll('[data-date-input="plain"]')).toHaveLength(0));
  expect(screen.getAllByRole("combobox")).toHaveLength(3);
  expect(jobs[1].cancel).not.toHaveBeenCalled();

  render(<Fields names={["another"]} />);
  expect(jobs).toHaveLength(2); // no job: the chunk is there
  await waitFor(() => expect(screen.getAllByRole("combobox")).toHaveLength(4));
});
