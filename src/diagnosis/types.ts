// Types shared by every layer of the engine: what parsers extract, what rules return,
// and the public finding contract (docs/catalogue.md).

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
  /** The event's date as printed (Date / 日付 / Logged / TimeCreated), server locale. */
  date?: string;
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
  /**
   * Upper-case, 40 hex. '' when the output did not show it and no `-Thumbprint` command above
   * named it (the KB's `| fl friendlyname,services` sample).
   */
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
  /** `fl *` only: `SERVER\THUMBPRINT`, names the server the list came from. */
  identity?: string;
  publicKeySize?: number;
}

export interface SendConnector {
  name?: string;
  identity?: string;
  tlsCertificateName?: string;
  /** The `<I>` and `<S>` halves of tlsCertificateName (tags matched in any case), trimmed. */
  tlsCertificateIssuer?: string;
  tlsCertificateSubject?: string;
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
  /**
   * Position in the paste, 0 = first. `pemCertificates` itself is in chain order: the leaf
   * first, then its issuers found in the paste, then unrelated certificates.
   */
  index: number;
}

export interface PemChainVerdict {
  /** The chain verifies up to a root in Node's public root store. */
  publiclyTrusted: boolean;
  /** Why not, in a short machine word: 'untrusted-root' | 'incomplete' | 'expired' | 'unparsable' | 'ok'. */
  reason: string;
}

// ---- catalogue helper A: protocol logs, EHLO, openssl, Postfix/Exim, EXO connectors

/** One row of an Exchange SmtpSend / SmtpReceive protocol log (CSV). */
export interface ProtocolLogEntry {
  dateTime: string;
  connectorId: string;
  sessionId: string;
  sequenceNumber?: number;
  localEndpoint?: string;
  remoteEndpoint?: string;
  /** `+` connect, `-` disconnect, `>` sent, `<` received, `*` information. */
  event: string;
  data: string;
  context: string;
  /** From the `#Log-type` header, else guessed: receive connector ids are `Server\Name`. */
  direction: 'send' | 'receive' | 'unknown';
  line: string;
}

/** The server's answer to EHLO: which extensions it offered. */
export interface EhloTranscript {
  /** The host name in the first line (`250-mail.contoso.com Hello [1.2.3.4]`). */
  host?: string;
  /** Upper-case extension keywords, e.g. STARTTLS, SIZE, AUTH, X-ANONYMOUSTLS. */
  extensions: string[];
  startTls: boolean;
  /** This EHLO answer came after a completed STARTTLS (STARTTLS is never re-offered then). */
  afterStartTls: boolean;
  form: 'multiline' | 'single-line';
  line: string;
}

export interface OpensslChainCertificate {
  depth: number;
  subject: string;
  issuer: string;
}

/** One `openssl s_client` run (or a TLS client error of the same kind). */
export interface OpensslSession {
  connected: boolean;
  starttls?: string;
  chain: OpensslChainCertificate[];
  verifyCode?: number;
  verifyText?: string;
  protocol?: string;
  cipher?: string;
  /** 'wrong-version-number' | 'not-tls-handshake' | 'no-peer-certificate' | 'starttls-not-found' | 'handshake-failure' | 'unsupported-protocol'. */
  errors: string[];
  line: string;
}

/** A Postfix or Exim log line about a delivery or a TLS event. */
export interface MtaLogEntry {
  mta: 'postfix' | 'exim';
  queueId?: string;
  to?: string;
  /** The remote host (Postfix relay=, host …; Exim H=). */
  host?: string;
  status?: string;
  /** SMTP response quoted in the line, e.g. 451 5.7.3 STARTTLS is required … */
  code?: number;
  enhanced?: string;
  responseText?: string;
  /** 'tls-required-not-offered' | 'ssl-connect-error' | 'untrusted-tls' | 'trusted-tls' | 'verified-tls' | 'anonymous-tls' | 'must-issue-starttls' | 'certificate-verification-failed' | 'tls-error'. */
  tlsEvent?: string;
  /** TLS version named on a TLS connection line (TLSv1.2, TLS1.3 …). */
  tlsVersion?: string;
  line: string;
}

/** Exchange Online `Get-InboundConnector | fl`. */
export interface InboundConnector {
  name?: string;
  connectorType?: string;
  connectorSource?: string;
  enabled?: boolean;
  requireTls?: boolean;
  restrictDomainsToCertificate?: boolean;
  restrictDomainsToIPAddresses?: boolean;
  tlsSenderCertificateName?: string;
  senderDomains: string[];
  senderIPAddresses: string[];
  cloudServicesMailEnabled?: boolean;
}

/** Exchange Online `Get-OutboundConnector | fl`. */
export interface OutboundConnector {
  name?: string;
  connectorType?: string;
  connectorSource?: string;
  enabled?: boolean;
  tlsSettings?: string;
  tlsDomain?: string;
  smartHosts: string[];
  useMXRecord?: boolean;
  recipientDomains: string[];
  routeAllMessagesViaOnPremises?: boolean;
  cloudServicesMailEnabled?: boolean;
  isValidated?: boolean;
}

// ---- catalogue helper B: receive connectors, message traces, certificate chain checks

/** On-premises `Get-ReceiveConnector | fl`. */
export interface ReceiveConnector {
  identity?: string;
  name?: string;
  /** The server part of `Server\Name` identities. */
  server?: string;
  fqdn?: string;
  /** As printed: Tls, Integrated, BasicAuth, BasicAuthRequireTLS, ExchangeServer, ExternalAuthoritative, None. */
  authMechanism: string[];
  requireTLS?: boolean;
  tlsCertificateName?: string;
  tlsDomainCapabilities: string[];
  transportRole?: string;
  bindings: string[];
  permissionGroups: string[];
  enabled?: boolean;
}

/** Exchange Online `Get-MessageTrace | fl` or one `Get-MessageTraceDetail` event. */
export interface MessageTrace {
  form: 'trace' | 'detail';
  status?: string;
  event?: string;
  detail?: string;
  senderAddress?: string;
  recipientAddress?: string;
  messageId?: string;
  date?: string;
  /** SMTP response named in the detail, e.g. 450 / 4.4.317. */
  code?: number;
  enhanced?: string;
  /** The text inside `[Message=…]` (what the remote server or TLS layer said). */
  remoteMessage?: string;
}

/** What a certificate chain check reported, in machine words. */
export type ChainProblem = 'untrusted-root' | 'partial-chain' | 'expired' | 'revoked' | 'revocation-unknown' | 'name-mismatch';

/** One `Test-Certificate` or `certutil -verify` run. */
export interface ChainCheck {
  tool: 'test-certificate' | 'certutil' | 'chain-status';
  /** CERT_TRUST_* tokens as printed. */
  statuses: string[];
  /** HRESULTs as printed, lower-case (0x800b0109). */
  errorCodes: string[];
  problems: ChainProblem[];
  /** The line that says most (the error line), for evidence. */
  line: string;
}

// ---- organisation outputs (issue 13)

/** One server of `Get-ExchangeServer` (table or `| fl`). */
export interface ExchangeServerRecord {
  name: string;
  fqdn?: string;
  /** As printed: Mailbox, Edge, ClientAccess, HubTransport, "Mailbox, ClientAccess, HubTransport" … */
  serverRole?: string;
  edition?: string;
  /** As printed, e.g. "Version 15.2 (Build 1544.4)" (the table may cut it: "Version 15.2 (Bu..."). */
  adminDisplayVersion?: string;
  isEdgeServer?: boolean;
}

/** `Get-HybridConfiguration | fl` (on-premises; not a connector). */
export interface HybridConfigurationRecord {
  sendingTransportServers: string[];
  receivingTransportServers: string[];
  edgeTransportServers: string[];
  /** Exchange 2010 hybrid: TransportServers. */
  transportServers: string[];
  onPremisesSmartHost?: string;
  domains: string[];
  features: string[];
  tlsCertificateName?: string;
  /** Exchange 2010 only. */
  secureMailCertificateThumbprint?: string;
}

/** `Get-TransportService | fl Name,InternalTransportCertificateThumbprint` (Get-TransportServer on 2010). */
export interface TransportServiceRecord {
  name: string;
  internalTransportCertificateThumbprint?: string;
  sendProtocolLogPath?: string;
}

/** `Get-EdgeSubscription` (table or `| fl`). */
export interface EdgeSubscriptionRecord {
  name: string;
  site?: string;
  domain?: string;
}

/** One row of a `Get-Queue` table or `| fl` block that shows LastError. */
export interface QueueRecord {
  identity: string;
  /** The server part of `EX01\7`. */
  server?: string;
  status?: string;
  messageCount?: number;
  nextHopDomain?: string;
  lastError?: string;
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
  protocolLog: ProtocolLogEntry[];
  ehlo: EhloTranscript[];
  opensslSessions: OpensslSession[];
  mtaLog: MtaLogEntry[];
  inboundConnectors: InboundConnector[];
  outboundConnectors: OutboundConnector[];
  receiveConnectors: ReceiveConnector[];
  messageTraces: MessageTrace[];
  chainChecks: ChainCheck[];
  /** Organisation outputs (issue 13): Get-ExchangeServer, Get-HybridConfiguration, Get-TransportService, Get-EdgeSubscription, Get-Queue tables. */
  exchangeServers: ExchangeServerRecord[];
  hybridConfigurations: HybridConfigurationRecord[];
  transportServices: TransportServiceRecord[];
  edgeSubscriptions: EdgeSubscriptionRecord[];
  queues: QueueRecord[];
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

/** What verifyFix (verify.ts) returns and the verify card shows. */
export interface VerifyResult {
  /** The before paste's leading cause is no longer present. */
  resolved: boolean;
  findingId: string;
  stillPresent: boolean;
  /** Causes present after the fix that were not before. */
  newFindings: string[];
  /** What the after paste changed (certificates, connector pins), localised. */
  changes: string[];
}

export interface Diagnosis {
  findings: Finding[];
  extracted: Extracted;
  /** Rules that threw: reported, never fatal. */
  ruleErrors?: { rule: string; message: string }[];
}
