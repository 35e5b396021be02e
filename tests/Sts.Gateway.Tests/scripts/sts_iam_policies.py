#!/usr/bin/env python3
"""IAM users and role sessions against S3 and STS through the gateway, with boto3. Usage:
sts_iam_policies.py ENDPOINT ROOT_KEY ROOT_SECRET. Prints one JSON object describing what happened.

The root creates user ALICE (no policies yet) with a key, and role Reader (trusting ALICE) with an inline policy
allowing s3:ListAllMyBuckets and s3:GetObject only. Observed: what ALICE may do before and after a user policy, what
a session of Reader may do, a session policy narrowing it, a tampered session token on S3 and STS, and the IAM
listing and read-back operations boto3 users commonly call."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret = sys.argv[1:4]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})


def client(service, key, secret, token=None, region="us-east-1"):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name=region, config=config)


def attempt(call, **kwargs):
    try:
        response = call(**kwargs)
        return {"ok": True, "status": response["ResponseMetadata"]["HTTPStatusCode"]}
    except ClientError as error:
        return {"ok": False, "code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}


result = {}
root_iam = client("iam", root_key, root_secret, region="")
root_s3 = client("s3", root_key, root_secret)
root_s3.create_bucket(Bucket="root-bucket")
root_s3.put_object(Bucket="root-bucket", Key="hello.txt", Body=b"hello")

root_iam.create_user(UserName="ALICE")
alice_key = root_iam.create_access_key(UserName="ALICE")["AccessKey"]
alice = (alice_key["AccessKeyId"], alice_key["SecretAccessKey"])
trust = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam:::user/ALICE"}, "Action": "sts:AssumeRole"}]})
created = root_iam.create_role(RoleName="Reader", AssumeRolePolicyDocument=trust, Description="reads")
root_iam.put_role_policy(RoleName="Reader", PolicyName="read", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "s3:GetObject"], "Resource": "*"}]}))

result["getRole"] = root_iam.get_role(RoleName="Reader")["Role"]
result["getRole"]["CreateDate"] = str(result["getRole"]["CreateDate"])
result["listRoles"] = [r["RoleName"] for r in root_iam.list_roles()["Roles"]]
result["getRolePolicy"] = root_iam.get_role_policy(RoleName="Reader", PolicyName="read")["PolicyDocument"]
result["listRolePolicies"] = root_iam.list_role_policies(RoleName="Reader")["PolicyNames"]
result["listUsers"] = [u["UserName"] for u in root_iam.list_users()["Users"]]
result["listAccessKeys"] = [k["Status"] for k in root_iam.list_access_keys(UserName="ALICE")["AccessKeyMetadata"]]

alice_s3 = client("s3", *alice)
alice_sts = client("sts", *alice, region="")
result["aliceIdentity"] = alice_sts.get_caller_identity()["Arn"]
result["aliceCreateBucketBefore"] = attempt(alice_s3.create_bucket, Bucket="alice-bucket")
root_iam.put_user_policy(UserName="ALICE", PolicyName="buckets", PolicyDocument=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:CreateBucket", "Resource": "arn:aws:s3:::alice-*"}]}))
result["aliceCreateBucketAfter"] = attempt(alice_s3.create_bucket, Bucket="alice-bucket")
result["aliceCreateOtherBucket"] = attempt(alice_s3.create_bucket, Bucket="other-bucket")

session = alice_sts.assume_role(RoleArn=created["Role"]["Arn"], RoleSessionName="reading")["Credentials"]
reader = (session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"])
reader_s3 = client("s3", *reader)
result["readerIdentity"] = client("sts", *reader, region="").get_caller_identity()["Arn"]
result["readerGet"] = attempt(reader_s3.get_object, Bucket="root-bucket", Key="hello.txt")
result["readerPut"] = attempt(reader_s3.put_object, Bucket="root-bucket", Key="new.txt", Body=b"x")
result["readerIam"] = attempt(client("iam", *reader, region="").list_users)

narrowed = alice_sts.assume_role(RoleArn=created["Role"]["Arn"], RoleSessionName="narrow", Policy=json.dumps({
    "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}))["Credentials"]
narrow_s3 = client("s3", narrowed["AccessKeyId"], narrowed["SecretAccessKey"], narrowed["SessionToken"])
result["narrowList"] = attempt(narrow_s3.list_buckets)
result["narrowGet"] = attempt(narrow_s3.get_object, Bucket="root-bucket", Key="hello.txt")

token = reader[2]
tampered = token[:40] + ("A" if token[40] != "A" else "B") + token[41:]
result["tamperedS3"] = attempt(client("s3", reader[0], reader[1], tampered).list_buckets)
result["tamperedSts"] = attempt(client("sts", reader[0], reader[1], tampered, region="").get_caller_identity)
result["unknownKeySts"] = attempt(client("sts", "AKIAUNKNOWNUNKNOWN00", "x" * 40, region="").get_caller_identity)

root_iam.delete_role_policy(RoleName="Reader", PolicyName="read")
result["readerGetAfterPolicyDeleted"] = attempt(reader_s3.get_object, Bucket="root-bucket", Key="hello.txt")
result["deleteRole"] = attempt(root_iam.delete_role, RoleName="Reader")
result["getDeletedRole"] = attempt(root_iam.get_role, RoleName="Reader")
print(json.dumps(result))
