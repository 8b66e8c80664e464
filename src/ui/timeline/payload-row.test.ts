import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLog } from '../../msnp/parse-log';
import type { Payload } from '../../msnp/types';
import { offersPayload, payloadRowText } from './payload-row';

const result = parseLog(new Uint8Array(readFileSync(join(__dirname, '../../../fixtures/msnp/papyon/console-payload.log'))), {});
const eventAt = (line: number) => {
  const e = result.events.find((x) => x.line === line);
  if (!e) throw new Error(`no event on line ${line}`);
  return e;
};

describe('inline payload rows', () => {
  it('offers no ▸ for a payload of 0 declared bytes: there is nothing to open', () => {
    const uux = eventAt(7);
    expect(uux.payload?.declaredBytes).toBe(0);
    expect(offersPayload(uux.payload)).toBe(false);
  });

  it('says in words why a body has no text, instead of the visibility name of the core', () => {
    const cut: Payload = { declaredBytes: 1388, visibility: 'partial', shownBytes: 0, text: '', firstLine: null, lastLine: null };
    expect(offersPayload(cut)).toBe(true);
    expect(payloadRowText(cut)).toBe('(1,388 bytes declared; the log shows none of the body)');
    // A body papyon summed up as `[payload]` shows that line itself.
    const summed = result.events.find((e) => e.payload?.visibility === 'summary');
    if (!summed?.payload) throw new Error('the fixture needs a body papyon summed up as [payload]');
    expect(payloadRowText(summed.payload)).toBe('[payload]');
  });

  it('shows a body the log has as it is', () => {
    const shown = result.events.find((e) => e.payload !== null && e.payload.text !== '');
    if (!shown?.payload) throw new Error('the fixture needs a shown body');
    expect(offersPayload(shown.payload)).toBe(true);
    expect(payloadRowText(shown.payload)).toBe(shown.payload.text);
  });
});
