#!/usr/bin/env python3
"""The user's AssumeRole reference flow (Red Hat Ceph Object Gateway guide, appendix F) with boto3, the same
calls in the same order. Usage: reference_assume_role.py ENDPOINT ROOT_KEY ROOT_SECRET {fixed|as-printed}.

The account root first creates TESTER1 and TESTER2 with access keys (the reference assumes they exist) and lets
TESTER1 administer roles. 'fixed' names TESTER2, the caller, in the trust policy as the reference's prose intends;
'as-printed' names TESTER1 as the printed text does, and AssumeRole must then be refused with AccessDenied.
Prints one JSON object describing what happened."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret, variant = sys.argv[1:5]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})


def client(service, key, secret, token=None, region=""):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name=region, config=config)


root_iam = client("iam", root_key, root_secret)
keys = {}
for name in ("TESTER1", "TESTER2"):
    root_iam.create_user(UserName=name)
    created = root_iam.create_access_key(UserName=name)["AccessKey"]
    keys[name] = (created["AccessKeyId"], created["SecretAccessKey"])
root_iam.put_user_policy(UserName="TESTER1", PolicyName="RoleAdmin", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:CreateRole", "iam:PutRolePolicy", "iam:GetRole"], "Resource": "*"}]}))

# --- the reference, from here on ---
iam_client = client("iam", *keys["TESTER1"])
trusted = "TESTER2" if variant == "fixed" else "TESTER1"
policy_document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam:::user/%s\"]},\"Action\":[\"sts:AssumeRole\"]}]}" % trusted
role_response = iam_client.create_role(AssumeRolePolicyDocument=policy_document, Path='/', RoleName='S3Access')
role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::*\"}}"
iam_client.put_role_policy(RoleName='S3Access', PolicyName='Policy1', PolicyDocument=role_policy)

sts_client = client("sts", *keys["TESTER2"])
result = {"roleArn": role_response["Role"]["Arn"]}
try:
    response = sts_client.assume_role(RoleArn=role_response['Role']['Arn'], RoleSessionName='Bob', DurationSeconds=3600)
except ClientError as error:
    result["assumeRole"] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    print(json.dumps(result))
    sys.exit(0)

credentials = response['Credentials']
result["assumedRoleArn"] = response["AssumedRoleUser"]["Arn"]
s3client = client("s3", credentials['AccessKeyId'], credentials['SecretAccessKey'], credentials['SessionToken'])
bucket_name = 'my-bucket'
s3bucket = s3client.create_bucket(Bucket=bucket_name)
result["createBucketStatus"] = s3bucket["ResponseMetadata"]["HTTPStatusCode"]
# botocore 1.43 refuses ListBuckets with region_name='' before sending (its endpoint rules need a DNS-valid
# region when no bucket is named); the gateway accepts any region, so this one client names one.
s3_listing = client("s3", credentials['AccessKeyId'], credentials['SecretAccessKey'], credentials['SessionToken'], region="us-east-1")
resp = s3_listing.list_buckets()
result["buckets"] = [b["Name"] for b in resp["Buckets"]]
print(json.dumps(result))
