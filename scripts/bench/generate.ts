/**
 * Deterministic (seeded) generators of realistic infrastructure-as-code for
 * the benchmark: CloudFormation as YAML and JSON, Terraform, and the small
 * files of a mixed workspace (Dockerfile, .env, Kubernetes, Serverless …).
 */

/** mulberry32: tiny, fast and good enough to vary generated templates. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
  word(): string {
    return this.pick(WORDS);
  }
}

const WORDS = ['orders', 'billing', 'users', 'assets', 'search', 'audit', 'reports', 'sessions', 'payments', 'catalog', 'inventory', 'events', 'media', 'auth', 'notify'];

// ---------------------------------------------------------------------------
// CloudFormation: a value model with intrinsics, emitted as YAML or JSON.

/** A deploy-time value: `!Ref X` in YAML, `{"Ref": "X"}` in JSON. */
export class Fn {
  constructor(
    readonly name: 'Ref' | 'GetAtt' | 'Sub' | 'Join' | 'Base64' | 'Select' | 'GetAZs',
    readonly argument: Value,
  ) {}
}
export type Value = string | number | boolean | Fn | Value[] | { [key: string]: Value };
type Resource = { [key: string]: Value };

const ref = (name: string) => new Fn('Ref', name);
const getAtt = (name: string, attribute: string) => new Fn('GetAtt', `${name}.${attribute}`);
const sub = (text: string) => new Fn('Sub', text);

interface CfnContext {
  random: Random;
  index: number;
  /** Logical ids created so far, by kind, for references. */
  ids: Map<string, string[]>;
}

function recent(context: CfnContext, kind: string, fallback: string): string {
  const list = context.ids.get(kind);
  return list?.length ? context.random.pick(list.slice(-8)) : fallback;
}

function tags(random: Random, name: string): Value[] {
  const out: Value[] = [{ Key: 'Name', Value: name }, { Key: 'team', Value: random.word() }];
  if (random.chance(0.5)) out.push({ Key: 'cost-center', Value: String(random.int(1000, 9999)) });
  return out;
}

function statement(random: Random, resource: Value, effect = 'Allow'): Value {
  const actions = random.pick([
    ['s3:GetObject', 's3:PutObject'],
    ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
    ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage'],
    ['logs:CreateLogStream', 'logs:PutLogEvents'],
    ['kms:Decrypt'],
    ['*'],
  ]);
  const out: { [key: string]: Value } = { Sid: `Allow${random.word()}${random.int(1, 99)}`, Effect: effect, Action: actions, Resource: actions[0] === '*' ? '*' : resource };
  return out;
}

const RESOURCE_KINDS: { kind: string; weight: number; make(context: CfnContext, id: string): Resource }[] = [
  {
    kind: 'Instance',
    weight: 3,
    make: ({ random, ...context }, id) => ({
      Type: 'AWS::EC2::Instance',
      Properties: {
        ImageId: `ami-0${random.int(10000000, 99999999).toString(16)}abcdef0`,
        InstanceType: random.pick(['t3.micro', 't3.small', 'm6i.large', 'c7g.xlarge']),
        KeyName: random.chance(0.3) ? `${random.word()}-key` : ref('KeyName'),
        SubnetId: ref(recent({ random, ...context }, 'Subnet', 'PrivateSubnet')),
        SecurityGroupIds: [ref(recent({ random, ...context }, 'SecurityGroup', 'DefaultSecurityGroup'))],
        IamInstanceProfile: ref(recent({ random, ...context }, 'InstanceProfile', 'AppInstanceProfile')),
        Monitoring: random.chance(0.7),
        BlockDeviceMappings: [
          { DeviceName: '/dev/xvda', Ebs: { VolumeSize: random.pick([8, 20, 50, 100]), VolumeType: 'gp3', Encrypted: random.chance(0.8), DeleteOnTermination: true } },
        ],
        MetadataOptions: { HttpTokens: random.pick(['required', 'optional']), HttpEndpoint: 'enabled' },
        UserData: new Fn('Base64', sub(`#!/bin/bash\nyum update -y\necho \${AWS::StackName}-${id} > /etc/motd\n`)),
        Tags: tags(random, id),
      },
    }),
  },
  {
    kind: 'SecurityGroup',
    weight: 3,
    make: ({ random }, id) => {
      const ingress: Value[] = [];
      for (let rule = random.int(1, 5); rule > 0; rule--) {
        const port = random.pick([22, 80, 443, 3306, 5432, 6379, 8080, 3389]);
        ingress.push({
          IpProtocol: 'tcp',
          FromPort: port,
          ToPort: port,
          CidrIp: random.chance(0.2) ? '0.0.0.0/0' : `10.${random.int(0, 255)}.0.0/16`,
          Description: `${random.word()} access on ${port}`,
        });
      }
      return {
        Type: 'AWS::EC2::SecurityGroup',
        Properties: {
          GroupDescription: `Security group for ${id}`,
          VpcId: ref('Vpc'),
          SecurityGroupIngress: ingress,
          SecurityGroupEgress: [{ IpProtocol: '-1', CidrIp: '0.0.0.0/0' }],
          Tags: tags(random, id),
        },
      };
    },
  },
  {
    kind: 'Database',
    weight: 2,
    make: ({ random, ...context }, id) => ({
      Type: 'AWS::RDS::DBInstance',
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: {
        Engine: random.pick(['postgres', 'mysql', 'mariadb']),
        EngineVersion: random.pick(['16.3', '8.0.36', '10.11.6']),
        DBInstanceClass: random.pick(['db.t3.micro', 'db.m6g.large', 'db.r6g.xlarge']),
        AllocatedStorage: String(random.pick([20, 100, 500])),
        MasterUsername: random.word(),
        MasterUserPassword: random.chance(0.9) ? `{{resolve:secretsmanager:${id}-secret:SecretString:password}}` : `hunter${random.int(100, 999)}-not-secret`,
        PubliclyAccessible: random.chance(0.1),
        StorageEncrypted: random.chance(0.85),
        KmsKeyId: ref(recent({ random, ...context }, 'Key', 'DataKey')),
        MultiAZ: random.chance(0.5),
        BackupRetentionPeriod: random.int(0, 35),
        AutoMinorVersionUpgrade: random.chance(0.8),
        PreferredMaintenanceWindow: 'sun:04:00-sun:05:00',
        DeletionProtection: random.chance(0.7),
        VPCSecurityGroups: [getAtt(recent({ random, ...context }, 'SecurityGroup', 'DefaultSecurityGroup'), 'GroupId')],
        Tags: tags(random, id),
      },
    }),
  },
  {
    kind: 'Bucket',
    weight: 3,
    make: ({ random }, id) => ({
      Type: 'AWS::S3::Bucket',
      DeletionPolicy: 'Retain',
      Properties: {
        BucketName: sub(`\${AWS::StackName}-${id.toLowerCase()}`),
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: random.chance(0.5) ? ({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ref('DataKey') } as Value) : { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }],
        },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: random.chance(0.9), IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: random.pick(['Enabled', 'Suspended']) },
        LoggingConfiguration: { DestinationBucketName: ref('LogBucket'), LogFilePrefix: `${id}/` },
        LifecycleConfiguration: { Rules: [{ Id: 'expire-old', Status: 'Enabled', ExpirationInDays: random.int(30, 3650), NoncurrentVersionExpiration: { NoncurrentDays: 30 } }] },
        Tags: tags(random, id),
      },
    }),
  },
  {
    kind: 'BucketPolicy',
    weight: 2,
    make: ({ random, ...context }) => {
      const bucket = recent({ random, ...context }, 'Bucket', 'LogBucket');
      return {
        Type: 'AWS::S3::BucketPolicy',
        Properties: {
          Bucket: ref(bucket),
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: <Value[]>[
              {
                Sid: 'DenyInsecureTransport',
                Effect: 'Deny',
                Principal: '*',
                Action: 's3:*',
                Resource: [getAtt(bucket, 'Arn'), sub(`\${${bucket}.Arn}/*`)],
                Condition: { Bool: { 'aws:SecureTransport': false } },
              },
              { Sid: 'AllowApp', Effect: 'Allow', Principal: random.chance(0.1) ? '*' : { AWS: getAtt(recent({ random, ...context }, 'Role', 'AppRole'), 'Arn') }, Action: ['s3:GetObject'], Resource: sub(`\${${bucket}.Arn}/*`) },
            ],
          },
        },
      };
    },
  },
  {
    kind: 'Role',
    weight: 3,
    make: ({ random }, id) => ({
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: sub(`\${AWS::StackName}-${id}`),
        Path: '/service/',
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { Service: [random.pick(['lambda.amazonaws.com', 'ec2.amazonaws.com', 'ecs-tasks.amazonaws.com'])] }, Action: ['sts:AssumeRole'] }],
        },
        ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        Policies: [
          {
            PolicyName: `${id}-inline`,
            PolicyDocument: { Version: '2012-10-17', Statement: [statement(random, sub(`arn:aws:s3:::\${AWS::StackName}-${random.word()}/*`)), statement(random, '*')] },
          },
        ],
        Tags: tags(random, id),
      },
    }),
  },
  {
    kind: 'Function',
    weight: 3,
    make: ({ random, ...context }, id) => {
      const variables: { [key: string]: Value } = { TABLE_NAME: ref(recent({ random, ...context }, 'Table', 'SessionsTable')), LOG_LEVEL: random.pick(['info', 'debug', 'warn']), STAGE: ref('Stage') };
      if (random.chance(0.3)) variables.API_URL = sub('https://api.${AWS::Region}.example.com');
      if (random.chance(0.05)) variables.API_TOKEN = `sk-live-${random.int(100000, 999999)}abcdef`;
      return {
        Type: 'AWS::Lambda::Function',
        Properties: {
          FunctionName: sub(`\${AWS::StackName}-${id}`),
          Runtime: random.pick(['nodejs20.x', 'python3.12', 'java21', 'nodejs16.x']),
          Handler: 'index.handler',
          Role: getAtt(recent({ random, ...context }, 'Role', 'AppRole'), 'Arn'),
          Code: { S3Bucket: ref('ArtifactBucket'), S3Key: `functions/${id}.zip` },
          MemorySize: random.pick([128, 256, 512, 1024]),
          Timeout: random.int(3, 900),
          Environment: { Variables: variables },
          TracingConfig: { Mode: random.pick(['Active', 'PassThrough']) },
          VpcConfig: { SecurityGroupIds: [ref(recent({ random, ...context }, 'SecurityGroup', 'DefaultSecurityGroup'))], SubnetIds: [ref('PrivateSubnetA'), ref('PrivateSubnetB')] },
          Tags: tags(random, id),
        },
      };
    },
  },
  {
    kind: 'Table',
    weight: 2,
    make: ({ random }, id) => ({
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        TableName: sub(`\${AWS::StackName}-${id}`),
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
        SSESpecification: { SSEEnabled: random.chance(0.8) },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: random.chance(0.7) },
      },
    }),
  },
  {
    kind: 'Queue',
    weight: 1,
    make: ({ random }, id) => ({
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: `${id}-queue`, VisibilityTimeout: random.int(30, 900), SqsManagedSseEnabled: random.chance(0.8), MessageRetentionPeriod: 1209600 },
    }),
  },
  {
    kind: 'Key',
    weight: 1,
    make: ({ random }, id) => ({
      Type: 'AWS::KMS::Key',
      Properties: {
        Description: `Key for ${id}`,
        EnableKeyRotation: random.chance(0.8),
        KeyPolicy: { Version: '2012-10-17', Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: sub('arn:aws:iam::${AWS::AccountId}:root') }, Action: 'kms:*', Resource: '*' }] },
      },
    }),
  },
  {
    kind: 'LogGroup',
    weight: 1,
    make: ({ random }, id) => ({ Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: `/app/${id}`, RetentionInDays: random.pick([7, 30, 365]) } }),
  },
];

const TOTAL_WEIGHT = RESOURCE_KINDS.reduce((sum, kind) => sum + kind.weight, 0);

function pickKind(random: Random): (typeof RESOURCE_KINDS)[number] {
  let roll = random.next() * TOTAL_WEIGHT;
  for (const kind of RESOURCE_KINDS) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return RESOURCE_KINDS[0];
}

function cfnSkeleton(): { [key: string]: Value } {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Generated benchmark template',
    Parameters: {
      Stage: { Type: 'String', AllowedValues: ['dev', 'prod'], Default: 'dev' },
      KeyName: { Type: 'AWS::EC2::KeyPair::KeyName' },
      DBPassword: { Type: 'String', NoEcho: true },
    },
  };
}

/** Resources until the emitted text has at least `lines` lines. */
function cfnResources(lines: number, seed: number, linesOf: (id: string, resource: Resource) => number): { [key: string]: Value } {
  const random = new Random(seed);
  const context: CfnContext = { random, index: 0, ids: new Map() };
  const resources: { [key: string]: Value } = {};
  let total = 12;
  while (total < lines) {
    const kind = pickKind(random);
    const word = random.word();
    const id = `${kind.kind}${word[0].toUpperCase()}${word.slice(1)}${context.index++}`;
    const resource = kind.make(context, id);
    resources[id] = resource;
    total += linesOf(id, resource);
    if (!context.ids.has(kind.kind)) context.ids.set(kind.kind, []);
    context.ids.get(kind.kind)!.push(id);
  }
  return resources;
}

export function cloudFormationYaml(lines: number, seed = 1): string {
  const template = cfnSkeleton();
  template.Resources = cfnResources(lines, seed, (id, resource) => countLines(yamlEntry(id, resource, 1)));
  template.Outputs = { StackName: { Value: ref('AWS::StackName') } };
  return `${yamlMap(template, 0)}`;
}

export function cloudFormationJson(lines: number, seed = 1): string {
  const template = cfnSkeleton();
  template.Resources = cfnResources(lines, seed, (_id, resource) => countLines(JSON.stringify(toJson(resource), null, 2)));
  template.Outputs = { StackName: { Value: ref('AWS::StackName') } };
  return `${JSON.stringify(toJson(template), null, 2)}\n`;
}

function countLines(text: string): number {
  let count = 1;
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 10) count++;
  return count;
}

function toJson(value: Value): unknown {
  if (value instanceof Fn) {
    const name = value.name === 'Ref' ? 'Ref' : `Fn::${value.name}`;
    const argument = value.name === 'GetAtt' && typeof value.argument === 'string' ? value.argument.split('.') : toJson(value.argument);
    return { [name]: argument };
  }
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, toJson(child)]));
  return value;
}

const PLAIN = /^[A-Za-z_/][A-Za-z0-9_.\-/ :]*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|null|y|n|~)$/i;

function yamlScalar(value: string | number | boolean): string {
  if (typeof value !== 'string') return String(value);
  if (PLAIN.test(value) && !RESERVED.test(value) && !/[ :]$/.test(value) && !value.includes(': ')) return value;
  return JSON.stringify(value);
}

function yamlInline(value: Value): string | undefined {
  if (value instanceof Fn) {
    if (typeof value.argument === 'string') return `!${value.name} ${yamlScalar(value.argument)}`;
    // A node has at most one tag: `!Base64 !Sub x` is invalid YAML, so nested functions are written long-form.
    if (value.argument instanceof Fn) return undefined;
    const inner = yamlInline(value.argument);
    return inner === undefined ? undefined : `!${value.name} ${inner}`;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return undefined;
  }
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '{}' : undefined;
  return yamlScalar(value);
}

function yamlEntry(key: string, value: Value, depth: number): string {
  const pad = '  '.repeat(depth);
  const inline = yamlInline(value);
  if (inline !== undefined) return `${pad}${yamlScalar(key)}: ${inline}`;
  if (value instanceof Fn && value.argument instanceof Fn) return `${pad}${yamlScalar(key)}:\n${yamlEntry(`Fn::${value.name}`, value.argument, depth + 1)}`;
  if (value instanceof Fn) return `${pad}${yamlScalar(key)}: !${value.name}\n${yamlBlock(value.argument, depth + 1)}`;
  return `${pad}${yamlScalar(key)}:\n${yamlBlock(value, depth + 1)}`;
}

function yamlBlock(value: Value, depth: number): string {
  if (Array.isArray(value)) return yamlSeq(value, depth);
  return yamlMap(value as { [key: string]: Value }, depth);
}

function yamlMap(value: { [key: string]: Value }, depth: number): string {
  return Object.entries(value)
    .map(([key, child]) => yamlEntry(key, child, depth))
    .join('\n');
}

function yamlSeq(items: Value[], depth: number): string {
  const pad = '  '.repeat(depth);
  return items
    .map((item) => {
      const inline = yamlInline(item);
      if (inline !== undefined) return `${pad}- ${inline}`;
      // "- Key: v" with the rest of the map aligned under the first key.
      const block = yamlBlock(item, depth + 1);
      return `${pad}- ${block.slice(pad.length + 2)}`;
    })
    .join('\n');
}

// ---------------------------------------------------------------------------
// Terraform.

const TF_KINDS: { weight: number; make(random: Random, name: string, previous: Map<string, string[]>): string }[] = [
  {
    weight: 3,
    make: (random, name, previous) => `resource "aws_instance" "${name}" {
  ami                    = "ami-0${random.int(10000000, 99999999).toString(16)}abcdef0"
  instance_type          = var.instance_type
  subnet_id              = aws_subnet.private.id
  vpc_security_group_ids = [aws_security_group.${pickName(random, previous, 'aws_security_group', 'default')}.id]
  iam_instance_profile   = aws_iam_instance_profile.app.name
  monitoring             = ${random.chance(0.7)}

  root_block_device {
    volume_size = ${random.pick([8, 20, 50])}
    volume_type = "gp3"
    encrypted   = ${random.chance(0.8)}
  }

  metadata_options {
    http_tokens   = "${random.pick(['required', 'optional'])}"
    http_endpoint = "enabled"
  }

  user_data = <<-EOT
    #!/bin/bash
    yum update -y
    echo "${name}" > /etc/motd
  EOT

  tags = {
    Name = "${name}"
    team = "${random.word()}"
  }
}
`,
  },
  {
    weight: 3,
    make: (random, name) => {
      const rules: string[] = [];
      for (let rule = random.int(1, 5); rule > 0; rule--) {
        const port = random.pick([22, 80, 443, 3306, 5432, 6379, 8080, 3389]);
        rules.push(`  ingress {
    description = "${random.word()} on ${port}"
    from_port   = ${port}
    to_port     = ${port}
    protocol    = "tcp"
    cidr_blocks = ["${random.chance(0.2) ? '0.0.0.0/0' : `10.${random.int(0, 255)}.0.0/16`}"]
  }
`);
      }
      return `resource "aws_security_group" "${name}" {
  name        = "${name}"
  description = "Security group for ${name}"
  vpc_id      = aws_vpc.main.id

${rules.join('\n')}
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
    },
  },
  {
    weight: 2,
    make: (random, name) => `resource "aws_db_instance" "${name}" {
  identifier                 = "${name.replace(/_/g, '-')}"
  engine                     = "${random.pick(['postgres', 'mysql'])}"
  engine_version             = "${random.pick(['16.3', '8.0.36'])}"
  instance_class             = "${random.pick(['db.t3.micro', 'db.m6g.large'])}"
  allocated_storage          = ${random.pick([20, 100, 500])}
  username                   = "${random.word()}"
  password                   = var.db_password
  publicly_accessible        = ${random.chance(0.1)}
  storage_encrypted          = ${random.chance(0.85)}
  kms_key_id                 = aws_kms_key.data.arn
  multi_az                   = ${random.chance(0.5)}
  backup_retention_period    = ${random.int(0, 35)}
  auto_minor_version_upgrade = ${random.chance(0.8)}
  deletion_protection        = ${random.chance(0.7)}
  skip_final_snapshot        = false
  vpc_security_group_ids     = [aws_security_group.db.id]
}
`,
  },
  {
    weight: 3,
    make: (random, name) => `resource "aws_s3_bucket" "${name}" {
  bucket = "\${var.prefix}-${name.replace(/_/g, '-')}"
  tags = {
    Name = "${name}"
  }
}

resource "aws_s3_bucket_public_access_block" "${name}" {
  bucket                  = aws_s3_bucket.${name}.id
  block_public_acls       = true
  block_public_policy     = ${random.chance(0.9)}
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_policy" "${name}" {
  bucket = aws_s3_bucket.${name}.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = ["\${aws_s3_bucket.${name}.arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
    ]
  })
}
`,
  },
  {
    weight: 3,
    make: (random, name) => `resource "aws_iam_role" "${name}" {
  name = "${name}"
  path = "/service/"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "${random.pick(['lambda.amazonaws.com', 'ec2.amazonaws.com'])}" }
      Action    = "sts:AssumeRole"
    }]
  })

  inline_policy {
    name = "${name}-inline"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["${random.pick(['s3:GetObject', 'dynamodb:GetItem', 'sqs:SendMessage', '*'])}"]
        Resource = "*"
      }]
    })
  }
}
`,
  },
  {
    weight: 3,
    make: (random, name, previous) => `resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  runtime       = "${random.pick(['nodejs20.x', 'python3.12', 'nodejs16.x'])}"
  handler       = "index.handler"
  role          = aws_iam_role.${pickName(random, previous, 'aws_iam_role', 'app')}.arn
  s3_bucket     = var.artifact_bucket
  s3_key        = "functions/${name}.zip"
  memory_size   = ${random.pick([128, 256, 512])}
  timeout       = ${random.int(3, 900)}

  environment {
    variables = {
      TABLE_NAME = aws_dynamodb_table.sessions.name
      LOG_LEVEL  = "${random.pick(['info', 'debug'])}"
      STAGE      = var.stage
    }
  }

  tracing_config {
    mode = "${random.pick(['Active', 'PassThrough'])}"
  }
}
`,
  },
  {
    weight: 2,
    make: (random, name) => `resource "aws_dynamodb_table" "${name}" {
  name         = "${name}"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"

  attribute {
    name = "pk"
    type = "S"
  }

  server_side_encryption {
    enabled = ${random.chance(0.8)}
  }

  point_in_time_recovery {
    enabled = ${random.chance(0.7)}
  }
}
`,
  },
  {
    weight: 1,
    make: (random, name) => `resource "aws_sqs_queue" "${name}" {
  name                       = "${name}"
  visibility_timeout_seconds = ${random.int(30, 900)}
  sqs_managed_sse_enabled    = ${random.chance(0.8)}
}
`,
  },
];

const TF_TYPES = ['aws_instance', 'aws_security_group', 'aws_db_instance', 'aws_s3_bucket', 'aws_iam_role', 'aws_lambda_function', 'aws_dynamodb_table', 'aws_sqs_queue'];

function pickName(random: Random, previous: Map<string, string[]>, type: string, fallback: string): string {
  const list = previous.get(type);
  return list?.length ? random.pick(list.slice(-8)) : fallback;
}

export function terraform(lines: number, seed = 1): string {
  const random = new Random(seed);
  const previous = new Map<string, string[]>();
  const parts = [
    `terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  common_tags = { project = "bench" }
}
`,
  ];
  let total = countLines(parts[0]);
  let index = 0;
  const weights = TF_KINDS.reduce((sum, kind) => sum + kind.weight, 0);
  while (total < lines) {
    let roll = random.next() * weights;
    let chosen = 0;
    for (; chosen < TF_KINDS.length - 1; chosen++) {
      roll -= TF_KINDS[chosen].weight;
      if (roll < 0) break;
    }
    const name = `${random.word()}_${index++}`;
    const block = TF_KINDS[chosen].make(random, name, previous);
    parts.push(block);
    total += countLines(block);
    const type = TF_TYPES[chosen];
    if (!previous.has(type)) previous.set(type, []);
    previous.get(type)!.push(name);
  }
  return parts.join('\n');
}

// ---------------------------------------------------------------------------
// Small files of a mixed workspace.

export function dockerfile(random: Random): string {
  const base = random.pick(['node:20-alpine', 'python:3.12-slim', 'ubuntu:22.04', 'golang:1.22']);
  return `FROM ${base} AS build
WORKDIR /app
COPY package*.json ./
RUN apt-get update && apt-get install -y curl ca-certificates && rm -rf /var/lib/apt/lists/*
COPY . .
ENV PORT=${random.int(3000, 9000)} NODE_ENV=production
${random.chance(0.2) ? 'ENV API_TOKEN=sk-live-0123456789abcdef\n' : ''}EXPOSE ${random.int(3000, 9000)}
${random.chance(0.5) ? 'USER node\n' : ''}HEALTHCHECK CMD curl -f http://localhost/health || exit 1
CMD ["node", "server.js"]
`;
}

export function dotenv(random: Random): string {
  return `# ${random.word()} service
AWS_REGION=eu-west-1
LOG_LEVEL=${random.pick(['info', 'debug'])}
DATABASE_URL=postgres://app:${random.chance(0.3) ? 'hunter2' : '${DB_PASSWORD}'}@db:5432/${random.word()}
${random.chance(0.2) ? 'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n' : ''}FEATURE_FLAGS=${random.word()},${random.word()}
PORT=${random.int(3000, 9000)}
`;
}

export function kubernetes(random: Random, name: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels:
    app: ${name}
spec:
  replicas: ${random.int(1, 5)}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      serviceAccountName: ${name}
      containers:
        - name: app
          image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/${name}:1.${random.int(0, 40)}
          ports:
            - containerPort: ${random.int(3000, 9000)}
          securityContext:
            privileged: ${random.chance(0.1)}
            runAsNonRoot: ${random.chance(0.8)}
            allowPrivilegeEscalation: false
          env:
            - name: LOG_LEVEL
              value: info
          resources:
            limits:
              cpu: 500m
              memory: 256Mi
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  type: ${random.pick(['ClusterIP', 'LoadBalancer'])}
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8080
`;
}

export function serverless(random: Random, name: string): string {
  return `service: ${name}
frameworkVersion: "3"
provider:
  name: aws
  runtime: ${random.pick(['nodejs20.x', 'python3.12', 'nodejs16.x'])}
  region: eu-west-1
  tracing:
    lambda: true
  environment:
    TABLE_NAME: \${self:service}-table
  iam:
    role:
      statements:
        - Effect: Allow
          Action:
            - dynamodb:GetItem
            - dynamodb:PutItem
          Resource: "*"
functions:
  api:
    handler: handler.api
    events:
      - httpApi:
          path: /items
          method: get
resources:
  Resources:
    ItemsTable:
      Type: AWS::DynamoDB::Table
      Properties:
        BillingMode: PAY_PER_REQUEST
        AttributeDefinitions:
          - AttributeName: id
            AttributeType: S
        KeySchema:
          - AttributeName: id
            KeyType: HASH
`;
}

export function appConfig(random: Random): string {
  return JSON.stringify({ name: random.word(), version: `1.${random.int(0, 9)}.0`, scripts: { start: 'node server.js' }, dependencies: { express: '^4.19.0' } }, null, 2);
}

export interface WorkspaceFile {
  path: string;
  text: string;
}

/**
 * A mixed workspace: CloudFormation (YAML, JSON), Terraform, Kubernetes,
 * Serverless, Dockerfiles, .env files and unrelated files, in nested folders.
 */
export function workspace(fileCount: number, seed = 7): WorkspaceFile[] {
  const random = new Random(seed);
  const files: WorkspaceFile[] = [];
  for (let index = 0; index < fileCount; index++) {
    const folder = `services/${random.word()}-${index % 97}`;
    const roll = random.next();
    const lines = random.int(60, 400);
    const fileSeed = seed * 100_003 + index;
    if (roll < 0.25) files.push({ path: `${folder}/template-${index}.yaml`, text: cloudFormationYaml(lines, fileSeed) });
    else if (roll < 0.35) files.push({ path: `${folder}/template-${index}.json`, text: cloudFormationJson(lines, fileSeed) });
    else if (roll < 0.55) files.push({ path: `${folder}/infra/main-${index}.tf`, text: terraform(lines, fileSeed) });
    else if (roll < 0.65) files.push({ path: `${folder}/k8s/deployment-${index}.yaml`, text: kubernetes(random, `${random.word()}-${index}`) });
    else if (roll < 0.7) files.push({ path: `${folder}/api-${index}/serverless.yml`, text: serverless(random, `${random.word()}-${index}`) });
    else if (roll < 0.78) files.push({ path: `${folder}/image-${index}/Dockerfile`, text: dockerfile(random) });
    else if (roll < 0.84) files.push({ path: `${folder}/app-${index}/.env`, text: dotenv(random) });
    else if (roll < 0.92) files.push({ path: `${folder}/package-${index}.json`, text: appConfig(random) });
    else files.push({ path: `${folder}/docs/notes-${index}.md`, text: `# Notes ${index}\n\n${random.word()} ${random.word()}\n` });
  }
  return files;
}
