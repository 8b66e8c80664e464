/** Override the detected log format: re-reads the same file as the chosen dialect (or detects again). */
import type { DialectId, Detection } from '../../msnp/types';
import { detectedDialect } from './detection-text';

export const DIALECT_NAMES: Readonly<Record<DialectId, string>> = {
  transcript: 'Plain >>> / <<< transcript',
  doc: 'Documentation style (C:/S:, inline \\r\\n)',
  libpurple: 'Pidgin / libpurple debug log',
  papyon: 'emesene / papyon console',
  amsn: 'aMSN protocol window',
  escargot: 'Escargot server log',
  miranda: 'Miranda NG netlog',
  capture: 'Packet capture (as text)',
};

const DIALECTS = Object.keys(DIALECT_NAMES) as DialectId[];

interface Props {
  readonly detection: Detection;
  readonly override: DialectId | null;
  readonly onChange: (d: DialectId | null) => void;
}

function isDialect(v: string): v is DialectId {
  return v in DIALECT_NAMES;
}

export function DialectSelect({ detection, override, onChange }: Props) {
  // What detection finds, not the forced format: the option is how the user goes back to it.
  const found = detectedDialect(detection);
  const detected = found === null ? 'nothing recognised' : DIALECT_NAMES[found];
  return (
    <label title={detection.reason}>
      Format{' '}
      <select
        data-testid="dialect-select"
        className="dialect-select"
        value={override ?? ''}
        onChange={(e) => {
          const v = e.currentTarget.value;
          onChange(isDialect(v) ? v : null);
        }}
      >
        <option value="">Detect ({detected})</option>
        {DIALECTS.map((d) => (
          <option key={d} value={d}>
            Read as: {DIALECT_NAMES[d]}
          </option>
        ))}
      </select>
    </label>
  );
}
