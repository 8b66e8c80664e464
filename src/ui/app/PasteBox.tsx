/** Paste a log as text, for when it came from a forum post or a chat rather than a file. */
import { useState } from 'react';

interface Props {
  readonly onText: (text: string) => void;
}

export function PasteBox({ onText }: Props) {
  const [text, setText] = useState('');
  return (
    <form
      className="paste-box"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() !== '') onText(text);
      }}
    >
      <h3 id="paste-title">Or paste the log text</h3>
      <textarea
        aria-labelledby="paste-title"
        data-testid="paste-input"
        value={text}
        spellCheck={false}
        placeholder={'>>> VER 1 MSNP15 CVR0\n<<< VER 1 MSNP15'}
        onChange={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" disabled={text.trim() === ''}>
        Analyze pasted text
      </button>
    </form>
  );
}
