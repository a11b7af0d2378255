// The fair peer for the throughput benchmark: what a BotBuilder developer writes from the official
// core-bot sample (samples/javascript_nodejs/13.core-bot), minus LUIS. A MainDialog
// (ComponentDialog) holding a WaterfallDialog and a TextPrompt; a DialogBot (ActivityHandler)
// that runs the dialog and saves ConversationState and UserState after every turn, both on our
// SQLite storage; on the same botbuilder CloudAdapter and restify 11 as the real server. Each paste
// is answered with an Adaptive Card of about our diagnosis card's size (PEER_CARD_BYTES, the bench
// passes the real card's size), built from the paste on every turn, then the dialog waits for the
// next message, as ours waits for the fix to be verified.
import type { AddressInfo } from 'node:net';
import * as restify from 'restify';
import {
  ActivityHandler,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConversationState,
  UserState,
  type BotState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  TextPrompt,
  WaterfallDialog,
  type DialogState,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { SqliteStorage } from '../src/storage/sqliteStorage';

const MAIN_WATERFALL_DIALOG = 'mainWaterfallDialog';
const TEXT_PROMPT = 'TextPrompt';

/** An Adaptive Card 1.5 of about `bytes` of JSON: a header, a fact set and the paste's lines. */
export function peerCard(text: string, bytes: number): Record<string, unknown> {
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: 'Diagnosis', weight: 'Bolder', size: 'Large', wrap: true },
    { type: 'FactSet', facts: [{ title: 'Received', value: `${text.length} characters` }, { title: 'Lines', value: String(text.split('\n').length) }] },
  ];
  let size = 400;
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  for (let i = 0; size < bytes && lines.length > 0; i++) {
    const line = lines[i % lines.length]!.slice(0, 200).replace(/[\\*_`[\]<>]/g, ' ');
    body.push({ type: 'TextBlock', text: line, wrap: true, isSubtle: i % 2 === 1, spacing: 'Small' });
    size += line.length + 70;
  }
  body.push({ type: 'ActionSet', actions: [{ type: 'Action.Submit', title: 'Helpful', data: { helpful: true } }] });
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}

class MainDialog extends ComponentDialog {
  constructor(private readonly cardBytes: number) {
    super('MainDialog');
    this.addDialog(new TextPrompt(TEXT_PROMPT)).addDialog(
      new WaterfallDialog(MAIN_WATERFALL_DIALOG, [this.introStep.bind(this), this.actStep.bind(this), this.finalStep.bind(this)]),
    );
    this.initialDialogId = MAIN_WATERFALL_DIALOG;
  }

  /** The sample's run(): a DialogSet over the dialog state accessor, continue or begin. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dialogContext = await dialogSet.createContext(context);
    const results = await dialogContext.continueDialog();
    if (results.status === DialogTurnStatus.empty) await dialogContext.beginDialog(this.id);
  }

  private async introStep(step: WaterfallStepContext) {
    const text = step.context.activity.text;
    if (text) return step.next(text);
    return step.prompt(TEXT_PROMPT, { prompt: 'Paste the error you see.' });
  }

  private async actStep(step: WaterfallStepContext) {
    const text = String(step.result ?? '');
    (step.values as { paste?: string }).paste = text;
    await step.context.sendActivity({ attachments: [CardFactory.adaptiveCard(peerCard(text, this.cardBytes))] });
    return step.prompt(TEXT_PROMPT, { prompt: 'What else can I do for you?' });
  }

  private async finalStep(step: WaterfallStepContext) {
    return step.replaceDialog(this.initialDialogId);
  }
}

class DialogBot extends ActivityHandler {
  private readonly dialogState: StatePropertyAccessor<DialogState>;

  constructor(
    private readonly conversationState: BotState,
    private readonly userState: BotState,
    dialog: MainDialog,
  ) {
    super();
    this.dialogState = conversationState.createProperty<DialogState>('DialogState');
    this.onMessage(async (context, next) => {
      await dialog.run(context, this.dialogState);
      await next();
    });
    this.onDialog(async (context, next) => {
      await this.conversationState.saveChanges(context, false);
      await this.userState.saveChanges(context, false);
      await next();
    });
  }
}

export async function startCoreBotPeer(
  options: { port?: number; host?: string; sqlitePath: string; cardBytes?: number },
): Promise<{ port: number; close(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  adapter.onTurnError = async (context) => {
    await context.sendActivity('The bot encountered an error or bug.');
  };
  const storage = new SqliteStorage(options.sqlitePath);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const bot = new DialogBot(conversationState, userState, new MainDialog(options.cardBytes ?? 10 * 1024));

  const server = restify.createServer({ name: 'core-bot-peer' });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          storage.close();
          resolve();
        }),
      ),
  };
}
