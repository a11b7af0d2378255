// The serviceUrl allow-list and the bounded refusal log, as units.
import { strict as assert } from 'node:assert';
import { createLogger } from '../../src/logger';
import { ServiceUrlAllowList } from '../../src/security/serviceUrls';
import { RefusalLog } from '../../src/server/refusalLog';

describe('security: serviceUrl allow-list', () => {
  const defaults = new ServiceUrlAllowList();

  for (const url of [
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/emea/',
    'https://smba.trafficmanager.net/teams/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://smba.infra.gov.teams.microsoft.us/teams',
    'https://smba.infra.dod.teams.microsoft.us/teams',
    'https://directline.botframework.com/',
    'https://europe.directline.botframework.com/',
  ]) {
    it(`allows ${url}`, () => assert.equal(defaults.allows(url), true));
  }

  for (const url of [
    'http://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net:8443/amer/',
    'https://smba.trafficmanager.net.evil.example/',
    'https://evilsmba.trafficmanager.net/',
    'https://botframework.com.evil.example/',
    'https://evil.example/?https://smba.trafficmanager.net/',
    'https://user:pw@smba.trafficmanager.net/amer/',
    'http://127.0.0.1:3979/',
    'not a url',
    '',
  ]) {
    it(`refuses ${JSON.stringify(url)}`, () => assert.equal(defaults.allows(url), false));
  }

  it('ALLOWED_SERVICE_URLS replaces the list: hosts, *.domains and exact origins', () => {
    const list = ServiceUrlAllowList.fromEnv({ ALLOWED_SERVICE_URLS: 'bots.contoso.example, *.fabrikam.example, http://127.0.0.1:3979' });
    assert.equal(list.allows('https://bots.contoso.example/x'), true);
    assert.equal(list.allows('https://eu.fabrikam.example/'), true);
    assert.equal(list.allows('https://fabrikam.example/'), false);
    assert.equal(list.allows('http://127.0.0.1:3979/v3/'), true);
    assert.equal(list.allows('http://127.0.0.1:3980/'), false);
    assert.equal(list.allows('https://smba.trafficmanager.net/amer/'), false, 'the defaults are replaced');
  });

  it('a malformed entry fails at start', () => {
    assert.throws(() => ServiceUrlAllowList.fromEnv({ ALLOWED_SERVICE_URLS: 'https://' }), /ALLOWED_SERVICE_URLS/);
    assert.throws(() => ServiceUrlAllowList.fromEnv({ ALLOWED_SERVICE_URLS: 'bad host/' }), /ALLOWED_SERVICE_URLS/);
  });
});

describe('security: bounded refusal log', () => {
  it('writes at most 10 lines a minute, then says how many it left out', () => {
    const lines: string[] = [];
    let now = 0;
    const log = new RefusalLog(createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } }), { now: () => now });
    for (let i = 0; i < 1000; i++) log.warn({ status: 401 }, 'request refused');
    assert.equal(lines.length, 10);
    now += 60_000;
    log.warn({ status: 401 }, 'request refused');
    assert.equal(lines.length, 11);
    assert.equal((JSON.parse(lines[10]!) as { suppressedBefore?: number }).suppressedBefore, 990);
  });
});
