/** The bundled sample logs, one click each: a way to see what the tool does without a log of one's own. */
import { SAMPLE_LOGS, type SampleLog } from '../../state/samples';

interface Props {
  readonly onSample: (sample: SampleLog) => void;
}

export function SampleList({ onSample }: Props) {
  return (
    <ul className="sample-list" data-testid="sample-list">
      {SAMPLE_LOGS.map((s) => (
        <li key={s.id}>
          <button type="button" data-testid={`sample-${s.id}`} onClick={() => onSample(s)}>
            <strong>{s.title}</strong>
            <span className="sample-desc">{s.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
