// The engine's public surface for the bot, the CLI and the benchmarks.
export { analyse, analyseFacts, diagnose, extract, localiseFinding } from './engine';
export { verifyFix } from './verify';
export type { VerifyResult } from './verify';
export type { Analysis, DiagnoseOptions } from './engine';
export { normalise } from './normalise';
export { commands, psString, tlsCertificateName } from './commands';
export { rules } from './rules';
export type * from './types';
