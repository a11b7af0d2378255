// `Get-EdgeSubscription` (table Name / Site / Domain, or `| fl`): the Edge Transport servers this
// organisation replicates its configuration to (EdgeSync).
import type { Parser } from '../rule';
import type { EdgeSubscriptionRecord } from '../types';
import { fieldValue, parseListRecords, presentValue, splitLines } from './listFormat';
import { readTables, uncut } from './table';

export const edgeSubscriptionParser: Parser = {
  name: 'edge-subscription',
  parse(text) {
    if (!/Get-EdgeSubscription|EdgeSubscription|\bSite\b/i.test(text)) return {};
    const found: EdgeSubscriptionRecord[] = [];
    const subscriptionPaste = /Get-EdgeSubscription/i.test(text);
    if (subscriptionPaste) {
      for (const row of readTables(text, ['name', 'site', 'domain'])) {
        const name = row.cells.get('name');
        if (!name) continue;
        const record: EdgeSubscriptionRecord = { name };
        const site = uncut(row.cells.get('site'));
        if (site) record.site = site.value;
        const domain = uncut(row.cells.get('domain'));
        if (domain) record.domain = domain.value;
        found.push(record);
      }
    }
    for (const record of parseListRecords(splitLines(text))) {
      const name = presentValue(fieldValue(record, 'Name'));
      const site = presentValue(fieldValue(record, 'Site'));
      const domain = presentValue(fieldValue(record, 'Domain'));
      const edgeLike = fieldValue(record, 'ObjectClass')?.includes('msExchEdgeSyncServiceConfig') ||
        (subscriptionPaste && site !== undefined && domain !== undefined);
      if (!name || !edgeLike || found.some((f) => f.name === name)) continue;
      found.push({ name, ...(site ? { site } : {}), ...(domain ? { domain } : {}) });
    }
    return { edgeSubscriptions: found.slice(0, 50) };
  },
};
