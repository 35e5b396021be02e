// One AssumeRole with the AWS SDK for JavaScript v3 (@aws-sdk/client-sts) against an endpoint, as an IAM user.
// Usage: node sts/assume-role.mjs ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY ROLE_ARN SESSION_NAME
// Prints one JSON object: the session's ARN and key prefix, and GetCallerIdentity signed with the new credentials.
import { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';

const [endpoint, accessKeyId, secretAccessKey, roleArn, sessionName] = process.argv.slice(2);
const client = (credentials) => new STSClient({ endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });

const assumed = await client({ accessKeyId, secretAccessKey }).send(new AssumeRoleCommand({
  RoleArn: roleArn,
  RoleSessionName: sessionName,
  DurationSeconds: 900,
}));
const session = assumed.Credentials;
const identity = await client({
  accessKeyId: session.AccessKeyId,
  secretAccessKey: session.SecretAccessKey,
  sessionToken: session.SessionToken,
}).send(new GetCallerIdentityCommand({}));
process.stdout.write(JSON.stringify({
  arn: assumed.AssumedRoleUser.Arn,
  keyPrefix: session.AccessKeyId.slice(0, 4),
  expiresInSeconds: Math.round((session.Expiration.getTime() - Date.now()) / 1000),
  identity: identity.Arn,
}));
