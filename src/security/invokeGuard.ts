// Invokes that botbuilder's handlers read (task modules, message extensions, card actions,
// search) must carry an object `value` (and adaptiveCard/action an `action` object): botbuilder
// dereferences them before our code runs, so a missing or scalar value throws inside the turn and
// reaches onTurnError. Teams never sends such an invoke; answer it 400 instead.
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';

const HANDLED_INVOKES = /^(?:task\/|composeExtension\/|adaptiveCard\/|actionableMessage\/|fileConsent\/|config\/|tab\/|application\/search)/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function isMalformedInvoke(name: string | undefined, value: unknown): boolean {
  if (!HANDLED_INVOKES.test(name ?? '')) return false;
  if (!isObject(value)) return true;
  return name === 'adaptiveCard/action' && !isObject(value.action);
}

export class InvokeGuardMiddleware implements Middleware {
  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { type, name, value } = context.activity;
    if (type !== ActivityTypes.Invoke || !isMalformedInvoke(name, value)) return next();
    await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 400, body: { error: 'BadRequest', message: 'The invoke has no usable value.' } } });
  }
}
