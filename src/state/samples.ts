/**
 * The bundled sample logs the empty page offers. The files live in `public/samples/` and are fetched from
 * the app's own origin (the Content-Security-Policy allows nothing else).
 */

export interface SampleLog {
  readonly id: 'login-ok' | 'login-failed' | 'rate-limits' | 'offline-contact' | 'server-log' | 'capture';
  readonly title: string;
  readonly description: string;
  /** File name inside `public/samples/`. */
  readonly file: string;
  /**
   * The file's content fingerprint (`log=` of a view link made on it), so such a link can offer the sample
   * instead of asking for a file the user never had. samples.test.ts checks it against the file.
   */
  readonly fingerprint: string;
}

export const SAMPLE_LOGS: readonly SampleLog[] = [
  {
    id: 'login-ok',
    title: 'Successful MSNP15 sign-in and a chat',
    description: 'Pidgin debug log: SSO sign-in, contact list, a switchboard chat with typing and messages.',
    file: 'msnp15-login-and-chat.log',
    fingerprint: '4fd100cd',
  },
  {
    id: 'login-failed',
    title: 'Failed sign-in (911)',
    description: 'papyon console log: the server refuses the ticket with 911 and closes the connection.',
    file: 'msnp15-login-911.log',
    fingerprint: '8a7e66f9',
  },
  {
    id: 'rate-limits',
    title: 'Rate limits: renames and XFR SB flood (800)',
    description:
      'Pidgin debug log (MSNP9): four quick renames then 800, and eight switchboards in a minute then 800 for the next requests.',
    file: 'msnp9-rate-limit-800.log',
    fingerprint: '1f47cd18',
  },
  {
    id: 'offline-contact',
    title: 'Calling an offline contact (217, then 713)',
    description: 'Bare transcript (MSNP12): five CALs to an offline contact answered 217, the sixth answered 713.',
    file: 'msnp12-cal-offline-713.log',
    fingerprint: '078a3ab1',
  },
  {
    id: 'server-log',
    title: 'A server log: three sign-ins at once',
    description:
      'Escargot server log (MSNP15): three accounts sign in on interleaved connections, one refused with 911; a status-change burst (800) and a switchboard call.',
    file: 'escargot-server-sign-ins.log',
    fingerprint: '8016c2b3',
  },
  {
    id: 'capture',
    title: 'A packet capture (pcapng)',
    description:
      'MSNP8 traffic as Wireshark records it: dispatch, sign-in and a switchboard on three TCP connections, put back together; a text message, a P2P message and a CAL refused with 713.',
    file: 'msnp8-signin-switchboard.pcapng',
    fingerprint: 'e958764a',
  },
];

/** The bundled sample a view link's `log=` fingerprint names, or null. */
export function sampleByFingerprint(fingerprint: string | null): SampleLog | null {
  return fingerprint === null ? null : (SAMPLE_LOGS.find((s) => s.fingerprint === fingerprint) ?? null);
}

/** The URL a sample is fetched from, relative to the page (the app is built with `base: './'`). */
export function sampleUrl(sample: SampleLog, base: string): string {
  return `${base.endsWith('/') ? base : `${base}/`}samples/${sample.file}`;
}
