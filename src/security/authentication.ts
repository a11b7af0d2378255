// Bot Framework token validation as configured (MicrosoftAppId, …), with one correction:
// botframework-connector 4.23 lets jsonwebtoken's own errors escape for a token whose signature
// does not verify (or that is not yet valid), which CloudAdapter answers with 500. Every failure
// to validate a token is an authentication failure: 401.
import { ConfigurationBotFrameworkAuthentication, StatusCodes, type Activity } from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';

const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

function asAuthenticationError(error: unknown): unknown {
  if (error instanceof Error && TOKEN_ERRORS.has(error.name)) {
    return new AuthenticationError(`Unauthorized. ${error.message}`, StatusCodes.UNAUTHORIZED);
  }
  return error;
}

export class BotFrameworkTokenAuthentication extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateRequest(activity, authHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await super.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (error) {
      throw asAuthenticationError(error);
    }
  }
}
