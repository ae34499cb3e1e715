/** The public surface of the points engine, shared by the server, the command line and the web pages. */
export { evaluate, evaluateCompiled, FactsError, type EvaluateOptions, type Scoring, type Item, type Result, type TraceEntry, type Warning } from './evaluate.ts';
export {
  factsSchema,
  simulationRequestSchema,
  fieldErrors,
  type Facts,
  type FieldError,
  type SimulationRequest,
} from './facts.ts';
export { MESSAGES, messagesFor, type Locale, type Messages, type WarningCode } from './messages.ts';
export { INDICATOR_ORDER, type IndicatorCode, type PolicyVersion } from './policy.ts';
export { project, type Projection } from './projection.ts';
export { POLICY_VERSIONS, PolicyLookupError, policyById, policyIds, policyInForce } from './registry.ts';
export { todayInChina } from './dates.ts';
