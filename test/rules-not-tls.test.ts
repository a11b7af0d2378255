// A non-certificate failure must not get certificate- or connector-changing advice from ANY rule,
// not only from the rule that claims it (issue 4). Runs the not-tls-related and smtp-connectivity
// fixtures through the whole engine and checks every finding's commands.
import { strict as assert } from 'node:assert';
import { analyse } from '../src/diagnosis/engine';
import { fixtures as notTls, CHANGES_CERTIFICATES_OR_CONNECTORS } from '../src/diagnosis/rules/not-tls-related.fixtures';
import { fixtures as connectivity } from '../src/diagnosis/rules/smtp-connectivity.fixtures';

const NOW = new Date('2026-11-26T00:00:00Z');

describe('non-TLS failures get no certificate or connector change from any rule', () => {
  for (const fixture of [...notTls.recognise, ...connectivity.recognise]) {
    it(fixture.name, () => {
      const { results } = analyse(fixture.input, { now: NOW });
      for (const { rule, finding } of results) {
        for (const command of [...finding.steps.map((s) => s.command ?? ''), ...finding.needs.map((n) => n.command)]) {
          assert.ok(!CHANGES_CERTIFICATES_OR_CONNECTORS.test(command), `${rule.id} proposes ${command}`);
        }
      }
    });
  }
});
