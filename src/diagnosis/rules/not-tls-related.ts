// Failures that look like mail-flow trouble but have nothing to do with TLS or certificates:
// IP reputation and block lists, SMTP AUTH, the wrong Exchange Online region (ATTR35), PRX5, and
// internal Exchange authentication (454 4.7.0 Temporary authentication failure, event 1035).
// Only read-only checks and where to go next: never a certificate or connector change.
import { RUNBOOK_KEYS } from '../steps';
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection, type Grade } from '../defineRule';
import { mentionsEvent } from '../facts';
import type { Facts } from '../rule';
import { linesMatching } from '../receiveSide';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const ID = 'not-tls-related';
const key = (name: string): string => `finding.${ID}.${name}`;

const REPUTATION = /\b5\.7\.6(?:0[6-9]|[1-4]\d)\b|\b4\.7\.[56]\d\d\b|\bS3[01]\d0\b|part of their network is on our block list|\b5\.7\.7(?:0[5-8]|50)\b|banned sending IP|traffic not accepted from this IP|blocked using (?:Spamhaus|Barracuda|SpamCop|zen\.|b\.barracudacentral)|\bSpamhaus\b|listed (?:at|on|in) (?:Spamhaus|Barracuda|SpamCop)/i;
const SMTP_AUTH = /\b5\.7\.57\b|\b5\.7\.3 Authentication unsuccessful|\b504 5\.7\.4 Unrecognized authentication type|\b535 5\.7\.3\b|\b5\.7\.139\b|SmtpClientAuthentication is disabled|basic authentication is disabled|Client not authenticated to send mail/i;
const REGION = /\b4\.4\.62\b|\bATTR35\b|wrong Office 365 region|間違った ?Office 365 ?リージョン/i;
const PRX5 = /\bPRX\d\b/;
const INTERNAL_AUTH = /454 4\.7\.0 Temporary authentication failure|Inbound authentication failed/i;
const IP = /\[(\d{1,3}(?:\.\d{1,3}){3})\]/;
const BANNED_IP = /banned sending IP \[(\d{1,3}(?:\.\d{1,3}){3})\]/i;
const TENANT_BAN = /\b5\.7\.7(?:0[5-8]|50)\b/;
const MICROSOFT_BAN = /\b5\.7\.6(?:0[6-9]|[1-4]\d)\b|banned sending IP|part of their network is on our block list|\bS3[01]\d0\b/i;
const THIRD_PARTY_LIST = /Spamhaus|Barracuda|SpamCop|zen\.|b\.barracudacentral/i;
const MAILBOX = [/MAIL FROM: ?<([\w.+-]+@[\w.-]+)>/i, /Sender(?:Address)? *: *([\w.+-]+@[\w.-]+)/, /-From +['"]?([\w.+-]+@[\w.-]+)/i];
const RECIPIENT_DOMAIN = /@([\w-]+(?:\.[\w-]+)+)/;

// Event 1035 for a client connector with LogonDenied: users' (or an attacker's) passwords, not servers.
const CLIENT_LOGON_DENIED = /with error LogonDenied for (?:Receive connector )?Client /i;

/** `<tenant>.mail.onmicrosoft.com`: found by its suffix, then the label before it read backwards. */
function onMicrosoftDomain(text: string): string | undefined {
  const lower = text.toLowerCase();
  const at = lower.indexOf('.mail.onmicrosoft.com');
  if (at <= 0 || lower.length !== text.length) return undefined;
  let start = at;
  while (start > 0 && at - start < 63 && /[a-z0-9-]/.test(lower[start - 1]!)) start--;
  return start < at ? lower.slice(start, at + '.mail.onmicrosoft.com'.length) : undefined;
}

type Category = 'reputation' | 'smtpAuth' | 'region' | 'prx5' | 'internalAuth' | 'clientLogon';

const ORDER: [Category, RegExp, Grade][] = [
  ['reputation', REPUTATION, ['named', 3]],
  ['smtpAuth', SMTP_AUTH, ['named', 3]],
  ['region', REGION, ['named', 2]],
  ['prx5', PRX5, ['named', 1]],
  ['internalAuth', INTERNAL_AUTH, ['named', 1]],
];

function detect(facts: Facts): { category: Category; lines: string[]; strength: Grade } | undefined {
  for (const [category, pattern, strength] of ORDER) {
    const lines = linesMatching(facts, pattern);
    if (lines.length > 0) {
      if (category === 'internalAuth' && CLIENT_LOGON_DENIED.test(facts.text) && !/454 4\.7\.0 Temporary authentication failure/i.test(facts.text)) {
        return { category: 'clientLogon', lines: linesMatching(facts, CLIENT_LOGON_DENIED), strength: ['named', 1] };
      }
      const boosted: Grade = category === 'internalAuth' && facts.text.includes('1035') && mentionsEvent(facts, 1035) && /454 4\.7\.0 Temporary authentication failure/i.test(facts.text) ? ['corroborated', 2] : strength;
      return { category, lines, strength: boosted };
    }
  }
  if (facts.text.includes('1035') && mentionsEvent(facts, 1035) && /authentication failed|認証/i.test(facts.text)) {
    return { category: 'internalAuth', lines: linesMatching(facts, /1035/).slice(0, 1), strength: ['named', 1] };
  }
  return undefined;
}

function checksFor(category: Category, facts: Facts): { steps: RuleStep[]; needs: RuleNeed[]; data: Record<string, unknown> } {
  const steps: RuleStep[] = [];
  const needs: RuleNeed[] = [];
  const data: Record<string, unknown> = { category };
  if (category === 'reputation') {
    const lines = linesMatching(facts, REPUTATION).join('\n');
    // The banned sending IP the NDR names, not the Microsoft front end that generated it.
    const ip = BANNED_IP.exec(lines)?.[1] ?? IP.exec(lines)?.[1];
    data.ip = ip ?? null;
    const tenantBan = TENANT_BAN.test(lines);
    data.tenantBan = tenantBan;
    if (tenantBan) {
      // 5.7.705 / 5.7.708 / 5.7.750: the tenant (or its traffic) is blocked; the delist portal does not apply.
      steps.push({ kind: 'check', title: { key: key('step.tenantBlocked') } });
    } else if (ip) {
      if (MICROSOFT_BAN.test(lines)) steps.push({ kind: 'check', title: { key: key('step.delistPortal'), params: { ip } } });
      if (THIRD_PARTY_LIST.test(lines)) steps.push({ kind: 'check', title: { key: key('step.blocklists'), params: { ip } } });
      if (!MICROSOFT_BAN.test(lines) && !THIRD_PARTY_LIST.test(lines)) steps.push({ kind: 'check', title: { key: key('step.delistPortal'), params: { ip } } });
    } else {
      needs.push({ what: { key: key('need.bannedIp') }, command: commands.sendConnectorRouting() });
    }
    steps.push({ kind: 'check', title: { key: key('step.outboundSpam') } });
  } else if (category === 'smtpAuth') {
    const mailbox = MAILBOX.map((pattern) => pattern.exec(facts.text)?.[1]).find(Boolean)?.replace(/\.$/, '').slice(0, 254);
    data.mailbox = mailbox ?? null;
    steps.push({ kind: 'check', title: { key: key('step.smtpAuthTenant') }, command: commands.smtpAuthTenantSetting() });
    if (mailbox) steps.push({ kind: 'check', title: { key: key('step.smtpAuthMailbox'), params: { mailbox } }, command: commands.smtpAuthMailboxSetting(mailbox) });
    else needs.push({ what: { key: key('need.mailbox') }, command: commands.smtpAuthDisabledMailboxes() });
    steps.push({ kind: 'check', title: { key: key('step.credentials') } });
  } else if (category === 'region' || category === 'prx5') {
    const domain = onMicrosoftDomain(facts.text) ?? RECIPIENT_DOMAIN.exec(facts.text)?.[1]?.slice(0, 255);
    data.domain = domain ?? null;
    if (domain) steps.push({ kind: 'check', title: { key: key('step.mx'), params: { domain } }, command: commands.resolveMx(domain) });
    steps.push({ kind: 'check', title: { key: key('step.routing') }, command: commands.sendConnectorRouting() });
    steps.push({ kind: 'check', title: { key: key(category === 'region' ? 'step.regionEndpoint' : 'step.prx5') } });
  } else if (category === 'clientLogon') {
    steps.push({ kind: 'check', title: { key: key('step.event1035Sources') }, command: commands.authenticationEvents() });
    steps.push({ kind: 'check', title: { key: key('step.passwordSpray') } });
  } else {
    steps.push({ kind: 'check', title: { key: key('step.event1035') }, command: commands.authenticationEvents() });
    steps.push({ kind: 'check', title: { key: key('step.receiveAuth') }, command: commands.receiveConnectorAuth() });
    steps.push({ kind: 'check', title: { key: key('step.secureChannel') }, command: commands.secureChannel() });
  }
  steps.push({ kind: 'check', title: { key: key('step.noCertificateChange') } });
  return { steps, needs, data };
}

export const rule = defineRule({
  meta: {
    sharedKeys: [...RUNBOOK_KEYS, 'finding.not-tls-related.step.tenantBlocked', 'finding.not-tls-related.need.bannedIp'],
    id: ID,
    title: 'A recognised failure that is not about TLS or certificates',
    severity: 'info',
    sources: [
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online',
      'https://learn.microsoft.com/exchange/troubleshoot/email-delivery/wrong-office-365-region-exo',
      'https://learn.microsoft.com/exchange/clients-and-mobile-in-exchange-online/authenticated-client-smtp-submission',
      'https://sender.office.com/',
    ],
    identifiers: { events: [1035], smtpCodes: ['454', '4.7.0', '5.7.606', '5.7.57', '5.7.139'], words: ['ATTR35', 'PRX5', 'Temporary authentication failure'] },
    keys: [
      'need.mailbox',
      'step.blocklists',
      'step.credentials',
      'step.delistPortal',
      'step.event1035',
      'step.event1035Sources',
      'step.mx',
      'step.noCertificateChange',
      'step.outboundSpam',
      'step.passwordSpray',
      'step.prx5',
      'step.receiveAuth',
      'step.regionEndpoint',
      'step.routing',
      'step.secureChannel',
      'step.smtpAuthMailbox',
      'step.smtpAuthTenant',
      'summary.clientLogon',
      'summary.internalAuth',
      'summary.prx5',
      'summary.region',
      'summary.reputation',
      'summary.smtpAuth',
    ],
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const found = detect(facts);
    if (!found) return null;
    const { steps, needs, data } = checksFor(found.category, facts);
    const evidence: Evidence[] = found.lines.slice(0, 3).map((text) => ({ source: 'smtp', text }));
    return graded<Advice>(found.strength, {
      summary: { key: key(`summary.${found.category}`) },
      evidence,
      steps,
      needs,
      data,
    });
  },
});
