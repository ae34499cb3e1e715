/**
 * The simulation use case behind `POST /api/v1/simulations` and `jifen score`: validate the request
 * (every field error at once), choose the policy version, evaluate, and project when asked.
 */
import {
  evaluate,
  FactsError,
  PolicyLookupError,
  policyById,
  project,
  simulationRequestSchema,
  todayInChina,
  type Locale,
  type Projection,
  type Result,
  type SimulationRequest,
} from '../rules/index.ts';
import { toDay } from '../rules/dates.ts';
import { validate } from '../rules/facts.ts';
import { AppError, invalidInput } from './errors.ts';

export type SimulationResult = Result & { projection?: Projection };

export interface SimulateOverrides {
  asOf?: string | undefined;
  policy?: string | undefined;
}

export interface SimulateDeps {
  /** The clock, for the default date of assessment (today in China). */
  now: () => Date;
}

/**
 * `input` is a request object `{ asOf?, policy?, projection?, facts }`; with `acceptBareFacts`
 * (the command line) a document without a `facts` key is taken as the facts themselves.
 */
export function simulate(
  deps: SimulateDeps,
  input: unknown,
  locale: Locale,
  overrides: SimulateOverrides = {},
  acceptBareFacts = false,
): SimulationResult {
  let request: unknown = input;
  if (acceptBareFacts && typeof input === 'object' && input !== null && !Array.isArray(input) && !('facts' in input)) {
    request = { facts: input };
  }
  if (typeof request === 'object' && request !== null && !Array.isArray(request)) {
    const r = request as Record<string, unknown>;
    request = {
      ...r,
      ...(overrides.asOf !== undefined ? { asOf: overrides.asOf } : {}),
      ...(overrides.policy !== undefined ? { policy: overrides.policy } : {}),
    };
  }
  const v = validate<SimulationRequest>(simulationRequestSchema, request, locale);
  if (!v.ok) throw invalidInput(v.errors);
  const req = v.value;
  const asOf = req.asOf ?? todayInChina(deps.now());
  if (toDay(req.facts.person.birthDate) > toDay(asOf)) {
    throw invalidInput([
      {
        path: 'facts.person.birthDate',
        message: locale === 'en' ? `is after the date of assessment (${asOf})` : `晚于积分核算日 (${asOf})`,
      },
    ]);
  }
  try {
    if (req.policy !== undefined) policyById(req.policy);
    const result: SimulationResult = evaluate(req.facts, asOf, { policy: req.policy, locale });
    if (req.projection) {
      result.projection = project(req.facts, asOf, { target: req.projection.target, locale, policy: req.policy });
    }
    return result;
  } catch (err) {
    if (err instanceof PolicyLookupError) {
      const path = err.code === 'UNKNOWN_POLICY' ? 'policy' : 'asOf';
      const message =
        err.code === 'UNKNOWN_POLICY'
          ? { 'zh-CN': `未知的政策版本 "${req.policy ?? ''}"`, en: err.message }
          : { 'zh-CN': `${asOf} 尚无施行的积分政策(最早版本自 2018-01-01 起施行)`, en: err.message };
      throw new AppError(err.code, message, [{ path, message: message[locale] }]);
    }
    if (err instanceof FactsError) throw invalidInput([{ path: err.path, message: err.message }]);
    throw err;
  }
}
