// The conversation's contract: the case (everything pasted since it began), the last answer and
// the stored pastes. Bot, dialogs and escalation import down to it; it imports no bot code.
export {
  addAfterFix,
  addPaste,
  caseText,
  decline,
  fromEarlierCase,
  hasDeclined,
  newCase,
  newCaseId,
  type CaseAnswer,
  type CasePaste,
  type ConversationCase,
  type LastDiagnosis,
  type StoredPaste,
} from './case';
export { pasteContents, type PasteContents } from './pasteContents';
export { identifiers, isDifferentProblem } from './sameProblem';
export { smallTalk, type SmallTalk } from './smallTalk';
