// Small shared queries over the facts, so rules read as sentences.
import { clip } from './defineRule';
import { classify, type ClassifiedCertificate } from './certificates';
import type { Facts } from './rule';
import type { EventRecord, Evidence, SendConnector, SmtpResponse } from './types';

export function responsesWith(facts: Facts, code: number, enhanced?: string): SmtpResponse[] {
  return facts.extracted.smtpResponses.filter(
    (r) => r.code === code && (enhanced === undefined || r.enhanced === enhanced),
  );
}

export function eventsWithId(facts: Facts, ...ids: number[]): EventRecord[] {
  return facts.extracted.events.filter((e) => ids.includes(e.eventId));
}

/** Windows event ids named anywhere: parsed events, or "Event ID: 2004" / "イベント ID: 2004" in text. */
export function mentionsEvent(facts: Facts, id: number): boolean {
  if (eventsWithId(facts, id).length > 0) return true;
  return new RegExp(`(?:Event ?ID|イベント ?ID|\\bId)\\s*[:：]?\\s*${id}\\b`, 'i').test(facts.text);
}

const TLS_NEGOTIATION_EN = /TLS negotiation failed with error (\w+)/gi;
const TLS_NEGOTIATION_JA = /エラー\s*(\w+)\s*で\s*TLS\s*ネゴシエーションが失敗しました/g;

/** Error words from "TLS negotiation failed with error X" lines (NoCredentials, UnknownCredentials, SocketError, …). */
export function tlsNegotiationErrors(facts: Facts): string[] {
  const found = new Set<string>();
  for (const pattern of [TLS_NEGOTIATION_EN, TLS_NEGOTIATION_JA]) {
    for (const match of facts.text.matchAll(pattern)) found.add(match[1]!);
  }
  return [...found];
}

export function classifiedCertificates(facts: Facts): ClassifiedCertificate[] {
  return facts.extracted.certificates.map(classify);
}

/** The hybrid (Exchange Online) send connectors, as HealthChecker recognises them. */
export function hybridSendConnectors(facts: Facts): SendConnector[] {
  return facts.extracted.sendConnectors.filter(
    (c) =>
      c.cloudServicesMailEnabled === true ||
      (c.smartHosts ?? []).some((h) => /\.mail\.protection\.outlook\.com$/i.test(h)) ||
      (c.addressSpaces ?? []).some((a) => /\.mail\.onmicrosoft\.com/i.test(a)) ||
      /Office 365|Microsoft 365|Exchange Online/i.test(c.name ?? ''),
  );
}

export function firstLineMatching(facts: Facts, pattern: RegExp): string | undefined {
  for (const line of facts.text.split('\n')) if (pattern.test(line)) return clip(line.trim());
  return undefined;
}

export function responseEvidence(responses: SmtpResponse[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const r of responses) {
    if (seen.has(r.line)) continue;
    seen.add(r.line);
    out.push({ source: 'smtp', text: clip(r.line) });
  }
  return out;
}
