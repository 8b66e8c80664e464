/**
 * The capture shape for `npm run bench -- --shapes`: the test scenario (capture-scenario.ts: dispatch, sign-in,
 * switchboard with text and P2P messages, HTTPS and DNS besides) repeated on fresh ports and times until the
 * file reaches the size asked for, written as pcapng. Reading it exercises the capture stage (containers,
 * TCP reassembly, framing, rendering) in front of the usual pipeline.
 */
import { writeFileSync } from 'node:fs';
import { SCENARIO_CONNECTIONS, scenarioSteps } from '../src/msnp/capture/capture-scenario';
import { writeCapture, type WireConnection, type WireStep } from '../src/msnp/capture/write-capture';

export function writeCaptureShape(bytes: number, path: string): void {
  const one = writeCapture(SCENARIO_CONNECTIONS, scenarioSteps(), { format: 'pcapng' }).length;
  const copies = Math.max(1, Math.round(bytes / one));
  const connections: WireConnection[] = [];
  const steps: WireStep[] = [];
  for (let k = 0; k < copies; k++) {
    const base = connections.length;
    // Ports cycle over 60,000 values per client address; the client address changes every 15,000 copies.
    const port = 1024 + ((k * 4) % 60_000);
    const client = `10.${(k >> 16) & 255}.${(k >> 8) & 255}.${k & 255}`;
    for (const [j, c] of SCENARIO_CONNECTIONS.entries()) connections.push({ ...c, client: { address: client, port: port + j } });
    for (const s of scenarioSteps()) {
      const time = s.time + k * 10_000;
      steps.push(s.kind === 'udp' ? { ...s, time } : { ...s, conn: s.conn + base, time });
    }
  }
  writeFileSync(path, writeCapture(connections, steps, { format: 'pcapng' }));
}
