// The engine's public surface for the bot, the CLI and the benchmarks.
export { analyse, diagnose, extract, localiseFinding } from './engine';
export type { Analysis, DiagnoseOptions } from './engine';
export { normalise } from './normalise';
export { commands, psString, tlsCertificateName } from './commands';
export { rules } from './rules';
export type * from './types';
