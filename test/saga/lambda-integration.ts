import { Json, TaskHandler } from '../harness';

/** The optimized Lambda integration's resource: the saga's first action uses it (its raw result is an object). */
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';

/**
 * A local handler that plays a Lambda function behind the Task state `state`: behind the optimized integration
 * (`arn:aws:states:::lambda:invoke`), the function receives the state's `Payload` parameter and the state gets the
 * invocation's response, the function's result in `Payload`; behind a function ARN, the function receives the
 * parameters and the state gets its result as it is. A function error is the state's error either way.
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-lambda.html
 */
export function asFunction(state: { Resource?: string }, fn: (event: any) => Json | Promise<Json>): TaskHandler {
  if (state.Resource !== LAMBDA_INVOKE) return fn;
  return async (input: any) => ({ ExecutedVersion: '$LATEST', Payload: await fn(input.Payload), StatusCode: 200 });
}
