// Nothing decisive was found: say what was extracted and exactly what to run and paste next.
import { commands } from '../commands';
import { defineRule, graded, precomputed, type Advice, type Detection } from '../defineRule';
import type { Facts } from '../rule';
import type { RuleNeed } from '../types';

const ID = 'unrecognized';
const key = (name: string): string => `finding.${ID}.${name}`;

function counts(facts: Facts): Record<string, number> {
  const x = facts.extracted;
  return {
    events: x.events.length,
    responses: x.smtpResponses.length,
    queues: x.queueErrors.length,
    certificates: x.certificates.length,
    connectors: x.sendConnectors.length,
    pems: x.pemCertificates.length,
  };
}

function needsFor(c: Record<string, number>): RuleNeed[] {
  const needs: RuleNeed[] = [];
  if (c.events === 0 && c.responses === 0 && c.queues === 0) {
    needs.push({ what: { key: key('need.queues') }, command: commands.retryQueuesList() });
    needs.push({ what: { key: key('need.events') }, command: commands.transportEvents() });
  }
  if (c.certificates === 0) needs.push({ what: { key: key('need.certificates') }, command: commands.listCertificates() });
  if (c.connectors === 0) needs.push({ what: { key: key('need.connector') }, command: commands.hybridSendConnectors() });
  return needs;
}

export const rule = defineRule({
  meta: {
    id: ID,
    title: 'Nothing decisive was found',
    severity: 'info',
    sources: ['https://learn.microsoft.com/exchange/troubleshoot/email-delivery/mail-flow-stops-event-2004'],
    identifiers: {},
    keys: [
      'need.certificates',
      'need.connector',
      'need.events',
      'need.queues',
      'step.collector',
      'summary.nothing',
      'summary.some',
    ],
    fallback: true,
  },
  advise: precomputed,
  detect(facts): Detection<Advice> | null {
    const c = counts(facts);
    const total = Object.values(c).reduce((a, b) => a + b, 0);
    return graded<Advice>(['looks-resolved', 1], {
      params: c,
      summary: { key: key(total === 0 ? 'summary.nothing' : 'summary.some'), params: c },
      evidence: [],
      steps: [{ kind: 'collect', title: { key: key('step.collector') } }],
      needs: needsFor(c),
      data: { extractedCounts: c },
    });
  },
});
