// The KB 2888788 conversation used by the restart and two-instance tests, from the shared fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'kb2888788', name), 'utf8');

/** Event 2004 as copied from Event Viewer (English); names the send connector. */
export const EVENT_TEXT = fixture('event-en.txt');

/** `Get-ExchangeCertificate | fl …` with two SMTP certificates: public (ThirdParty) and internal (Enterprise). */
export const CERTIFICATE_LIST = fixture('certs-fl.txt').split(/\n\s*\n/).slice(0, 3).join('\n\n').trimEnd() + '\n';

export const FINDING_ID = 'untrusted-cert-on-smtp';
export const UNTRUSTED_THUMBPRINT = '2F9C4B8A1E3D5C7B9A0F2E4D6C8B0A1928374655';
export const PUBLIC_THUMBPRINT = '7D3E1A90C4B5F6A7B8C9D0E1F2A3B4C5D6E7F809';
/** Appears only in the event text: a diagnosis that names it remembered the first message. */
export const CONNECTOR_GUID = '6b3c8f2e-1d4a-4c3b-9d2e-7a1b2c3d4e5f';
