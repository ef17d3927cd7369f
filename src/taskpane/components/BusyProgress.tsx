/**
 * The running action's progress bar (ActionBar). A chunk of its own: Fluent's ProgressBar brings its motion code,
 * which nothing else in the pane's first view needs; until it has arrived the same message shows without the bar.
 */
import * as React from "react";
import { Field, ProgressBar } from "@fluentui/react-components";

export default function BusyProgress(props: { message: string; fraction: number | undefined }) {
  return (
    <Field validationMessage={props.message} validationState="none" data-testid="progress">
      <ProgressBar value={props.fraction} thickness="large" />
    </Field>
  );
}
