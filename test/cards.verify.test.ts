import { strict as assert } from 'node:assert';
import { verifyResultCard } from '../src/cards/verifyResultCard';
import { t } from '../src/i18n';

describe('verify result card', () => {
  const outcome = { findingId: 'untrusted-cert-on-smtp', resolved: true, stillPresent: false, newFindings: [], changes: [] };

  it('names the finding in the language of this turn, not the one of the diagnosis', () => {
    for (const lang of ['en', 'ja'] as const) {
      const json = JSON.stringify(verifyResultCard(outcome, { lang }));
      assert.ok(json.includes(t(lang, 'finding.untrusted-cert-on-smtp.title')), lang);
    }
  });

  it('names no finding when nothing was recognised before', () => {
    const json = JSON.stringify(verifyResultCard({ ...outcome, findingId: 'unrecognized', resolved: false }, { lang: 'en' }));
    assert.ok(!json.includes(t('en', 'finding.unrecognized.title')));
  });
});
