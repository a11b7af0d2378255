// Who may choose the expert channel the first time: an owner of the team, asked in a channel of
// that team. Moving a channel once one is set needs ESCALATION_ADMINS (textCommands.ts).
//
// Bot Framework alone gives a member's `userRole` (TeamsInfo.getTeamMember → GET
// /v3/conversations/{teamId}/members/{userId}), which Teams fills with "owner", "user" or
// "guest"; Microsoft does not document the values (MicrosoftDocs/msteams-docs#6381), and the one
// documented source of team ownership is Microsoft Graph (GET /teams/{id}/members, roles
// ["owner"], with the resource-specific permission TeamMember.Read.Group). So an owner is a member
// whose userRole is "owner", or whose Entra object id is listed in ESCALATION_ADMINS (the
// deployment's own list, for tenants where the role does not come through).
import { TeamsInfo, type TurnContext } from 'botbuilder';

export type OwnerCheck =
  | { allowed: true }
  | { allowed: false; reason: 'personal' | 'groupChat' | 'notOwner' | 'lookupFailed' };

interface ChannelData {
  team?: { id?: string };
}

export function adminsFromEnv(env: NodeJS.ProcessEnv): Set<string> {
  return new Set(
    (env.ESCALATION_ADMINS ?? '')
      .split(/[,;\s]+/)
      .map((id) => id.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Listed in ESCALATION_ADMINS (by Entra object id). */
export function isEscalationAdmin(context: TurnContext, admins: Set<string>): boolean {
  const aadObjectId = context.activity.from?.aadObjectId?.toLowerCase();
  return aadObjectId !== undefined && admins.has(aadObjectId);
}

export async function checkTeamOwner(context: TurnContext, admins: Set<string>): Promise<OwnerCheck> {
  const { activity } = context;
  const type = activity.conversation?.conversationType;
  const teamId = (activity.channelData as ChannelData | undefined)?.team?.id;
  if (type === 'personal' || (!teamId && type !== 'groupChat')) return { allowed: false, reason: 'personal' };
  if (type === 'groupChat' || !teamId) return { allowed: false, reason: 'groupChat' };
  if (isEscalationAdmin(context, admins)) return { allowed: true };
  try {
    const member = await TeamsInfo.getTeamMember(context, teamId, activity.from.id);
    return member?.userRole?.toLowerCase() === 'owner' ? { allowed: true } : { allowed: false, reason: 'notOwner' };
  } catch (error) {
    // 404: Teams does not know this user in this team, which settles it; anything else may pass.
    return { allowed: false, reason: (error as { statusCode?: number })?.statusCode === 404 ? 'notOwner' : 'lookupFailed' };
  }
}
