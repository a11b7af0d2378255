// botbuilder-dialogs builds its DialogStateManager configuration (nine memory scopes and the path
// resolvers, through a small dependency-injection container) anew on every turn: about a tenth of
// a turn's CPU here. The scopes keep nothing between calls (they read the turn's own state), so
// one configuration, built on the first turn, is handed to every later turn.
import type { Middleware, TurnContext } from 'botbuilder';
import type { DialogStateManagerConfiguration } from 'botbuilder-dialogs';

/** The turn-state key botbuilder-dialogs caches the configuration under (dialogStateManager.ts). */
const CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

export class ReuseDialogStateConfiguration implements Middleware {
  private configuration: DialogStateManagerConfiguration | undefined;

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (this.configuration) context.turnState.set(CONFIGURATION_KEY, this.configuration);
    await next();
    this.configuration ??= context.turnState.get(CONFIGURATION_KEY) as DialogStateManagerConfiguration | undefined;
  }
}

