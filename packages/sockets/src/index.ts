export type {
  BackendChoice,
  BackendName,
  Endpoint,
  Family,
  ListOptions,
  Proto,
  SocketEntry,
  SocketList,
  SocketState,
} from './model.js';
export { TCP_STATE_BY_CODE } from './model.js';
export { BACKENDS, listSockets } from './list.js';
export { ToolUnavailable } from './tool.js';
export { CONNECTED_STATES, parseStates, stateLabel } from './states.js';
export { acceptQueueFull, compareSockets, filterSockets, sortSockets, type SocketFilter } from './filters.js';
export { isListener, listListeners, toListener, type Listener, type ListenersOptions, type ListenersReport } from './listeners.js';
export { whoHolds, type Holder, type WhoQuery, type WhoReport } from './who.js';
export { hotSpots, summarize, type HotSpot, type ProcessCount, type SocketSummary } from './summary.js';
export { commandLine } from './process-info.js';
export { userName } from './users.js';
export { parseSockstat, readSockstat, type Sockstat } from './kernel/sockstat.js';
export { parseCounterTables, pickCounters, readCounterTables, type Counter, type CounterTables } from './kernel/counters.js';
export { parsePortRange, parseReservedPorts, readKnobs, type Knob } from './kernel/knobs.js';
export { findings, type Finding, type FindingLevel } from './doctor/findings.js';
export { doctor, type DoctorOptions, type DoctorReport } from './doctor/doctor.js';
export { parseProcNet, type ProcRow } from './proc/parse-net.js';
export { formatIpv6, parseProcEndpoint } from './proc/addresses.js';
export { ownerChooser, readSocketOwners, type Owner, type WalkStats } from './proc/owners.js';
export { SsParser, parseSs, parseSsEndpoint, parseUsers, type SsRow } from './ss/parse-ss.js';
export { LsofParser, parseLsof, parseLsofEndpoint, type LsofFile } from './lsof/parse-lsof.js';
export { TextLines } from './text-lines.js';
