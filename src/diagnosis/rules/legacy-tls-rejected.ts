// `421 4.7.66 TLS 1.0 and 1.1 are not supported. Please upgrade/update your client to support
// TLS 1.2. Visit https://aka.ms/smtp_auth_tls` — a device or application submitting with SMTP
// AUTH to smtp.office365.com uses TLS 1.0/1.1. Not a hybrid connector problem: the client must
// move to TLS 1.2. The opt-in legacy endpoint may or may not still be available (UNCONFIRMED).
import { commands } from '../commands';
import { defineRule } from '../defineRule';
import { firstLineMatching, responsesWith } from '../facts';
import type { Evidence } from '../types';

const SIGNATURE = /TLS 1\.0 and 1\.1 are not supported/i;
const LEGACY_CLIENT_HELLO = /\b(?:TLSv1(?:\.1)?|TLS ?1\.[01]|SSLv3)\b/;

export const patterns: RegExp[] = [SIGNATURE, LEGACY_CLIENT_HELLO];

export const rule = defineRule({
  meta: {
    id: 'legacy-tls-rejected',
    title: 'A client submitting with SMTP AUTH uses TLS 1.0 or 1.1',
    severity: 'warning',
    sources: [
      'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/opt-in-exchange-online-endpoint-for-legacy-tls-using-smtp-auth',
    ],
    identifiers: { smtpCodes: ['421', '4.7.66'], words: ['TLS 1.0 and 1.1 are not supported'] },
    keys: ['step.upgradeClient', 'step.windowsClient', 'step.legacySetting', 'step.legacyEndpoint', 'step.verify'],
  },
  detect(facts) {
    const named = responsesWith(facts, 421, '4.7.66').length > 0 || SIGNATURE.test(facts.text);
    return named ? { status: 'named', strength: 3, data: null } : null;
  },
  advise(_detection, { facts, message }) {
    const evidence: Evidence[] = [{ source: 'smtp', text: firstLineMatching(facts, SIGNATURE) ?? firstLineMatching(facts, /4\.7\.66/) ?? '421 4.7.66' }];
    const protocolLine = firstLineMatching(facts, LEGACY_CLIENT_HELLO);
    if (protocolLine && protocolLine !== evidence[0]!.text) evidence.push({ source: 'log', text: protocolLine });
    return {
      evidence,
      steps: [
        { kind: 'fix', title: message('step.upgradeClient') },
        { kind: 'fix', title: message('step.windowsClient'), command: commands.enableTls12() },
        { kind: 'check', title: message('step.legacySetting'), command: commands.legacyTlsClientsSetting() },
        { kind: 'fix', title: message('step.legacyEndpoint'), command: commands.allowLegacyTlsClients() },
        { kind: 'verify', title: message('step.verify'), command: commands.opensslStarttls('smtp.office365.com', 587) },
      ],
      needs: [],
      data: { endpoint: 'smtp.office365.com', hybridConnectorIssue: false },
    };
  },
});
