// Realistic Exchange SmtpSend protocol logs for tests and the logs bench: sessions to Exchange
// Online through the hybrid send connector, two or three interleaved at a time; a share of them
// fail with `454 4.7.0 … UntrustedRoot` after presenting an internal-CA certificate (KB 2888788),
// and (optionally) some where Exchange received EXO's certificate and failed UntrustedRoot locally.

export const CONNECTOR = 'Outbound to Office 365 5a0d6a52-3f3e-4b0c-9a1d-0c2f1e4a8b77';
export const PUBLIC_THUMBPRINT = '3F2A9C1D7E5B8A04C6D2E1F0A9B8C7D6E5F4A3B2';
export const INTERNAL_THUMBPRINT = '7D41C0E9A2B35F6C8D1E0F9A8B7C6D5E4F3A2B1C';

export const HEADER = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.2.1544.4',
  '#Log-type: SMTP Send Protocol Log',
  '#Date: 2026-11-26T00:00:00.000Z',
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
].join('\n');

export interface GenerateOptions {
  /** Approximate size in bytes. */
  bytes: number;
  /** Share of failing sessions (0.01 = 1 %). */
  failing?: number;
  /** Share of sessions where Exchange distrusts EXO's certificate. */
  localUntrusted?: number;
  seed?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function sessionRows(id: string, start: number, random: () => number, kind: 'ok' | 'untrusted' | 'local'): string[] {
  const port = 20000 + Math.floor(random() * 40000);
  const remote = `52.101.${68 + Math.floor(random() * 4)}.${Math.floor(random() * 250) + 1}:25`;
  const local = `10.0.0.5:${port}`;
  let t = start;
  let seq = 0;
  const rows: string[] = [];
  const row = (event: string, data: string, context = ''): void => {
    t += Math.floor(random() * 40) + 1;
    const quoted = /[",]/.test(data) ? `"${data.replace(/"/g, '""')}"` : data;
    const ctx = /[",]/.test(context) ? `"${context.replace(/"/g, '""')}"` : context;
    rows.push(`${new Date(t).toISOString()},${CONNECTOR},${id},${seq++},${seq === 1 ? '' : local},${remote},${event},${quoted},${ctx}`);
  };
  const host = `AM4PEPF0002${Math.floor(random() * 9000 + 1000)}.mail.protection.outlook.com`;
  row('*', '', 'attempting to connect');
  row('+', '');
  row('<', `220 ${host} Microsoft ESMTP MAIL Service ready at Thu, 26 Nov 2026 01:42:10 +0000 [08DE0C91D1E3A2B7]`);
  row('>', 'EHLO mail.contoso.com');
  row('<', `250-${host} Hello [198.51.100.20] SIZE 157286400 PIPELINING DSN ENHANCEDSTATUSCODES STARTTLS 8BITMIME BINARYMIME CHUNKING SMTPUTF8`);
  row('>', 'STARTTLS');
  row('<', '220 2.0.0 SMTP server ready');
  const internal = kind === 'untrusted';
  row('*', '', 'Sending certificate');
  row('*', internal ? 'CN=mail.contoso.com' : 'CN=mail.contoso.com, O=Contoso Ltd, L=Seattle, S=Washington, C=US', 'Certificate subject');
  row('*', internal ? 'CN=Contoso Issuing CA 01, DC=contoso, DC=local' : 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US', 'Certificate issuer name');
  row('*', internal ? '1A00000004B2C7D2E1F0' : '0C7A1E5B2D9F44A3B1E06C2D8F7A9B10', 'Certificate serial number');
  row('*', internal ? INTERNAL_THUMBPRINT : PUBLIC_THUMBPRINT, 'Certificate thumbprint');
  row('*', 'mail.contoso.com;autodiscover.contoso.com', 'Certificate alternate names');
  row('*', '', 'Received certificate');
  row('*', 'CN=mail.protection.outlook.com, O=Microsoft Corporation, L=Redmond, S=Washington, C=US', 'Certificate subject');
  row('*', 'CN=DigiCert Cloud Services CA-1, O=DigiCert Inc, C=US', 'Certificate issuer name');
  row('*', '0F8B7AE9C9D2F7B2E3C6B1A2D4E5F607', 'Certificate serial number');
  row('*', 'A0C8F1D2E3B4A5968778695A4B3C2D1E0F9A8B7C', 'Certificate thumbprint');
  row('*', 'mail.protection.outlook.com;*.mail.protection.outlook.com;*.mail.eo.outlook.com', 'Certificate alternate names');
  if (kind === 'local') {
    row('*', '', 'TLS negotiation failed with error UntrustedRoot');
    row('-', '', 'Local');
    return rows;
  }
  row('>', 'EHLO mail.contoso.com');
  row('<', `250-${host} Hello [198.51.100.20] SIZE 157286400 PIPELINING DSN ENHANCEDSTATUSCODES AUTH LOGIN XOAUTH2 8BITMIME BINARYMIME CHUNKING SMTPUTF8`);
  row('*', '', 'sending message with RecordId 51539607553 and InternetMessageId <DM6PR11MB4001.namprd11.prod.outlook.com>');
  row('>', 'MAIL FROM:<j.tanaka@contoso.com> SIZE=18432 AUTH=<>');
  if (internal) {
    row('<', '454 4.7.0 Failed to establish appropriate TLS channel: UntrustedRoot: Access Denied');
    row('>', 'QUIT');
    row('-', '', 'Remote');
    return rows;
  }
  row('>', 'RCPT TO:<m.sato@contoso.mail.onmicrosoft.com>');
  row('<', '250 2.1.0 Sender OK');
  row('<', '250 2.1.5 Recipient OK');
  row('>', 'BDAT 18432 LAST');
  row('<', `250 2.6.0 <DM6PR11MB4001.namprd11.prod.outlook.com> [InternalId=1234567, Hostname=${host}] 19876 bytes in 0.128, 151.000 KB/sec Queued mail for delivery`);
  row('>', 'QUIT');
  row('<', `221 2.0.0 Service closing transmission channel`);
  row('-', '', 'Local');
  return rows;
}

/** Writes the log through `write` in pieces (so 1 GB never sits in memory). */
export function generateSendLog(options: GenerateOptions, write: (chunk: string) => void): number {
  const random = rng(options.seed ?? 42);
  const failing = options.failing ?? 0.01;
  const local = options.localUntrusted ?? 0;
  let written = 0;
  const emit = (text: string): void => {
    write(text);
    written += Buffer.byteLength(text);
  };
  emit(`${HEADER}\n`);
  let t = Date.parse('2026-11-26T00:00:00.000Z');
  let n = 0;
  let buffer: string[] = [];
  let pending = 0;
  while (written + pending < options.bytes) {
    // Two or three sessions interleave, as on a busy transport server.
    const active = 2 + Math.floor(random() * 2);
    const sessions: string[][] = [];
    for (let i = 0; i < active; i++) {
      const r = random();
      const kind = r < failing ? 'untrusted' : r < failing + local ? 'local' : 'ok';
      const id = `08DE0D3A${(0x10000000 + n++).toString(16).toUpperCase()}`;
      sessions.push(sessionRows(id, t + i * 7, random, kind));
    }
    t += 1500 + Math.floor(random() * 2000);
    const cursors = sessions.map(() => 0);
    let left = sessions.reduce((sum, s) => sum + s.length, 0);
    while (left > 0) {
      const i = Math.floor(random() * sessions.length);
      if (cursors[i]! < sessions[i]!.length) {
        const line = sessions[i]![cursors[i]!++]!;
        buffer.push(line);
        pending += line.length + 1;
        left--;
      }
    }
    if (buffer.length > 2000) {
      emit(`${buffer.join('\n')}\n`);
      buffer = [];
      pending = 0;
    }
  }
  if (buffer.length > 0) emit(`${buffer.join('\n')}\n`);
  return written;
}

export function generateSendLogText(options: GenerateOptions): string {
  const parts: string[] = [];
  generateSendLog(options, (chunk) => parts.push(chunk));
  return parts.join('');
}
