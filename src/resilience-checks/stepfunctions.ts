import { catches, retries, stateMachineDefinition, taskStates, TaskState } from './asl';
import { RenderedResource, literal } from './cfn';
import { NagRuleCompliance, NagRuleResult } from './nag';

export const STATE_MACHINE = 'AWS::StepFunctions::StateMachine';

/** The Task states of a rendered state machine, or undefined when there is no definition to read. */
function tasksOf(machine: RenderedResource): TaskState[] | undefined {
  if (machine.type !== STATE_MACHINE) return undefined;
  const definition = stateMachineDefinition(machine.properties);
  return definition === undefined ? undefined : taskStates(definition);
}

/**
 * Every Task state, nested ones included, has a Retry that retries. One finding per offending state,
 * `State::<path>`, so the report names it and an acknowledgement can excuse exactly that state.
 */
export function taskRetry(machine: RenderedResource): NagRuleResult {
  const tasks = tasksOf(machine);
  if (tasks === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  return offending(tasks.filter((t) => !retries(t.state)));
}

/** Every compensation Task (reachable only from a Catch) both retries and catches. */
export function compensationRetryCatch(machine: RenderedResource): NagRuleResult {
  const tasks = tasksOf(machine);
  if (tasks === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  const compensations = tasks.filter((t) => t.compensation);
  if (compensations.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
  return offending(compensations.filter((t) => !(retries(t.state) && catches(t.state))));
}

/** Compliant, or one finding per state: `State::<path>`. */
function offending(states: TaskState[]): NagRuleResult {
  return states.length === 0 ? NagRuleCompliance.COMPLIANT : states.map((t) => `State::${t.path}`);
}

/** A state machine with a compensation path (a saga) is a STANDARD workflow. */
export function sagaStandard(machine: RenderedResource): NagRuleCompliance {
  const tasks = tasksOf(machine);
  if (tasks === undefined || !tasks.some((t) => t.compensation)) return NagRuleCompliance.NOT_APPLICABLE;
  const type = literal(machine.properties.StateMachineType, 'StateMachineType') ?? 'STANDARD';
  return type === 'EXPRESS' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}
