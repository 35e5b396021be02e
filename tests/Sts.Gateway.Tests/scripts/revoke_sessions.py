"""AWS's "revoke active sessions" through the gateway, driven by boto3: an inline policy denying everything to sessions
whose aws:TokenIssueTime is before a cutoff (DateLessThan), on a role and on a user. Sessions issued before the cutoff are
refused on S3, STS and IAM; sessions issued after it, and the user's long-term key, are not.

revoke_sessions.py URL ROOT_KEY ROOT_SECRET    prints one JSON document: {check: error code or "ok"}
"""
import json
import sys
import time

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret = sys.argv[1:4]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})


def client(service, key, secret, token=None):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name="us-east-1", config=config)


def outcome(call, **kwargs):
    try:
        call(**kwargs)
        return "ok"
    except ClientError as error:
        return error.response["Error"]["Code"]


def checks(name, creds, role_session=True):
    key, secret, token = creds
    s3, sts = client("s3", key, secret, token), client("sts", key, secret, token)
    result[name + "S3"] = outcome(s3.get_object, Bucket="revoke-bucket", Key="a.txt")
    if role_session:
        result[name + "Sts"] = outcome(sts.decode_authorization_message, EncodedMessage="not-a-sealed-message")
        result[name + "Iam"] = outcome(client("iam", key, secret, token).list_roles)
    else:
        # A GetSessionToken session may not decode messages; it may assume a role.
        result[name + "Sts"] = outcome(sts.assume_role, RoleArn=role["Arn"], RoleSessionName="from-session")


def revoke(put, **kwargs):
    cutoff = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(time.time())))
    put(PolicyName="AWSRevokeOlderSessions", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Action": ["*"], "Resource": ["*"], "Condition": {"DateLessThan": {"aws:TokenIssueTime": cutoff}}}]}), **kwargs)


result = {}
root_iam, root_s3 = client("iam", root_key, root_secret), client("s3", root_key, root_secret)
root_s3.create_bucket(Bucket="revoke-bucket")
root_s3.put_object(Bucket="revoke-bucket", Key="a.txt", Body=b"a")
allow = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*", "Action": [
    "s3:GetObject", "iam:ListRoles", "sts:DecodeAuthorizationMessage", "sts:AssumeRole", "sts:GetSessionToken"]}]})
user = root_iam.create_user(UserName="revoker")["User"]
root_iam.put_user_policy(UserName="revoker", PolicyName="allow", PolicyDocument=allow)
access_key = root_iam.create_access_key(UserName="revoker")["AccessKey"]
long_term = (access_key["AccessKeyId"], access_key["SecretAccessKey"], None)
role = root_iam.create_role(RoleName="Revocable", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}]}))["Role"]
root_iam.put_role_policy(RoleName="Revocable", PolicyName="allow", PolicyDocument=allow)
user_sts = client("sts", *long_term[:2])


def assume():
    c = user_sts.assume_role(RoleArn=role["Arn"], RoleSessionName="revocable")["Credentials"]
    return c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]


def session_token():
    c = user_sts.get_session_token()["Credentials"]
    return c["AccessKeyId"], c["SecretAccessKey"], c["SessionToken"]


older_role, older_user = assume(), session_token()
checks("roleOlderBefore", older_role)
time.sleep(1.5)
revoke(root_iam.put_role_policy, RoleName="Revocable")
revoke(root_iam.put_user_policy, UserName="revoker")
newer_role, newer_user = assume(), session_token()
checks("roleOlder", older_role)
checks("roleNewer", newer_role)
checks("userOlder", older_user, role_session=False)
checks("userNewer", newer_user, role_session=False)
result["longTermS3"] = outcome(client("s3", *long_term).get_object, Bucket="revoke-bucket", Key="a.txt")
print(json.dumps(result))
