// Types shared by every layer of the engine: what parsers extract, what rules return,
// and the public finding contract (../shared/knowledge/catalogue.md).

export type Lang = 'en' | 'ja';
export type Severity = 'error' | 'warning' | 'info';
export type EvidenceSource = 'event' | 'smtp' | 'queue' | 'certificate' | 'connector' | 'pem' | 'log';
export type StepKind = 'check' | 'fix' | 'verify' | 'collect';

/** A localisable message: a key in locales/<lang>/*.json and its parameters. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

// ---------------------------------------------------------------- extracted facts

export interface EventRecord {
  eventId: number;
  source?: string;
  logName?: string;
  level?: string;
  taskCategory?: string;
  computer?: string;
  description: string;
}

export interface SmtpResponse {
  /** Three-digit basic code, e.g. 454. */
  code: number;
  /** Enhanced status code, e.g. "4.7.0". */
  enhanced?: string;
  /** The response text after the codes, trimmed. */
  text: string;
  /** TLS chain status token if the response names one (UntrustedRoot, PartialChain, …). */
  chainStatus?: string;
  /** The line it was found on (trimmed, for evidence). */
  line: string;
  /**
   * What the response is known to mean, whatever language the paste was in. 'tls-channel' =
   * "Failed to establish appropriate TLS channel" (KB 2888788), also recognised in the Japanese
   * KB wordings, whose `text` is then replaced by the English wording.
   */
  kind?: SmtpResponseKind;
  /** Where it was found: a queue LastError (LED) or a non-delivery report. */
  context?: 'queue' | 'ndr';
  /** Found inside the text of another response (`… responded with: "421 4.2.1 …"`, `LED=451 … -> 421 …`). */
  nested?: boolean;
  /** The NDR's "Generating server:" when the response came from an NDR. */
  generatingServer?: string;
}

export type SmtpResponseKind = 'tls-channel';

export interface QueueError {
  led: string;
  msg?: string;
  fqdn?: string;
  ip?: string;
  lrt?: string;
  /** Queue identity / NextHopDomain when the `| fl` block around it shows them. */
  identity?: string;
  nextHopDomain?: string;
}

export type CertificateForm = 'list' | 'table';

export interface ExchangeCertificate {
  form: CertificateForm;
  thumbprint: string;
  /** Service names, upper-case: IMAP, POP, UM, IIS, SMTP, FEDERATION, UMCALLROUTER. Empty = None. */
  services: string[];
  subject?: string;
  /** True when the table view cut the subject short ("..."). */
  subjectTruncated?: boolean;
  issuer?: string;
  certificateDomains?: string[];
  rootCAType?: string;
  status?: string;
  isSelfSigned?: boolean;
  hasPrivateKey?: boolean;
  friendlyName?: string;
  /** As printed (server locale). */
  notAfterText?: string;
  notBeforeText?: string;
  /** ISO 8601 when the printed date could be read unambiguously enough. */
  notAfter?: string;
  notBefore?: string;
  serialNumber?: string;
}

export interface SendConnector {
  name?: string;
  identity?: string;
  tlsCertificateName?: string;
  fqdn?: string;
  requireTLS?: boolean;
  tlsAuthLevel?: string;
  tlsDomain?: string;
  smartHosts?: string[];
  cloudServicesMailEnabled?: boolean;
  addressSpaces?: string[];
  sourceTransportServers?: string[];
  dnsRoutingEnabled?: boolean;
  ignoreStartTls?: boolean;
  enabled?: boolean;
}

export interface PemCertificate {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  notBefore: string;
  notAfter: string;
  /** SHA-1 of the DER, upper-case hex, as Exchange shows a thumbprint. */
  thumbprint: string;
  serialNumber: string;
  isSelfSigned: boolean;
  keyAlgorithm: 'rsa' | 'ec' | 'other';
  /** Position in the pasted chain, 0 = first. */
  index: number;
}

export interface PemChainVerdict {
  /** The chain verifies up to a root in Node's public root store. */
  publiclyTrusted: boolean;
  /** Why not, in a short machine word: 'untrusted-root' | 'incomplete' | 'expired' | 'unparsable' | 'ok'. */
  reason: string;
}

/** Everything the parsers found. Arrays are empty, never undefined. JSON-serialisable. */
export interface Extracted {
  events: EventRecord[];
  smtpResponses: SmtpResponse[];
  queueErrors: QueueError[];
  certificates: ExchangeCertificate[];
  sendConnectors: SendConnector[];
  pemCertificates: PemCertificate[];
  pemChain?: PemChainVerdict;
  // New parsers add their own typed arrays here (receive connectors, protocol logs, …),
  // and an empty default in emptyExtracted() (src/diagnosis/extracted.ts).
}

// ---------------------------------------------------------------- rule output

export interface Evidence {
  source: EvidenceSource;
  text: string;
}

export interface RuleStep {
  kind: StepKind;
  title: Message;
  command?: string;
}

export interface RuleNeed {
  what: Message;
  command: string;
}

/** What a rule returns: ids and data; the words are rendered later in the user's language. */
export interface RuleFinding {
  id: string;
  confidence: number;
  /** Parameters for the title/summary messages `finding.<id>.title` / `.summary`. */
  params?: Record<string, string | number>;
  /** Overrides the default summary message (e.g. a variant for a partial paste). */
  summary?: Message;
  evidence: Evidence[];
  steps: RuleStep[];
  needs: RuleNeed[];
  /** Machine-readable values the rule decided on (thumbprints, names) for tests and cards. */
  data?: Record<string, unknown>;
}

// ---------------------------------------------------------------- public contract

export interface Step {
  kind: StepKind;
  title: string;
  command?: string;
}

export interface Need {
  what: string;
  command: string;
}

export interface Finding {
  id: string;
  title: string;
  summary: string;
  severity: Severity;
  confidence: number;
  evidence: Evidence[];
  steps: Step[];
  needs: Need[];
  sources: string[];
  data?: Record<string, unknown>;
}

export interface Diagnosis {
  findings: Finding[];
  extracted: Extracted;
  /** Rules that threw: reported, never fatal. */
  ruleErrors?: { rule: string; message: string }[];
}
