// Where tickets go: the channel an owner chose with "set escalation channel" (stored), or the one
// the deployment fixes in the environment (ESCALATION_CHANNEL_ID, ESCALATION_SERVICE_URL,
// ESCALATION_TENANT_ID, optional ESCALATION_TEAM_ID / ESCALATION_LANG), which then wins.
import type { Storage } from 'botbuilder';
import type { Lang } from '../diagnosis/types';
import { toLang } from '../i18n';
import type { ExpertChannel } from './types';

const SETTINGS_KEY = 'escalation/expertChannel';
/** Other instances see a changed channel within this time. */
const CACHE_MS = 15_000;

export function expertChannelFromEnv(env: NodeJS.ProcessEnv): ExpertChannel | undefined {
  const channelId = env.ESCALATION_CHANNEL_ID?.trim();
  const serviceUrl = env.ESCALATION_SERVICE_URL?.trim();
  if (!channelId || !serviceUrl) return undefined;
  const tenantId = env.ESCALATION_TENANT_ID?.trim() || undefined;
  const teamId = env.ESCALATION_TEAM_ID?.trim() || undefined;
  const lang: Lang = toLang(env.ESCALATION_LANG) ?? 'en';
  return {
    reference: {
      serviceUrl,
      channelId: 'msteams',
      conversationId: channelId,
      conversationType: 'channel',
      ...(tenantId ? { tenantId } : {}),
      botId: env.MicrosoftAppId?.trim() ? `28:${env.MicrosoftAppId.trim()}` : 'mailflow-doctor',
    },
    teamsChannelId: channelId,
    ...(teamId ? { teamId } : {}),
    ...(tenantId ? { tenantId } : {}),
    lang,
    source: 'environment',
  };
}

export class ExpertChannelSettings {
  private readonly fromEnv: ExpertChannel | undefined;
  private cached: { value: ExpertChannel | undefined; at: number } | undefined;

  constructor(
    private readonly storage: Storage,
    env: NodeJS.ProcessEnv = {},
    private readonly now: () => number = Date.now,
  ) {
    this.fromEnv = expertChannelFromEnv(env);
  }

  /** True when the environment fixes the channel (the chat command cannot change it). */
  get fixedByEnvironment(): boolean {
    return this.fromEnv !== undefined;
  }

  async get(): Promise<ExpertChannel | undefined> {
    if (this.fromEnv) return this.fromEnv;
    if (this.cached && this.now() - this.cached.at < CACHE_MS) return this.cached.value;
    const { channel: value } = await this.stored();
    // Only a configured channel is cached: a channel just set on another instance is seen at once.
    this.cached = value ? { value, at: this.now() } : undefined;
    return value;
  }

  async isConfigured(): Promise<boolean> {
    return (await this.get()) !== undefined;
  }

  /** The stored channel as it is now (no cache), with the eTag to replace it conditionally. */
  async stored(): Promise<{ channel?: ExpertChannel; eTag?: string }> {
    const item = (await this.storage.read([SETTINGS_KEY]))[SETTINGS_KEY] as (ExpertChannel & { eTag?: string }) | undefined;
    if (!item?.reference || !item.teamsChannelId) return {};
    const { eTag, ...channel } = item;
    return { channel, ...(eTag ? { eTag } : {}) };
  }

  /**
   * Stores the channel. Replacing one passes the eTag read with it, so two changes racing cannot
   * both win (the loser's write throws); who may change it is decided by the caller (textCommands).
   */
  async set(channel: ExpertChannel, eTag = '*'): Promise<void> {
    await this.storage.write({ [SETTINGS_KEY]: { ...channel, eTag } });
    this.cached = { value: channel, at: this.now() };
  }
}
