/**
 * Literal secrets (issue 11, class 2): one recognizer (src/core/engine/secrets.ts)
 * for every format. A value is a secret when its key names a secret value and
 * it looks like one, or when it has a known credential shape whatever its key.
 * Each case is a minimal reproduction of a pattern seen in real repositories.
 * Tokens are assembled at run time so that no credential-shaped string sits
 * in the source.
 */
import assert from 'node:assert/strict';
import { analyze } from '../../src/core';
import { credentialShape, findSecret, isPlaceholder, looksLikeSecretValue, maskSecretsInText, secretNameKind, secretsInText } from '../../src/core/engine/secrets';
import type { Finding } from '../../src/core/types';
import { lineOf, slice } from './helpers';
import { prepareFormats } from './robustnessFormats';

const RULE = 'literal-secret';
const KEY_ID = ['AKIA', 'Q3EGRT7Z', 'WJ5XHN2P'].join('');
const EXAMPLE_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
const GITHUB = ['ghp', '_', 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'].join('');
const SLACK = ['xoxb', '-', '2048118', '-', 'Qz8kW2n5Rt0vYb'].join('');
const STRIPE = ['sk', '_live_', '4eC39HqLyjWDarjtT1zdp7dc'].join('');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJ1c2VyIjoib3BzLWJvdCIsInJvbGUiOiJhZG1pbiJ9', 'k7Vq3mXw9TzL2pRj8sNc4Hd6'].join('.');
const PEM = ['-----BEGIN RSA', 'PRIVATE KEY-----'].join(' ');

function secrets(text: string, fileName: string): Finding[] {
  return analyze(text, fileName).findings.filter((finding) => finding.ruleId === RULE);
}

describe('literal secrets', () => {
  it('masks long tokens in free text but not a Terraform resource id made of snake_case words', () => {
    assert.equal(maskSecretsInText('aws_route53domains_registered_domain.fail'), 'aws_route53domains_registered_domain.fail');
    assert.equal(maskSecretsInText('token 9f3b2c1d8e7a6f5b4c3d2e1f0a9b8c7d6e5f4a3b'), 'token ********');
    assert.equal(maskSecretsInText('x_9f3b2c1d8e7a6f5b4c3d2e1f0a9b8c7d6e5f4a3b_y'), '********');
  });

  before(async () => {
    await prepareFormats();
  });

  describe('case 1: a key that names a secret value', () => {
    it('password, secret, token, API key, private key, credential', () => {
      for (const [name, strength] of [
        ['MasterUserPassword', 'chosen'],
        ['DB_PASSWORD', 'chosen'],
        ['db.pass', 'chosen'],
        ['spring.datasource.password', 'chosen'],
        ['AuthToken', 'issued'],
        ['GITHUB_TOKEN', 'issued'],
        ['client_secret', 'issued'],
        ['SECRET_KEY_BASE', 'issued'],
        ['AWS_SECRET_ACCESS_KEY', 'issued'],
        ['stripeApiKey', 'issued'],
        ['PRIVATE_KEY', 'issued'],
        ['SecretString', 'issued'],
      ] as const) {
        assert.equal(secretNameKind(name), strength, name);
      }
    });

    it('not the name, ARN, id, unit, length, count, type or switch of one', () => {
      for (const name of [
        'SecretName',
        'SecretArn',
        'APP_PRIVATE_KEY_SECRET_NAME',
        'KmsKeyId',
        'ACCESS_KEY_ID',
        'MINIO_ACCESS_KEY',
        'PASSWORD_ITERATIONS',
        'PasswordLength',
        'AccessTokenValidity',
        'IsValueSecret',
        'ManageMasterUserPassword',
        'PARAMETERS_SECRETS_EXTENSION_HTTP_PORT',
        'MAX_TOKENS',
        'ServiceToken',
        'creation_token',
        'EventSourceToken',
        'ClientRequestToken',
        'ssh_public_key',
        'SecretKeyRef',
        'secrets',
      ]) {
        assert.equal(secretNameKind(name), undefined, name);
      }
      assert.equal(secretNameKind('AccessToken', 'TokenValidityUnits'), undefined, 'the units of a token are not one');
    });

    it('the value must look like a secret: not a reference, number, boolean, unit word, ARN or placeholder', () => {
      for (const value of [
        '<<Enter your APIKeyValue>>',
        'YOUR-SECRET-HERE',
        'REPLACE-WITH-YOUR-SECRET-HERE',
        'INSERT_ETCD_INITIAL_CLUSTER_TOKEN',
        'changeme',
        'xxxxxxxx',
        '${DB_PASSWORD}',
        '{{resolve:secretsmanager:prod/db:SecretString:password}}',
        'arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf',
        '$$.Task.Token',
        '4096',
        'true',
        'hours',
        'Enabled',
        '/run/secrets/db_password',
        'prod/app/db-password',
        'Bearer <<Enter your token>>',
      ]) {
        assert.equal(looksLikeSecretValue(value, 'chosen'), false, value);
      }
      assert.ok(isPlaceholder('<PASSWORD_UPDATE_ME>'));
      assert.ok(isPlaceholder('nvapi-NVKEY'), 'a vendor prefix with a capitalised stand-in');
      assert.ok(!isPlaceholder('nvapi-Zq8TfK2mWx'), 'a vendor prefix with an issued body');
      assert.ok(isPlaceholder('GEN-PASSWORD'), 'capital words that name the secret');
      assert.ok(!isPlaceholder('K7QX2-PASSWORD'), 'digits: not a name');
      assert.ok(!isPlaceholder('Gen-Password'), 'a chosen password in mixed case');
    });

    it('a password is whatever was chosen; a token or key must look issued (long and varied, not a name)', () => {
      assert.ok(looksLikeSecretValue('wordpress', 'chosen'), 'a weak password is still a literal password');
      assert.ok(!looksLikeSecretValue('abc123', 'issued'));
      assert.ok(!looksLikeSecretValue('my-app-secret', 'issued'));
      assert.ok(!looksLikeSecretValue('MySecretName', 'issued'));
      assert.ok(looksLikeSecretValue('k3Jd9-vQ2mX7pL', 'issued'));
    });
  });

  describe('case 2: a known credential shape, whatever the key', () => {
    it('AWS key ids, PEM private keys, GitHub, Slack and Stripe tokens, JWTs, passwords in URLs and connection strings', () => {
      for (const [value, what] of [
        [KEY_ID, 'AWS access key id'],
        [`${PEM}\nMIIEow`, 'private key'],
        [GITHUB, 'GitHub token'],
        [SLACK, 'Slack token'],
        [STRIPE, 'Stripe secret key'],
        [JWT, 'JSON Web Token'],
        ['postgres://app:Tr0ub4dor-7@db.internal:5432/app', 'password in a postgres URL'],
        ['https://deploy:s3cr3t-Pa55@git.example.org/repo.git', 'password in a https URL'],
        ['Server=db;Database=app;User Id=app;Password=Tr0ub4dor-7;', 'password in a connection string'],
      ]) {
        assert.equal(credentialShape(value)?.what, what, value.slice(0, 12));
        assert.equal(findSecret('SETTING', value)?.what, what, 'whatever the key');
      }
    });

    it('Azure connection strings: the storage account key and the shared access key are secrets, found at their characters', () => {
      const storage = 'DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8xMjM0NTY3ODkw==;EndpointSuffix=core.windows.net';
      const bus = 'Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=q8Xn4Vb2mK7pL9sR3tW6yZ1aC5eG0hJ2kM4nP7qS9uV=';
      for (const text of [storage, bus]) {
        const [hit] = secretsInText(text);
        assert.match(text.slice(hit.start, hit.start + hit.length), /^[A-Za-z0-9+/]{40,}=+$/, text.slice(0, 20));
      }
      assert.deepEqual(secretsInText('AccountName=contoso;AccountKey=[parameters(\'key\')]'), [], 'a reference is not a key');
      assert.equal(findSecret('aws_access_key_id', 'AKIDPLACEHOLDERVALUE'), undefined, 'an AWS access key names the key id, not a secret');
      assert.equal(findSecret('Password', 'PrivateSettingsRef:AdminPassword'), undefined, 'the DSC extension’s reference to its protected settings');
      assert.deepEqual(secretsInText("openssl pkcs12 -export -out ca.pfx -inkey ca.key -password 'pass:'\n"), [], 'an empty OpenSSL passphrase');
      assert.equal(secretsInText("openssl pkcs12 -export -password 'pass:Hunter2-Tr0ub4dor'\n").length, 1, 'a written OpenSSL passphrase is still one');
    });

    it('stand-ins of the right shape and interpolated URL passwords are not secrets', () => {
      assert.equal(credentialShape(['sk', '_live_', 'x'.repeat(24)].join('')), undefined);
      assert.equal(credentialShape('postgres://app:${DB_PASSWORD}@db:5432/app'), undefined);
      assert.equal(credentialShape('redis://:changeme@cache:6379'), undefined);
    });

    it('public identifiers are not secrets: an Alexa skill id, an account id, a public key', () => {
      assert.equal(findSecret('EventSourceToken', 'amzn1.ask.skill.4c5a1e82-1c2d-4e5f-9a8b-7c6d5e4f3a2b'), undefined);
      assert.equal(findSecret('AUTH_TOKEN', 'amzn1.ask.skill.4c5a1e82-1c2d-4e5f-9a8b-7c6d5e4f3a2b'), undefined);
      assert.equal(findSecret('TrustedAccountToken', '111122223333'), undefined);
      assert.equal(findSecret('STRIPE_PUBLISHABLE_KEY', 'pk_live_51HqLyjWDarjtT1zdp7dc'), undefined);
    });
  });

  describe('in scripts', () => {
    it('finds assignments and flags whose name says secret, and shapes anywhere, each at its own characters', () => {
      const script = `#!/bin/bash\nexport DB_HOST=db.internal\nexport DB_PASSWORD='Sup3r-Secret'\nmysql --password=Tr0ub4dor-7 -h db\naws configure set aws_access_key_id ${KEY_ID}\n`;
      const hits = secretsInText(script);
      assert.deepEqual(
        hits.map((hit) => script.slice(hit.start, hit.start + hit.length)),
        ['Sup3r-Secret', 'Tr0ub4dor-7', KEY_ID],
      );
    });

    it('does not read variables in code, or versions in lists, as secrets', () => {
      assert.deepEqual(secretsInText('const params = { LifecycleActionToken: lcaToken };\ncredentials-binding:523.vd859a_4b_122e6\n'), []);
    });

    it('does not read code after a string that ends in `=` as the value of that name', () => {
      // SigV4 signing code inline in a Lambda ZipFile (aws-samples/serverless-samples).
      const code = "authorization_header = algorithm + ' ' + 'Credential=' + access_key + '/' + credential_scope + ', ' + 'Signature=' + signature\n";
      assert.deepEqual(secretsInText(code), []);
      // A quoted value after a name outside any string is still read.
      const literal = `${code}export DB_PASSWORD='Tr0ub4dor-7x'\n`;
      assert.deepEqual(secretsInText(literal).map((hit) => literal.slice(hit.start, hit.start + hit.length)), ['Tr0ub4dor-7x']);
    });
  });

  describe('CloudFormation and SAM', () => {
    it('the false positives of the issue are gone', () => {
      const text = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  SecretArn:
    Type: String
    Default: arn:aws:secretsmanager:us-east-1:111122223333:secret:db-AbCdEf
  EncryptSecrets:
    Type: String
    AllowedValues: [Enabled, Disabled]
    Default: Enabled
  DbPasswordParameter:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /prod/db/password
  ApiKeyValue:
    Type: String
    NoEcho: true
    Default: '<<Enter your APIKeyValue>>'
Resources:
  Client:
    Type: AWS::Cognito::UserPoolClient
    Properties:
      UserPoolId: !Ref Pool
      TokenValidityUnits:
        AccessToken: hours
        RefreshToken: days
  Connection:
    Type: AWS::Events::Connection
    Properties:
      AuthorizationType: OAUTH_CLIENT_CREDENTIALS
      AuthParameters:
        OAuthParameters:
          OAuthHttpParameters:
            BodyParameters:
              - Key: grant_type
                Value: client_credentials
                IsValueSecret: 'false'
  Custom:
    Type: Custom::Thing
    Properties:
      ServiceToken: !GetAtt Handler.Arn
  Skill:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Handler
      Action: lambda:InvokeFunction
      Principal: alexa-appkit.amazon.com
      EventSourceToken: amzn1.ask.skill.4c5a1e82-1c2d-4e5f-9a8b-7c6d5e4f3a2b
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          SECRET_NAME: !Ref SecretArn
          PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: '2773'
          APP_PRIVATE_KEY_SECRET_NAME: my-secret
`;
      assert.deepEqual(secrets(text, 'template.yaml'), []);
    });

    it('literal secrets stay found: a property, a NoEcho Default, an ECS {Name, Value} pair', () => {
      const text = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  AdminPassword:
    Type: String
    NoEcho: true
    Default: Pass@w0rd
Resources:
  Db:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: myPassword
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      ContainerDefinitions:
        - Name: app
          Environment:
            - Name: DB_HOST
              Value: db.internal
            - Name: DB_PASSWORD
              Value: Tr0ub4dor-7
`;
      const found = secrets(text, 'template.yaml');
      assert.deepEqual(
        found.map((finding) => `${lineOf(text, finding.span.offset)} ${finding.resource}`),
        ['6 AdminPassword', '12 Db', '22 Task'],
      );
      assert.match(found[2].message, /Environment\[1\]\.Value \(DB_PASSWORD\)/);
    });

    it('a secret in UserData written as Fn::Base64: !Sub | is found on its exact line, and interpolations are not secrets', () => {
      const text = `Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0abcdef
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash
          export DB_HOST=\${Db.Endpoint.Address}
          export DB_USER_PASSWORD=\${DbPassword}
          export API_TOKEN=k3Jd9-vQ2mX7pL
          echo ready
`;
      const [finding, ...rest] = secrets(text, 'template.yaml');
      assert.deepEqual(rest, []);
      assert.equal(lineOf(text, finding.span.offset), 11);
      assert.equal(slice(text, finding.span), 'k3Jd9-vQ2mX7pL');
      assert.match(finding.message, /Properties\.UserData \(API_TOKEN\) \(\*+\)/);
      assert.equal(finding.fix, undefined, 'one line of a script is not replaced by a dynamic reference');
    });

    it('JSON written as a string (SecretString) is read by its keys, with the finding on the value', () => {
      const text = `Resources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      SecretString: '{"username": "admin", "password": "Tr0ub4dor-7"}'\n  Generated:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      SecretString: !Sub '{"username": "admin", "password": "\${DbPassword}"}'\n`;
      const [finding, ...rest] = secrets(text, 'template.yaml');
      assert.deepEqual(rest, []);
      assert.equal(slice(text, finding.span), '"password": "Tr0ub4dor-7"');
      assert.match(finding.message, /Properties\.SecretString\.password/);
    });

    it('each branch of an !If is judged on its own characters', () => {
      const text = `Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      MasterUserPassword: !If [UseDefault, 'Tr0ub4dor-7', !Ref DbPassword]\n`;
      const [finding, ...rest] = secrets(text, 'template.yaml');
      assert.deepEqual(rest, []);
      assert.equal(slice(text, finding.span), "'Tr0ub4dor-7'");
    });

    it('plain-string and Fn::Join UserData (JSON templates) are read too', () => {
      const template = {
        Resources: {
          Web: {
            Type: 'AWS::EC2::Instance',
            Properties: {
              ImageId: 'ami-0abcdef',
              UserData: { 'Fn::Base64': { 'Fn::Join': ['', ['#!/bin/bash\n', 'export REGION=', { Ref: 'AWS::Region' }, '\n', `export AWS_ACCESS_KEY_ID=${KEY_ID}\n`]] } },
            },
          },
          Plain: { Type: 'AWS::EC2::Instance', Properties: { ImageId: 'ami-0abcdef', UserData: '#!/bin/bash\nexport MYSQL_PWD=Tr0ub4dor-7\n' } },
        },
      };
      const text = JSON.stringify(template, null, 2);
      assert.deepEqual(
        secrets(text, 'template.json').map((finding) => slice(text, finding.span)),
        [KEY_ID, 'Tr0ub4dor-7'],
      );
    });
  });

  describe('every format, one recognizer', () => {
    it('Terraform: creation_token is not a secret, a literal password and a user_data key are', () => {
      const text = `resource "aws_efs_file_system" "fs" {
  creation_token = "my-product-fs-01"
}
resource "aws_db_instance" "db" {
  password = "Sup3r-Secret-42"
}
resource "aws_instance" "web" {
  user_data = <<EOF
#!/bin/bash
export GH_TOKEN=${GITHUB}
EOF
}
resource "aws_ssm_parameter" "token" {
  name  = "/app/signing"
  type  = "SecureString"
  value = "k3Jd9-vQ2mX7pL"
}
`;
      assert.deepEqual(
        secrets(text, 'main.tf').map((finding) => `${lineOf(text, finding.span.offset)} ${finding.resource}`),
        ['5 aws_db_instance.db', '10 aws_instance.web', '16 aws_ssm_parameter.token'],
      );
    });

    it('Terraform: a secret variable with its default written out, by name or marked sensitive', () => {
      const text = `variable "db_password" {\n  type    = string\n  default = "Tr0ub4dor-7"\n}\nvariable "api_token" {\n  default = ""\n}\nvariable "master" {\n  sensitive = true\n  default   = "Pass@w0rd"\n}\nvariable "db_password_secret_name" {\n  default = "prod/db/password"\n}\n`;
      assert.deepEqual(
        secrets(text, 'variables.tf').map((finding) => `${lineOf(text, finding.span.offset)} ${finding.resource}`),
        ['3 var.db_password', '10 var.master'],
      );
    });

    it('Terraform: credentials written into the aws provider block', () => {
      const text = `provider "aws" {\n  region     = "us-east-1"\n  access_key = "${KEY_ID}"\n  secret_key = "k3Jd9vQ2mX7pLw8Rt5Yz1Nc6Hb4Gf0Sa9Ue3Ix2Oq"\n}\n`;
      assert.deepEqual(
        secrets(text, 'providers.tf').map((finding) => `${lineOf(text, finding.span.offset)} ${finding.resource}`),
        ['3 provider.aws', '4 provider.aws'],
      );
    });

    it('Serverless environment: counts and placeholders are not secrets, a literal token is', () => {
      const text = `service: app
provider:
  name: aws
  runtime: nodejs20.x
  environment:
    PASSWORD_ITERATIONS: 4096
    GITHUB_WEBHOOK_SECRET: REPLACE-WITH-YOUR-SECRET-HERE
    FAUNADB_SECRET: YOUR-SECRET-HERE
    SLACK_TOKEN: ${SLACK}
functions:
  hello:
    handler: handler.hello
`;
      assert.deepEqual(secrets(text, 'serverless.yml').map((finding) => lineOf(text, finding.span.offset)), [9]);
    });

    it('Kubernetes env, Dockerfile ENV/ARG, .env and application config', () => {
      const manifest = `apiVersion: v1
kind: Pod
metadata:
  name: db
spec:
  containers:
    - name: mysql
      image: mysql:8.4
      env:
        - name: MYSQL_ROOT_PASSWORD
          value: supersecret
        - name: MYSQL_PASSWORD
          value: yourpassword
        - name: ETCD_INITIAL_CLUSTER_TOKEN
          value: etcd-cluster-1
`;
      assert.deepEqual(secrets(manifest, 'pod.yaml').map((finding) => lineOf(manifest, finding.span.offset)), [11]);
      const dockerfile = `FROM alpine:3.20\nARG APP_PRIVATE_KEY_SECRET_NAME=my-secret\nENV STRIPE_KEY=${STRIPE}\nENV PORT=8080\nUSER 1000\n`;
      assert.deepEqual(secrets(dockerfile, 'Dockerfile').map((finding) => lineOf(dockerfile, finding.span.offset)), [3]);
      const dotenv = `PORT=2773\nDATABASE_URL=postgres://app:Tr0ub4dor-7@db:5432/app\nSESSION_SECRET=\${SESSION_SECRET}\nJWT=${JWT}\n`;
      assert.deepEqual(secrets(dotenv, '.env').map((finding) => lineOf(dotenv, finding.span.offset)), [2, 4]);
      const properties = `spring.datasource.url=jdbc:mysql://db/app\nspring.datasource.password=Tr0ub4dor-7\napp.api-key=\${API_KEY}\n`;
      assert.deepEqual(secrets(properties, 'application.properties').map((finding) => lineOf(properties, finding.span.offset)), [2]);
    });

    // One test per format, so a mutant in one format's code runs only that format's case.
    const exampleKeyCases: [string, string][] = [
      [`Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Environment:\n        Variables:\n          KEY_ID: ${EXAMPLE_KEY_ID}\n`, 'template.yaml'],
      [`resource "aws_lambda_function" "f" {\n  environment {\n    variables = {\n      key_id = "${EXAMPLE_KEY_ID}"\n    }\n  }\n}\n`, 'main.tf'],
      [`service: s\nprovider:\n  name: aws\n  environment:\n    KEY_ID: ${EXAMPLE_KEY_ID}\n`, 'serverless.yml'],
      [`apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: a:1\n      env:\n        - name: KEY_ID\n          value: ${EXAMPLE_KEY_ID}\n`, 'pod.yaml'],
      [`FROM alpine:3.20\nENV KEY_ID=${EXAMPLE_KEY_ID}\n`, 'Dockerfile'],
      [`AWS_ACCESS_KEY_ID=${EXAMPLE_KEY_ID}\n`, '.env'],
      [`cloud.aws.credentials.access-key=${EXAMPLE_KEY_ID}\n`, 'application.properties'],
    ];
    for (const [text, fileName] of exampleKeyCases) {
      it(`the AWS documentation’s example key is a warning in ${fileName}, and says why`, () => {
        const found = secrets(text, fileName);
        assert.equal(found.length, 1, fileName);
        assert.equal(found[0].severity, 'warning', fileName);
        assert.match(found[0].message, /example key printed in the AWS documentation/, fileName);
      });
    }

    it('a real-looking key id stays an error', () => {
      assert.equal(secrets(`AWS_ACCESS_KEY_ID=${KEY_ID}\n`, '.env')[0].severity, 'error', 'a real-looking key id stays an error');
    });
  });
});
