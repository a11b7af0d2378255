// KB 3062283: the Hybrid Configuration Wizard fails with `Execution of the Set-HybridMailflow
// cmdlet had thrown an exception. … RequiredTls flag should be set to true if TlsCertificateName
// is specified.` The FQDN chosen for hybrid mail flow is not on a certificate enabled for SMTP.
import { classify, namesOf } from '../certificates';
import { commands } from '../commands';
import { firstLineMatching } from '../facts';
import { defineRule, type Advice } from '../defineRule';
import type { Evidence, RuleNeed, RuleStep } from '../types';

const SIGNATURE = /RequiredTls flag should be set to true if TlsCertificateName is specified/i;

export const patterns: RegExp[] = [SIGNATURE];

export const rule = defineRule({
  meta: {
    id: 'hcw-requiretls-tlscertname',
    title: 'The Hybrid Configuration Wizard failed: the chosen FQDN is not on an SMTP-enabled certificate',
    severity: 'error',
    sources: ['https://learn.microsoft.com/exchange/troubleshoot/hybrid-configuration-wizard-errors/requiredtls-flag-should-be-set-to-true-if-tlscertificatename-is-specified-error'],
    identifiers: { words: ['Set-HybridMailflow', 'RequiredTls flag should be set to true if TlsCertificateName is specified'] },
    keys: ['step.candidates', 'step.enableSmtp', 'step.rerunNamed', 'step.rerun', 'step.verify', 'need.certificates', 'summary.named', 'summary.enableSmtp', 'summary.errorOnly'],
  },
  detect(facts) {
    if (!SIGNATURE.test(facts.text)) return null;
    // With the certificate list the error and the configuration can be read together.
    return facts.extracted.certificates.length > 0 ? { status: 'corroborated', strength: 2, data: null } : { status: 'named', strength: 3, data: null };
  },
  advise(_detection, { facts, key }): Advice {
    const certs = facts.extracted.certificates.map(classify).filter((c) => c.role === 'other' && c.trust !== 'self-signed' && c.trust !== 'internal');
    const withSmtp = certs.filter((c) => c.smtp);
    const withoutSmtp = certs.filter((c) => !c.smtp && c.trust === 'public');
    const evidence: Evidence[] = [{ source: 'log', text: firstLineMatching(facts, SIGNATURE)! }];
    for (const c of [...withSmtp, ...withoutSmtp]) {
      evidence.push({ source: 'certificate', text: `Thumbprint ${c.cert.thumbprint} · Services ${c.cert.services.join(', ') || 'None'} · ${namesOf(c.cert).join(', ')}` });
    }
    const steps: RuleStep[] = [{ kind: 'check', title: { key: key('step.candidates') }, command: commands.hybridCertificateCandidates() }];
    if (withSmtp.length === 0) {
      for (const c of withoutSmtp) {
        steps.push({ kind: 'fix', title: { key: key('step.enableSmtp'), params: { thumbprint: c.cert.thumbprint } }, command: commands.enableSmtp(c.cert.thumbprint, c.cert.services) });
      }
    }
    const domains = Array.from(new Set([...withSmtp, ...withoutSmtp].flatMap((c) => namesOf(c.cert))));
    steps.push({ kind: 'fix', title: { key: key(domains.length ? 'step.rerunNamed' : 'step.rerun'), params: { names: domains.join(', ') || '-' } } });
    steps.push({ kind: 'verify', title: { key: key('step.verify') }, command: commands.hybridSendConnectors() });
    const needs: RuleNeed[] = facts.extracted.certificates.length === 0 ? [{ what: { key: key('need.certificates') }, command: commands.hybridCertificateCandidates() }] : [];
    return {
      params: { names: domains.join(', ') || '-' },
      summary: { key: key(withSmtp.length ? 'summary.named' : withoutSmtp.length ? 'summary.enableSmtp' : 'summary.errorOnly'), params: { names: domains.join(', ') || '-' } },
      evidence,
      steps,
      needs,
      data: { smtpCandidates: withSmtp.map((c) => c.cert.thumbprint), publicWithoutSmtp: withoutSmtp.map((c) => c.cert.thumbprint), names: domains },
    };
  },
});
