// The rule registry. Adding a rule is adding `<id>.ts`, `<id>.fixtures.ts` and one line here.
import { hasKey, LANGS } from '../../i18n';
import type { Rule } from '../defineRule';
import { checkRegistry } from '../ranking';
import { rule as receiveConnectorTlsCertNameStale } from './receive-connector-tlscertname-stale';
import { rule as connectorFqdnNoMatchingCert } from './connector-fqdn-no-matching-cert';
import { rule as certExpired } from './cert-expired';
import { rule as internalTransportCertProblem } from './internal-transport-cert-problem';
import { rule as smtpConnectivity } from './smtp-connectivity';
import { rule as notTlsRelated } from './not-tls-related';
import { rule as starttlsNotOffered } from './starttls-not-offered';
import { rule as exoSubjectMismatch } from './exo-subject-mismatch';
import { rule as incompleteChain } from './incomplete-chain';
import { rule as rootCaNotTrusted } from './root-ca-not-trusted';
import { rule as noTrustedCertForHybrid } from './no-trusted-cert-for-hybrid';
import { rule as unrecognized } from './unrecognized';
import { rule as untrustedCertOnSmtp } from './untrusted-cert-on-smtp';
import { rule as noPrivateKey } from './no-private-key';
import { rule as certNotEnabledForSmtp } from './cert-not-enabled-for-smtp';
import { rule as sendConnectorTlsCertNameNotFound } from './send-connector-tlscertname-not-found';
import { rule as tenantAttributionCertMismatch } from './tenant-attribution-cert-mismatch';
import { rule as tenantInboundAttribution } from './tenant-inbound-attribution';
import { rule as attr36CertDomainNotAccepted } from './attr36-cert-domain-not-accepted';
import { rule as certTaggedByConnector } from './cert-tagged-by-connector';
import { rule as hcwRequireTlsTlsCertName } from './hcw-requiretls-tlscertname';
import { rule as tls12Disabled } from './tls12-disabled';
import { rule as legacyTlsRejected } from './legacy-tls-rejected';
import { rule as clientNotUsingStarttls } from './client-not-using-starttls';

const registry: readonly Rule[] = [
  untrustedCertOnSmtp,
  noTrustedCertForHybrid,
  // catalogue rules: one line each
  clientNotUsingStarttls,
  legacyTlsRejected,
  tls12Disabled,
  hcwRequireTlsTlsCertName,
  certTaggedByConnector,
  noPrivateKey,
  certNotEnabledForSmtp,
  sendConnectorTlsCertNameNotFound,
  tenantAttributionCertMismatch,
  tenantInboundAttribution,
  attr36CertDomainNotAccepted,
  receiveConnectorTlsCertNameStale,
  connectorFqdnNoMatchingCert,
  starttlsNotOffered,
  exoSubjectMismatch,
  incompleteChain,
  rootCaNotTrusted,
  certExpired,
  internalTransportCertProblem,
  smtpConnectivity,
  notTlsRelated,
  unrecognized,
];

export const rules: readonly Rule[] = registry;

checkRegistry(rules, (key) => LANGS.filter((lang) => !hasKey(lang, key)));
