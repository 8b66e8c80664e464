/** "Open log…" button backed by a hidden file input (the e2e helper drives the input directly). */
import { useRef } from 'react';

interface Props {
  readonly onFile: (file: File) => void;
  readonly primary?: boolean;
  readonly label?: string;
}

export function FilePicker({ onFile, primary = false, label = 'Open log…' }: Props) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={primary ? 'primary' : ''} onClick={() => input.current?.click()}>
        {label}
      </button>
      <input
        ref={input}
        data-testid="file-input"
        type="file"
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Reset so choosing the same file again still fires a change.
          e.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
