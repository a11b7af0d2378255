// Mocha root hook (loaded through .mocharc.json "require"): after the whole suite, no process group
// a test started (test/support/childProcesses.ts) may still be alive. If one is, it is killed and
// the run fails, naming it.
import { groupMembers, liveGroups, signalGroup } from './childProcesses';

const GRACE_MS = 3000;

export const mochaHooks = {
  async afterAll(this: Mocha.Context): Promise<void> {
    this.timeout(GRACE_MS + 10_000);
    const deadline = Date.now() + GRACE_MS;
    while (liveGroups().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const left = liveGroups();
    if (left.length === 0) return;
    const described = left.map((group) => `${group.label} (process group ${group.pgid}: pids ${groupMembers(group.pgid).join(', ')})`);
    for (const group of left) signalGroup(group.pgid, 'SIGKILL');
    throw new Error(`processes started by the tests were still running after the suite (now killed): ${described.join('; ')}`);
  },
};
