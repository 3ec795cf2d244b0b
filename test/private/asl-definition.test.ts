import { describeToken, renderDefinitionText } from '../../src/private/asl-definition';

describe('renderDefinitionText (the one ASL renderer of the rule pack and the test harness)', () => {
  const definitionString = {
    'Fn::Join': ['', [
      '{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"',
      { 'Fn::GetAtt': ['Fn', 'Arn'] },
      '","TimeoutSeconds":',
      { Ref: 'Timeout' },
      ',"Comment":"${note}","End":true}}}',
    ]],
  };

  test('joins the literal text and lets the caller render each token, knowing whether it stands in a string', () => {
    const seen: Array<[string, boolean]> = [];
    const text = renderDefinitionText(definitionString, { note: 'hello' }, (token, inString) => {
      seen.push([describeToken(token), inString]);
      return inString ? 'arn:fn' : '30';
    });

    expect(JSON.parse(text).States.A).toEqual({ Type: 'Task', Resource: 'arn:fn', TimeoutSeconds: 30, Comment: 'hello', End: true });
    expect(seen).toEqual([['Fn::GetAtt:Fn.Arn', true], ['Ref:Timeout', false]]);
  });

  test('renders a substitution that is itself a token through the caller, and leaves unknown ${names} as text', () => {
    const text = renderDefinitionText('{"A":"${x}","B":"${unknown}"}', { x: { Ref: 'X' } }, (token) => `<<${describeToken(token)}>>`);

    expect(JSON.parse(text)).toEqual({ A: '<<Ref:X>>', B: '${unknown}' });
  });
});
