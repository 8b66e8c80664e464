/** Text whose backtick spans show as <code> (code-spans.ts); every part is a React text node, never HTML. */
import { splitCodeSpans } from './code-spans';

export function CodeText({ text }: { readonly text: string }) {
  return (
    <>
      {splitCodeSpans(text).map((p, i) => (p.code ? <code key={i}>{p.text}</code> : <span key={i}>{p.text}</span>))}
    </>
  );
}
