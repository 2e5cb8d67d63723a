export { buildReport, lsofLine, type Endpoint, type ReportInput, type SelfConnectReport } from './report.js';
export {
  PORT_RANGE_PATH,
  RESERVED_PORTS_PATH,
  kernelPrefersParity,
  kernelVersion,
  parsePortRange,
  parseReservedPorts,
  readPortFacts,
  type PortFacts,
  type PortSpan,
} from './port-facts.js';
export { assessPort, isReserved, parityOf, suggestPort, type Parity, type PortAssessment, type PortVerdict } from './port-assessment.js';
export {
  isLocalAddress,
  isWildcardAddress,
  preflight,
  probeListener,
  type ListenerProbe,
  type Preflight,
  type PreflightOptions,
} from './preflight.js';
export {
  MAX_CONSECUTIVE_LOCAL_ERRORS,
  runConnectLoop,
  type ConnectLoopOptions,
  type LoopProgress,
  type LoopResult,
  type LoopStop,
} from './connect-loop.js';
export { connectBoundToItself, type BoundConnectOptions, type BoundConnectResult } from './bound-connect.js';
export { checkServerBind, proveSelfTalk, wildcardFor, type BindCheck, type EchoProof } from './evidence.js';
export { explainSelfConnect, type ExplainContext, type ExplainSection } from './explain.js';
export { closeSocket, localSelfConnection, type CloseHow, type LocalSelfConnection, type SelfConnection } from './connection.js';
