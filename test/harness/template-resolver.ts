import { createHash } from 'node:crypto';
import { RegionInfo } from 'aws-cdk-lib/region-info';

/**
 * Turns the intrinsics of a synthesized template (Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split and the
 * pseudo parameters) into the concrete names and ARNs CloudFormation would give them, so the IAM policy engine can
 * compare them. Physical names the template leaves to CloudFormation are made up deterministically
 * (`<stack>-<logicalId>`). Anything it does not know fails loudly: a value resolved to a guess could match `*` and
 * prove nothing.
 */
export class TemplateResolver {
  public readonly partition: string;

  constructor(
    public readonly stackName: string,
    public readonly account: string,
    public readonly region: string,
    public readonly template: any,
    /** The value another stack of the app exports under `name` (Fn::ImportValue). */
    private readonly importValue: (name: string) => string = (name) => { throw new Error(`no export ${name}`); },
  ) {
    const partition = RegionInfo.get(region).partition;
    if (!partition) throw new Error(`${stackName}: no partition known for region ${region}`);
    this.partition = partition;
  }

  /** `value` with every intrinsic resolved; strings stay strings, arrays and objects are resolved element by element. */
  public resolve(value: any): any {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return this.intrinsic(keys[0], value[keys[0]]);
    return Object.fromEntries(keys.map((k) => [k, this.resolve(value[k])]));
  }

  /** `value` resolved to one string. */
  public resolveString(value: any): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Error(`${this.stackName}: expected a string, got ${JSON.stringify(resolved)}`);
    return resolved;
  }

  /** The resource of `logicalId`, or an error. */
  public resource(logicalId: string): any {
    const resource = this.template.Resources?.[logicalId];
    if (!resource) throw new Error(`${this.stackName}: no resource ${logicalId}`);
    return resource;
  }

  /** What `Ref` returns for `logicalId`. */
  public ref(logicalId: string): string {
    const r = this.resource(logicalId);
    const p = r.Properties ?? {};
    switch (r.Type) {
      case 'AWS::SNS::Topic':
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::Lambda::Alias':
      case 'AWS::Lambda::Version':
        return this.attribute(logicalId, 'Arn');
      case 'AWS::SQS::Queue':
        return `https://sqs.${this.region}.${this.urlSuffix}/${this.account}/${this.name(logicalId)}`;
      case 'AWS::KMS::Key':
        return this.keyId(logicalId);
      case 'AWS::FIS::ExperimentTemplate':
        return `EXT${this.hash(logicalId).slice(0, 14)}`;
      case 'AWS::ApiGatewayV2::Api':
        return this.hash(logicalId).slice(0, 10);
      case 'AWS::KMS::Alias':
        return this.resolveString(p.AliasName);
      default:
        if (NAME_PROPERTY[r.Type] !== undefined) return this.name(logicalId);
        throw new Error(`${this.stackName}: the resolver does not know what Ref returns for ${r.Type} (${logicalId})`);
    }
  }

  /** What `Fn::GetAtt` returns for `logicalId`'s `attribute`. */
  public attribute(logicalId: string, attribute: string): string {
    const r = this.resource(logicalId);
    const p = r.Properties ?? {};
    const arn = (service: string, resource: string, region = this.region, account = this.account) =>
      `arn:${this.partition}:${service}:${region}:${account}:${resource}`;
    const key = `${r.Type}.${attribute}`;
    switch (key) {
      case 'AWS::IAM::Role.Arn': return `arn:${this.partition}:iam::${this.account}:role${p.Path ?? '/'}${this.name(logicalId)}`;
      case 'AWS::Lambda::Function.Arn': return arn('lambda', `function:${this.name(logicalId)}`);
      case 'AWS::Lambda::Version.Version': return '1';
      case 'AWS::Lambda::Version.Arn': return `${this.functionArn(p.FunctionName)}:1`;
      case 'AWS::Lambda::Alias.Arn':
      case 'AWS::Lambda::Alias.AliasArn': return `${this.functionArn(p.FunctionName)}:${this.resolveString(p.Name)}`;
      case 'AWS::DynamoDB::GlobalTable.Arn':
      case 'AWS::DynamoDB::Table.Arn': return arn('dynamodb', `table/${this.name(logicalId)}`);
      case 'AWS::DynamoDB::GlobalTable.StreamArn':
      case 'AWS::DynamoDB::Table.StreamArn': return arn('dynamodb', `table/${this.name(logicalId)}/stream/2026-01-01T00:00:00.000`);
      case 'AWS::KMS::Key.Arn': return arn('kms', `key/${this.keyId(logicalId)}`);
      case 'AWS::KMS::Key.KeyId': return this.keyId(logicalId);
      case 'AWS::SNS::Topic.TopicArn':
      case 'AWS::SNS::Topic.Arn': return arn('sns', this.name(logicalId));
      case 'AWS::SNS::Topic.TopicName': return this.name(logicalId);
      case 'AWS::SQS::Queue.Arn': return arn('sqs', this.name(logicalId));
      case 'AWS::SQS::Queue.QueueName': return this.name(logicalId);
      case 'AWS::SQS::Queue.QueueUrl': return this.ref(logicalId);
      case 'AWS::Logs::LogGroup.Arn': return arn('logs', `log-group:${this.name(logicalId)}:*`);
      case 'AWS::StepFunctions::StateMachine.Arn': return arn('states', `stateMachine:${this.name(logicalId)}`);
      case 'AWS::StepFunctions::StateMachine.Name': return this.name(logicalId);
      case 'AWS::Backup::BackupVault.BackupVaultArn': return arn('backup', `backup-vault:${this.name(logicalId)}`);
      case 'AWS::Backup::BackupVault.BackupVaultName': return this.name(logicalId);
      case 'AWS::Backup::BackupPlan.BackupPlanId': return this.hash(logicalId).slice(0, 36);
      case 'AWS::CloudWatch::Alarm.Arn': return arn('cloudwatch', `alarm:${this.name(logicalId)}`);
      case 'AWS::Events::Rule.Arn': return arn('events', `rule/${this.name(logicalId)}`);
      case 'AWS::S3::Bucket.Arn': return `arn:${this.partition}:s3:::${this.name(logicalId)}`;
      // A plan's ARN has no Region and ends in a suffix Region switch picks
      // (https://docs.aws.amazon.com/arc-region-switch/latest/api/API_Plan.html): made up, deterministic.
      case 'AWS::ARCRegionSwitch::Plan.Arn': return `arn:${this.partition}:arc-region-switch::${this.account}:plan/${this.name(logicalId)}:` +
        this.hash(logicalId).slice(0, 6);
      case 'AWS::S3::Bucket.RegionalDomainName': return `${this.name(logicalId)}.s3.${this.region}.${this.urlSuffix}`;
      case 'AWS::ApiGatewayV2::Api.ApiEndpoint': return `https://${this.ref(logicalId)}.execute-api.${this.region}.${this.urlSuffix}`;
      case 'AWS::ApiGatewayV2::DomainName.RegionalDomainName': return `d-${this.hash(logicalId).slice(0, 10)}.execute-api.${this.region}.${this.urlSuffix}`;
      case 'AWS::SSM::Parameter.Value': return this.resolveString(p.Value);
      default:
        throw new Error(`${this.stackName}: the resolver does not know Fn::GetAtt ${attribute} of ${r.Type} (${logicalId})`);
    }
  }

  /** The physical name: the template's, or the one CloudFormation would generate (made up, deterministic). */
  public name(logicalId: string): string {
    const r = this.resource(logicalId);
    const property = NAME_PROPERTY[r.Type];
    if (property === undefined) throw new Error(`${this.stackName}: the resolver does not know the name of ${r.Type}`);
    const given = r.Properties?.[property];
    if (given !== undefined) return this.resolveString(given);
    const generated = `${this.stackName}-${logicalId}-${this.hash(logicalId).slice(0, 8).toUpperCase()}`;
    return r.Type === 'AWS::S3::Bucket' ? generated.toLowerCase().slice(0, 63) : generated.slice(0, 64);
  }

  private get urlSuffix(): string {
    return RegionInfo.get(this.region).domainSuffix ?? 'amazonaws.com';
  }

  private functionArn(functionName: any): string {
    const name = this.resolveString(functionName);
    return name.startsWith('arn:') ? name : `arn:${this.partition}:lambda:${this.region}:${this.account}:function:${name}`;
  }

  private keyId(logicalId: string): string {
    const h = this.hash(logicalId);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
  }

  private hash(logicalId: string): string {
    return createHash('sha256').update(`${this.account}/${this.region}/${this.stackName}/${logicalId}`).digest('hex');
  }

  private intrinsic(name: string, args: any): any {
    switch (name) {
      case 'Ref':
        if (typeof args === 'string' && args.startsWith('AWS::')) return this.pseudo(args);
        if (this.template.Parameters?.[args]) {
          throw new Error(`${this.stackName}: Ref ${args} is a template parameter, known only at deploy time`);
        }
        return this.ref(args);
      case 'Fn::GetAtt': {
        const [logicalId, attribute] = typeof args === 'string' ? args.split('.') : args;
        return this.attribute(logicalId, attribute);
      }
      case 'Fn::Join': {
        const [separator, parts] = args;
        return (this.resolve(parts) as any[]).map((p) => this.asString(p)).join(separator);
      }
      case 'Fn::ImportValue':
        return this.importValue(this.resolveString(args));
      case 'Fn::Select': {
        const [index, list] = args;
        return (this.resolve(list) as any[])[Number(this.resolve(index))];
      }
      case 'Fn::Split': {
        const [separator, source] = args;
        return this.resolveString(source).split(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] = typeof args === 'string' ? [args, {}] : args;
        return (text as string).replace(/\$\{([^}!][^}]*)\}/g, (_, expression: string) => {
          if (variables[expression] !== undefined) return this.resolveString(variables[expression]);
          if (expression.startsWith('AWS::')) return this.pseudo(expression);
          const [logicalId, attribute] = expression.split('.');
          return attribute ? this.attribute(logicalId, attribute) : this.ref(logicalId);
        });
      }
      default:
        throw new Error(`${this.stackName}: the resolver does not know ${name} (${JSON.stringify(args).slice(0, 200)})`);
    }
  }

  private asString(value: any): string {
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${this.stackName}: cannot join ${JSON.stringify(value)}`);
    return String(value);
  }

  private pseudo(name: string): string {
    switch (name) {
      case 'AWS::Partition': return this.partition;
      case 'AWS::Region': return this.region;
      case 'AWS::AccountId': return this.account;
      case 'AWS::URLSuffix': return this.urlSuffix;
      case 'AWS::StackName': return this.stackName;
      default: throw new Error(`${this.stackName}: the resolver does not know the pseudo parameter ${name}`);
    }
  }
}

/** The property holding each resource type's physical name ('' when CloudFormation always generates it). */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::IAM::Role': 'RoleName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Backup::BackupVault': 'BackupVaultName',
  'AWS::SSM::Parameter': 'Name',
  'AWS::CloudWatch::Alarm': 'AlarmName',
  'AWS::Events::Rule': 'Name',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::CodeDeploy::Application': 'ApplicationName',
  'AWS::CodeDeploy::DeploymentGroup': 'DeploymentGroupName',
  'AWS::Route53::HealthCheck': '',
  'AWS::ARCRegionSwitch::Plan': 'Name',
};
