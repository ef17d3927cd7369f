/** A button that opens a file picker for one JSON file (certification, crosswalk) and hands the file over. */
import * as React from "react";
import { Button, makeStyles } from "@fluentui/react-components";
import { ArrowUploadRegular } from "@fluentui/react-icons";

const useStyles = makeStyles({ hidden: { display: "none" } });

export interface JsonFileButtonProps {
  label: string;
  title: string;
  disabled: boolean;
  /** data-testid of the hidden file input. */
  inputTestId: string;
  /** data-testid of the button. */
  buttonTestId?: string;
  className?: string;
  onFile: (file: File) => void;
}

export function JsonFileButton(props: JsonFileButtonProps) {
  const st = useStyles();
  const fileRef = React.useRef<HTMLInputElement>(null);
  return (
    <>
      <Button
        className={props.className}
        icon={<ArrowUploadRegular />}
        disabled={props.disabled}
        title={props.title}
        data-testid={props.buttonTestId}
        onClick={() => fileRef.current?.click()}
      >
        {props.label}
      </Button>
      <input
        ref={fileRef}
        className={st.hidden}
        type="file"
        accept=".json,application/json"
        data-testid={props.inputTestId}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) props.onFile(f);
          e.target.value = ""; // the same file can be chosen again
        }}
      />
    </>
  );
}
