// With credentials set, the bot sends replies (and its token) only to the Bot Framework / Teams
// service. The default hosts are the ones Microsoft documents for Teams (the public cloud, GCC,
// GCC High, DoD) and the Bot Framework's own channel hosts (Direct Line, Web Chat and their
// regional variants, public and US Government). ALLOWED_SERVICE_URLS replaces the list:
// comma-separated entries, each
//   - a host name (`smba.trafficmanager.net`): https on the default port;
//   - `*.` and a domain (`*.botframework.com`): https, any host under that domain;
//   - an origin (`https://bots.contoso.example:8443`, `http://127.0.0.1:3979`): exactly that scheme, host and port.

export const DEFAULT_SERVICE_URL_HOSTS: readonly string[] = [
  'smba.trafficmanager.net', // Teams, public cloud (regional paths /amer/, /emea/, /apac/, /teams/ …)
  'smba.infra.gcc.teams.microsoft.com', // Teams, GCC
  'smba.infra.gov.teams.microsoft.us', // Teams, GCC High
  'smba.infra.dod.teams.microsoft.us', // Teams, DoD
  '*.botframework.com', // Bot Framework channels (directline, europe.directline, webchat …)
  '*.botframework.azure.us', // Bot Framework channels, US Government
];

type Rule = { kind: 'host'; host: string } | { kind: 'domain'; suffix: string } | { kind: 'origin'; origin: string };

function parseRule(entry: string): Rule {
  const value = entry.trim().toLowerCase();
  if (value.startsWith('*.')) return { kind: 'domain', suffix: value.slice(1) };
  if (/^https?:\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new Error(`ALLOWED_SERVICE_URLS: "${entry.trim()}" is not a URL`);
    }
    return { kind: 'origin', origin: url.origin };
  }
  if (!/^[a-z0-9.-]+$/.test(value)) throw new Error(`ALLOWED_SERVICE_URLS: "${entry.trim()}" is not a host name, *.domain or origin`);
  return { kind: 'host', host: value };
}

export class ServiceUrlAllowList {
  private readonly rules: Rule[];

  constructor(entries: readonly string[] = DEFAULT_SERVICE_URL_HOSTS) {
    this.rules = entries.map((entry) => entry.trim()).filter(Boolean).map(parseRule);
  }

  /** From ALLOWED_SERVICE_URLS; the documented Microsoft hosts when it is unset or blank. */
  static fromEnv(env: NodeJS.ProcessEnv): ServiceUrlAllowList {
    const raw = (env.ALLOWED_SERVICE_URLS ?? '').trim();
    return new ServiceUrlAllowList(raw === '' ? DEFAULT_SERVICE_URL_HOSTS : raw.split(','));
  }

  allows(serviceUrl: string | undefined): boolean {
    if (!serviceUrl) return false;
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    const https = url.protocol === 'https:' && url.port === '';
    return this.rules.some((rule) => {
      if (rule.kind === 'origin') return url.origin === rule.origin;
      if (!https) return false;
      return rule.kind === 'host' ? url.hostname === rule.host : url.hostname.endsWith(rule.suffix) && url.hostname.length > rule.suffix.length;
    });
  }
}
