// The parsers, in the order they run. Adding a parser is adding its file and one line here.
import type { Parser } from '../rule';
import { smtpResponseParser } from './smtpResponse';
import { pemParser } from './pem';
import { sendConnectorParser } from './sendConnector';
import { exchangeCertificateParser } from './exchangeCertificate';
import { windowsEventParser } from './windowsEvent';
import { ehloParser } from './ehlo';
import { receiveConnectorParser } from './receiveConnector';
import { messageTraceParser } from './messageTrace';
import { chainCheckParser } from './chainCheck';
import { exoConnectorParser } from './exoConnectors';
import { protocolLogParser } from './protocolLog';
import { opensslParser } from './openssl';
import { mtaLogParser } from './mtaLog';
import { exchangeServerParser } from './exchangeServer';
import { hybridConfigurationParser } from './hybridConfiguration';
import { transportServiceParser } from './transportService';
import { edgeSubscriptionParser } from './edgeSubscription';
import { queueParser } from './queue';

export const parsers: readonly Parser[] = [
  smtpResponseParser,
  pemParser,
  sendConnectorParser,
  exchangeCertificateParser,
  windowsEventParser,
  ehloParser,
  receiveConnectorParser,
  messageTraceParser,
  chainCheckParser,
  exoConnectorParser,
  protocolLogParser,
  opensslParser,
  mtaLogParser,
  exchangeServerParser,
  hybridConfigurationParser,
  transportServiceParser,
  edgeSubscriptionParser,
  queueParser,
];
