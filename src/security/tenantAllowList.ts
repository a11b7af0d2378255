// ALLOWED_TENANTS: only these Microsoft Entra tenants may use the bot (empty = every tenant).
// Activities from other tenants never reach the bot: a message gets a short refusal in the
// activity's locale, an invoke a 403, anything else (installs, member updates) is dropped. The
// refusal is logged with ids only, never the text.
// The tenant is only trustworthy on Teams activities (the Teams service writes it). On other
// channels (directline, webchat, emulator) channelData is written by the client, so with a list set
// they are refused whatever tenant they claim.
import { ActivityTypes, type Activity, type Middleware, type TurnContext } from 'botbuilder';
import { t, toLang } from '../i18n';
import type { Logger } from '../logger';

/** The tenant Teams puts on every activity (channelData first; conversation.tenantId as well). */
export function tenantOf(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData !== '') return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation !== '' ? fromConversation : undefined;
}

/** "id1, id2" → ["id1", "id2"] (lower case; tenant ids are GUIDs). */
export function parseTenantList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);
}

export class TenantAllowListMiddleware implements Middleware {
  private readonly allowed: ReadonlySet<string>;

  constructor(
    allowedTenants: readonly string[],
    private readonly logger?: Logger,
  ) {
    this.allowed = new Set(allowedTenants.map((id) => id.toLowerCase()));
  }

  /** An empty list allows every tenant; with a list, only msteams activities of a listed tenant pass. */
  isAllowed(activity: Partial<Activity>): boolean {
    if (this.allowed.size === 0) return true;
    if (activity.channelId !== 'msteams') return false;
    const tenant = tenantOf(activity);
    return tenant !== undefined && this.allowed.has(tenant.toLowerCase());
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (this.isAllowed(activity)) return next();
    this.logger?.warn(
      { activity: { id: activity.id, type: activity.type, channelId: activity.channelId }, tenantId: tenantOf(activity) ?? null },
      'activity from a tenant that is not allowed',
    );
    if (activity.type === ActivityTypes.Message) {
      await context.sendActivity(t(toLang(activity.locale) ?? 'en', 'security.tenantNotAllowed'));
    } else if (activity.type === ActivityTypes.Invoke) {
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403, body: { error: 'TenantNotAllowed' } } });
    }
  }
}
