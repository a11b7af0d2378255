import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { analyseLogTexts, diagnoseSummary, LogAnalyser } from '../../src/diagnosis/logs';
import { readLogFile } from '../../src/files/readLogFile';
import { ZipRefused } from '../../src/files/zip';
import { generateSendLogText, INTERNAL_THUMBPRINT } from './generateLogs';
import { comparable, splitLog, writeZip } from './sameResult';

const ROOT = path.join(__dirname, '..', '..');
const NOW = new Date('2026-11-27T00:00:00Z');

describe('streaming log analyser', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mfd-logs-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const text = generateSendLogText({ bytes: 1_500_000, failing: 0.03, seed: 5 });

  it('finds KB 2888788 in a send log and names the internal-CA certificate the failing sessions presented', () => {
    const summary = analyseLogTexts([{ name: 'SEND.LOG', text }]);
    assert.ok(summary.failedSessions > 0 && summary.failedSessions < summary.sessions);
    const presented = summary.groups.flatMap((g) => g.sentCertificates.filter((c) => c.failedSessions > 0));
    assert.ok(presented.every((c) => c.thumbprint === INTERNAL_THUMBPRINT));
    assert.ok(summary.groups.some((g) => g.responses['454 4.7.0']));
    assert.ok(summary.failuresPerHour.length > 0);
    const { diagnosis } = diagnoseSummary(summary, { now: NOW });
    assert.equal(diagnosis.findings[0]?.id, 'untrusted-cert-on-smtp');
    assert.ok(diagnosis.extracted.protocolLog.length > 0);
  });

  it('gives the same result for any chunking, split into parts, or zipped in any entry order', async () => {
    const whole = comparable(analyseLogTexts([{ name: 'SEND.LOG', text }]));
    const analyser = new LogAnalyser();
    analyser.startFile('SEND.LOG');
    for (let i = 0, size = 1; i < text.length; i += size, size = (size * 7 + 3) % 9973 || 1) analyser.push(Buffer.from(text.slice(i, i + size)));
    assert.deepEqual(comparable(analyser.finish()), whole);
    const parts = splitLog(text, 3);
    assert.deepEqual(comparable(analyseLogTexts(parts.map((p, i) => ({ name: `SEND-${i}.LOG`, text: p })))), whole);
    const zipA = path.join(dir, 'a.zip');
    const zipB = path.join(dir, 'b.zip');
    await writeZip(zipA, parts, [0, 1, 2], 9);
    await writeZip(zipB, parts, [2, 0, 1], 1);
    assert.deepEqual(comparable((await readLogFile(zipA)).summary), whole);
    assert.deepEqual(comparable((await readLogFile(zipB)).summary), whole);
  });

  it('exposes sessions that received the peer certificate and then failed TLS locally', () => {
    const local = generateSendLogText({ bytes: 400_000, failing: 0, localUntrusted: 0.05, seed: 9 });
    const summary = analyseLogTexts([{ name: 'SEND.LOG', text: local }]);
    const group = summary.groups.find((g) => g.receivedThenFailed > 0);
    assert.ok(group);
    assert.ok(group.tlsErrors.UntrustedRoot! > 0);
    assert.ok(group.receivedCertificates.some((c) => c.subject?.includes('mail.protection.outlook.com') && c.failedSessions > 0));
    const { diagnosis } = diagnoseSummary(summary, { now: NOW });
    const sessions = diagnosis.extracted.protocolLog.filter((e) => /Received certificate/i.test(e.context));
    assert.ok(sessions.length > 0);
  });

  it('counts message tracking FAIL/DEFER by recipient status and keeps HCW errors', () => {
    const tracking = [
      '#Software: Microsoft Exchange Server',
      '#Version: 15.02.1544.004',
      '#Log-type: Message Tracking Log',
      '#Date: 2026-11-26T00:00:00.000Z',
      '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version',
      ...Array.from({ length: 5 }, (_, i) => `2026-11-26T0${i}:10:00.000Z,,EX01,52.101.68.4,contoso-com.mail.protection.outlook.com,,Outbound to Office 365 5a0d,SMTP,FAIL,${i},<m${i}@contoso.com>,,a@contoso.com,550 5.7.64 TenantAttribution; Relay Access Denied SMTP,1000,1,,,subject,b@contoso.com,,,Originating,,,,,Email,,15.02.1544.004`),
      '2026-11-26T05:10:00.000Z,,EX01,,,,Outbound to Office 365 5a0d,SMTP,SEND,9,<ok@contoso.com>,,a@contoso.com,250 2.6.0 queued,1000,1,,,subject,b@contoso.com,,,Originating,,,,,Email,,15.02.1544.004',
    ].join('\n');
    const hcw = [
      '2026.11.26 08:14:03.221 10008 [Client=UX, Page=Updating, Thread=15] START Set-HybridMailflow',
      '2026.11.26 08:14:05.118 10036 [Client=UX, Page=Updating, Thread=15] ERROR:Execution of the Set-HybridMailflow cmdlet had thrown an exception. RequiredTls flag should be set to true if TlsCertificateName is specified.',
      '2026.11.26 08:15:05.118 10036 [Client=UX, Page=Updating, Thread=15] ERROR:Execution of the Set-HybridMailflow cmdlet had thrown an exception. RequiredTls flag should be set to true if TlsCertificateName is specified.',
    ].join('\n');
    const summary = analyseLogTexts([{ name: 'MSGTRK20261126-1.LOG', text: tracking }, { name: 'Hybrid Configuration/HybridConfiguration_11_26_2026.log', text: hcw }]);
    assert.equal(summary.tracking.length, 1);
    assert.equal(summary.tracking[0]!.count, 5);
    assert.equal(summary.failuresPerHour.length, 5);
    assert.equal(summary.hcwErrors.length, 1);
    assert.equal(summary.hcwErrors[0]!.count, 2);
    const ids = diagnoseSummary(summary, { now: NOW }).diagnosis.findings.map((f) => f.id);
    assert.ok(ids.includes('tenant-attribution-cert-mismatch'), ids.join());
    assert.ok(ids.includes('hcw-requiretls-tlscertname'), ids.join());
  });

  it('refuses a zip bomb before inflating it', async () => {
    const bomb = path.join(dir, 'bomb.zip');
    const raw = Buffer.alloc(50 * 1024 * 1024, 'A');
    const deflated = zlib.deflateRawSync(raw, { level: 9 });
    fs.writeFileSync(bomb, zipWith('SEND.LOG', raw.length, deflated, zlib.crc32?.(raw) ?? 0));
    await assert.rejects(readLogFile(bomb), (error: unknown) => error instanceof ZipRefused && error.reason === 'zip-ratio');
  });

  it('the CLI streams a zip of send logs', async () => {
    const zip = path.join(dir, 'cli.zip');
    await writeZip(zip, splitLog(text, 2), [0, 1]);
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), '--json', zip], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout) as { findings: { id: string }[]; logSummary: { sessions: number } };
    assert.equal(out.findings[0]?.id, 'untrusted-cert-on-smtp');
    assert.ok(out.logSummary.sessions > 0);
  });
});

/** A one-entry zip written by hand (the declared sizes are what a bomb lies about). */
function zipWith(name: string, size: number, data: Buffer, crc: number): Buffer {
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc >>> 0, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(size, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc >>> 0, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(size, 24);
  central.writeUInt16LE(fileName.length, 28);
  const centralOffset = local.length + fileName.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + fileName.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, data, central, fileName, end]);
}
