// The runbook checker (issue 13 §3): the rules every Exchange expert keeps, as executable checks
// of a finished finding against the organisation model. Pure. The engine runs it on every
// answer: a step that breaks one is dropped and reported as a rule defect (never shown); the
// tests run it over every fixture and over fuzzed organisations and expect nothing.
import { t } from '../i18n';
import { hasEdge, isInternalName, onlyExchange2010, type Organisation } from './organisation';
import type { RuleFinding, RuleStep } from './types';

export type Invariant =
  | 'internal-name-in-request'
  | 'removes-certificate-in-use'
  | 'tlscertificatename-on-2010'
  | 'retry-queue-with-only-5xx'
  | 'edge-without-edgesync'
  | 'empty-value'
  | 'per-server-without-server'
  | 'pipes-every-hybrid-connector'
  | 'message-trace-v1'
  | 'enable-with-force'
  | 'cer-imported-elsewhere';

export interface Violation {
  invariant: Invariant;
  /** Index in finding.steps, or -1 for a need. */
  step: number;
  command?: string;
}

const THUMBPRINT_ARG = /-Thumbprint\s+'?([0-9A-Fa-f]{40})'?/;
const DOMAIN_NAMES = /-DomainName\s+((?:'[^']{0,300}'\s*,\s*){0,50}'[^']{0,300}'|[^\s;|]{1,300})/i;
const SUBJECT_CN = /-SubjectName\s+'?CN=([^,';\s]{1,300})/i;
const EMPTY_ARGUMENT = /\s-[A-Za-z]{2,60}\s+''(?=\s|;|\)|$)/;
const HOLLOW_TEXT = /\(-\)|look for -|\bof {2}on\b/i;
const CERTIFICATE_CMDLET = /^(?:Enable|Import|Remove|New)-ExchangeCertificate\b/i;
const PIN_VALUE = /-TlsCertificateName\s+(\S{1,20})/i;
const CONNECTOR_IDENTITY = /Set-(?:Send|Receive)Connector\s{1,20}-Identity\s{1,20}'((?:[^']|''){1,256})'/i;
const SERVER_ARG = /-Server\s+'((?:[^']|''){1,64})'/i;
const V1_TRACE = /Get-MessageTrace(?:Detail)?(?!V2)\b/i;

export const patterns: RegExp[] = [THUMBPRINT_ARG, DOMAIN_NAMES, SUBJECT_CN, EMPTY_ARGUMENT, HOLLOW_TEXT, CERTIFICATE_CMDLET, PIN_VALUE, CONNECTOR_IDENTITY, SERVER_ARG, V1_TRACE];

/** The statements of a command line: split where PowerShell ends one (`;`, a line break, a pipe). */
function statements(command: string): string[] {
  return command.split(/[;\n|]/);
}

/** Whether one statement calls `cmdlet` with `parameter` after it (string scans: no backtracking). */
function callsWith(command: string, cmdlet: string, parameter: RegExp): boolean {
  const name = cmdlet.toLowerCase();
  return command.split(/[;\n]/).some((statement) => {
    const at = statement.toLowerCase().indexOf(name);
    return at >= 0 && parameter.test(statement.slice(at + name.length));
  });
}

/** Certificate cmdlets called at the start of a statement or of a script block, with their arguments. */
function certificateCalls(command: string): { cmdlet: string; args: string }[] {
  const calls: { cmdlet: string; args: string }[] = [];
  for (const statement of statements(command)) {
    for (const start of statement.split('{')) {
      const text = start.trimStart();
      const cmdlet = CERTIFICATE_CMDLET.exec(text)?.[0];
      if (cmdlet) calls.push({ cmdlet, args: text.slice(cmdlet.length) });
    }
  }
  return calls;
}

function requestedNames(command: string): string[] {
  if (!/New-ExchangeCertificate/i.test(command) || !/-GenerateRequest/i.test(command)) return [];
  const names: string[] = [];
  const domains = DOMAIN_NAMES.exec(command);
  if (domains) for (const part of domains[1]!.split(',')) names.push(part.trim().replace(/^'|'$/g, ''));
  const cn = SUBJECT_CN.exec(command);
  if (cn) names.push(cn[1]!);
  // A variable ($env:COMPUTERNAME) is the server's own name: internal by definition.
  return names.filter((n) => n.length > 0);
}

function isVariable(name: string): boolean {
  return name.startsWith('$');
}

/** Connectors a step before `index` re-pins or clears (so removing what they pinned is safe). */
function repinnedBefore(steps: RuleStep[], index: number): Set<string> {
  const found = new Set<string>();
  for (const step of steps.slice(0, index)) {
    for (const statement of (step.command ?? '').split(/[;\n]/)) {
      const match = CONNECTOR_IDENTITY.exec(statement);
      if (match && /-TlsCertificateName\b/i.test(statement.slice(match.index + match[0].length))) {
        found.add(match[1]!.replace(/''/g, "'").toLowerCase());
      }
    }
  }
  return found;
}

function removalViolates(org: Organisation, steps: RuleStep[], index: number, command: string): boolean {
  if (!/Remove-ExchangeCertificate/i.test(command)) return false;
  const thumbprint = THUMBPRINT_ARG.exec(command)?.[1]?.toUpperCase();
  if (!thumbprint) return false;
  if (org.servers.some((s) => s.internalTransportThumbprint === thumbprint)) return true;
  const cert = org.certificates.find((c) => c.thumbprint.toUpperCase() === thumbprint);
  if (!cert) return false;
  const repinned = repinnedBefore(steps, index);
  return cert.inUse.some((use) => {
    switch (use.kind) {
      case 'internal-transport':
      case 'exchange-auth':
      case 'default-self-signed':
      case 'secure-mail':
        return true;
      case 'iis':
        // Its IIS binding is in use unless another certificate already serves IIS (a renewal).
        return !org.certificates.some((c) => c.thumbprint.toUpperCase() !== thumbprint && c.classified.cert.services.includes('IIS'));
      case 'pinned':
        // Exchange Online pins are names, never this certificate; on-premises pins count unless re-pinned first.
        // The pin still finds another certificate (a renewal with the same issuer and subject): safe.
        return !repinned.has(use.pin.connector.toLowerCase()) && use.pin.matches.every((t) => t.toUpperCase() === thumbprint);
      default:
        return false;
    }
  });
}

function perServerViolates(org: Organisation, command: string): boolean {
  const exchangeServers = org.servers.filter((s) => s.role !== 'edge');
  if (exchangeServers.length < 2) return false;
  for (const { args } of certificateCalls(command)) {
    if (/-Server\b/i.test(args)) continue;
    // The internal transport recipe names the server itself ($env:COMPUTERNAME); a loop passes it.
    if (/\$env:COMPUTERNAME|\$_/i.test(args)) continue;
    return true;
  }
  return false;
}

function commandViolations(org: Organisation, finding: RuleFinding, command: string, index: number): Invariant[] {
  const found: Invariant[] = [];
  const steps = finding.steps;
  if (requestedNames(command).some((n) => isVariable(n) || isInternalName(n))) found.push('internal-name-in-request');
  if (index >= 0 && removalViolates(org, steps, index, command)) found.push('removes-certificate-in-use');
  if (onlyExchange2010(org) && /Set-(?:Send|Receive)Connector|Set-HybridConfiguration/i.test(command)) {
    const value = PIN_VALUE.exec(command)?.[1];
    if (value && !/^\$null\b/i.test(value)) found.push('tlscertificatename-on-2010');
  }
  if (/\bRetry-Queue\b/i.test(command) && org.responses.permanent && !org.responses.transient) found.push('retry-queue-with-only-5xx');
  if (EMPTY_ARGUMENT.test(command) || HOLLOW_TEXT.test(command)) found.push('empty-value');
  if (index >= 0 && perServerViolates(org, command)) found.push('per-server-without-server');
  if (org.hybridSendConnector && /Where-Object \{\$_\.CloudServicesMailEnabled\} \| Set-SendConnector/i.test(command)) found.push('pipes-every-hybrid-connector');
  if (V1_TRACE.test(command)) found.push('message-trace-v1');
  if (callsWith(command, 'Enable-ExchangeCertificate', /-Force\b/i)) found.push('enable-with-force');
  if (callsWith(command, 'Import-ExchangeCertificate', /-Server\b/i) && /\.cer'/i.test(command) && !/-Password\b/i.test(command)) {
    // Completing a request on the server that made it is how a .cer is meant to be imported.
    const target = SERVER_ARG.exec(command)?.[1]?.toLowerCase();
    const requested = steps.slice(0, Math.max(index, 0)).some((s) => callsWith(s.command ?? '', 'New-ExchangeCertificate', /-GenerateRequest/i) && SERVER_ARG.exec(s.command ?? '')?.[1]?.toLowerCase() === target);
    if (!requested) found.push('cer-imported-elsewhere');
  }
  return found;
}

const HOLE = '\u0000';

/** A message that would show an empty or '-' value where its text names a parameter. */
function hollowMessage(message: { key: string; params?: Record<string, string | number> }): boolean {
  const empty = Object.entries(message.params ?? {}).filter(([, v]) => typeof v === 'string' && (v.trim() === '' || v.trim() === '-'));
  if (empty.length === 0) return false;
  const marked = { ...message.params, ...Object.fromEntries(empty.map(([k]) => [k, HOLE])) };
  return t('en', message.key, marked).includes(HOLE) || t('ja', message.key, marked).includes(HOLE);
}

/** Every invariant the finding breaks, step by step. */
export function runbookViolations(org: Organisation, finding: RuleFinding): Violation[] {
  const violations: Violation[] = [];
  finding.steps.forEach((step, index) => {
    const command = step.command ?? '';
    for (const invariant of commandViolations(org, finding, command, index)) violations.push({ invariant, step: index, command });
    if (hollowMessage(step.title)) violations.push({ invariant: 'empty-value', step: index, ...(step.command ? { command } : {}) });
  });
  finding.needs.forEach((need) => {
    for (const invariant of commandViolations(org, finding, need.command, -1)) {
      if (invariant === 'empty-value' || invariant === 'message-trace-v1') violations.push({ invariant, step: -1, command: need.command });
    }
    if (hollowMessage(need.what)) violations.push({ invariant: 'empty-value', step: -1, command: need.command });
  });
  if (hasEdge(org) && !onlyExchange2010(org)) {
    const changes = finding.steps.findIndex((s) => /Set-SendConnector\b/i.test(s.command ?? '') && /-TlsCertificateName|-Fqdn/i.test(s.command ?? ''));
    if (changes >= 0 && !finding.steps.some((s) => /Start-EdgeSynchronization/i.test(s.command ?? ''))) {
      violations.push({ invariant: 'edge-without-edgesync', step: changes, ...(finding.steps[changes]!.command ? { command: finding.steps[changes]!.command! } : {}) });
    }
  }
  return violations;
}

/** The finding without the steps (and needs) that break an invariant, and what was dropped. */
export function enforceRunbook(org: Organisation, finding: RuleFinding): { finding: RuleFinding; violations: Violation[] } {
  const violations = runbookViolations(org, finding);
  if (violations.length === 0) return { finding, violations };
  const badSteps = new Set(violations.filter((v) => v.step >= 0).map((v) => v.step));
  const badNeeds = new Set(violations.filter((v) => v.step < 0).map((v) => v.command));
  return {
    finding: {
      ...finding,
      steps: finding.steps.filter((_, i) => !badSteps.has(i)),
      needs: finding.needs.filter((n) => !badNeeds.has(n.command)),
    },
    violations,
  };
}
