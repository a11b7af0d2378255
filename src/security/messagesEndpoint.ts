// POST /api/messages, in place of CloudAdapter.process: the same steps (validate the activity,
// authenticate, run the turn, answer with the invoke response or 200), but every answer that is not
// a turn's own is JSON with a status that says what went wrong, and nothing is printed to stderr:
//   - a body that is not an activity (`{}`, no "type") → 400;
//   - a token the server refuses, including the bot's own outbound token replayed inbound (which the
//     SDK would let through to "Invalid appId." and a 500) → 401;
//   - anything else that fails before or around the turn → 500, logged with its stack frames only.
// Refusals are logged through pino at a bounded rate (src/server/refusalLog.ts).
import { CloudAdapter, StatusCodes, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { Request, Response } from 'restify';
import { stackFrames, type Logger } from '../logger';
import { errorDetail } from '../server/refusalLog';
import type { BotFrameworkTokenAuthentication } from './authentication';

/** CloudAdapter with the turn entry point that takes an already authenticated request. */
export class HostAdapter extends CloudAdapter {
  constructor(private readonly tokenAuthentication: BotFrameworkTokenAuthentication) {
    super(tokenAuthentication);
  }

  get authentication(): BotFrameworkTokenAuthentication {
    return this.tokenAuthentication;
  }

  runAuthenticated(result: AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(result, activity, logic);
  }
}

export function jsonError(code: string, message: string): Record<string, unknown> {
  return { error: { code, message } };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** As botbuilder's validateAndFixActivity: Date objects for the time stamps, raw strings kept. */
function fixTimestamps(body: Record<string, unknown>): Activity {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    if (typeof body[field] === 'string') {
      body[raw] = body[field];
      body[field] = new Date(body[field]);
    }
  }
  return body as unknown as Activity;
}

/** "Invalid appId." is what the connector library throws when a token's audience is not this bot. */
function isAuthenticationFailure(error: unknown): boolean {
  if (error instanceof AuthenticationError) return error.statusCode === StatusCodes.UNAUTHORIZED || error.statusCode === 403;
  return error instanceof Error && /^Invalid appId\.?$/.test(error.message);
}


export function messagesEndpoint(adapter: HostAdapter, logic: (context: TurnContext) => Promise<void>, logger?: Logger) {
  const { authentication } = adapter;
  const refusals = authentication.refusals;
  return async (req: Request, res: Response): Promise<void> => {
    const body: unknown = req.body;
    if (!isObject(body) || typeof body.type !== 'string' || body.type.trim() === '') {
      refusals.warn({ status: 400 }, 'request refused: not an activity');
      res.send(400, jsonError('BadRequest', 'The body is not a Bot Framework activity (it needs a "type").'));
      return;
    }
    const activity = fixTimestamps(body);
    const header = req.headers.authorization;
    const authHeader = typeof header === 'string' ? header : '';

    const refuse = (error: unknown): void => {
      refusals.warn({ status: 401, channelId: activity.channelId, detail: errorDetail(error) }, 'request refused: not authorized');
      res.send(401, jsonError('Unauthorized', 'The request is not authorized.'));
    };
    const fail = (error: unknown): void => {
      logger?.error({ error: { name: error instanceof Error ? error.name : typeof error, stack: stackFrames(error) }, activity: { id: activity.id, type: activity.type, channelId: activity.channelId } }, 'request failed');
      res.send(500, jsonError('InternalServerError', 'The server could not process the activity.'));
    };

    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await authentication.authenticateRequest(activity, authHeader);
    } catch (error) {
      return isAuthenticationFailure(error) ? refuse(error) : fail(error);
    }
    try {
      const invokeResponse = await adapter.runAuthenticated(authenticated, activity, logic);
      const status = invokeResponse?.status ?? StatusCodes.OK;
      if (invokeResponse?.body !== undefined) res.send(status, invokeResponse.body);
      else res.send(status);
    } catch (error) {
      return isAuthenticationFailure(error) ? refuse(error) : fail(error);
    }
  };
}
