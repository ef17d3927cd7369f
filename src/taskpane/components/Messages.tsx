import * as React from "react";
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { DismissRegular } from "@fluentui/react-icons";
import type { Localized } from "../../domain/types";
import { S, type Lang } from "../i18n";
import type { Notice } from "../state/useAddin";

/** An error (always a bilingual message from describeError, never a stack trace). */
export function ErrorMessage(props: { lang: Lang; error: Localized | null; onDismiss?: () => void; testId?: string }) {
  const { lang, error, onDismiss } = props;
  if (!error) return null;
  return (
    <MessageBar intent="error" layout="multiline" data-testid={props.testId ?? "error-bar"}>
      <MessageBarBody>
        <MessageBarTitle>{S.errorTitle[lang]}</MessageBarTitle>
        <span className="wrap-anywhere">{error[lang]}</span>
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions
          containerAction={
            <Button aria-label={S.dismiss[lang]} appearance="transparent" icon={<DismissRegular />} onClick={onDismiss} />
          }
        />
      )}
    </MessageBar>
  );
}

export function NoticeMessage(props: { lang: Lang; notice: Notice | null; onDismiss?: () => void; testId?: string }) {
  const { lang, notice, onDismiss } = props;
  if (!notice) return null;
  return (
    <MessageBar intent={notice.intent} layout="multiline" data-testid={props.testId ?? "notice-bar"}>
      <MessageBarBody>
        <span className="wrap-anywhere">{notice.text[lang]}</span>
      </MessageBarBody>
      {onDismiss && (
        <MessageBarActions
          containerAction={
            <Button aria-label={S.dismiss[lang]} appearance="transparent" icon={<DismissRegular />} onClick={onDismiss} />
          }
        />
      )}
    </MessageBar>
  );
}
