import { RenderedResource, asList, literal } from './cfn';
import { NagRuleCompliance } from './nag';

export const EXPERIMENT_TEMPLATE = 'AWS::FIS::ExperimentTemplate';

const ALARM_SOURCE = 'aws:cloudwatch:alarm';

/** The experiment template has a stop condition on a CloudWatch alarm (Source and a non-empty Value). */
export function alarmStopCondition(template: RenderedResource): NagRuleCompliance {
  if (template.type !== EXPERIMENT_TEMPLATE) return NagRuleCompliance.NOT_APPLICABLE;
  const conditions = asList(template.properties.StopConditions, 'StopConditions');
  const ok = conditions.some((condition, i) => {
    const source = literal(condition?.Source, `StopConditions[${i}].Source`);
    const value = condition?.Value;
    // A token Value (the alarm's Fn::GetAtt Arn) is fine: it names an alarm, only its text is unknown.
    return source === ALARM_SOURCE && value !== undefined && value !== null && value !== '';
  });
  return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
