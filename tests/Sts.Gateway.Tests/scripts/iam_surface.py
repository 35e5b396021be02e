#!/usr/bin/env python3
"""The wider IAM and STS surface through the gateway's generic binder, with boto3, signed by the default tenant's
root. Usage: iam_surface.py ENDPOINT ROOT_KEY ROOT_SECRET. Prints one JSON object describing what happened."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret = sys.argv[1:4]
config = Config(retries={"max_attempts": 1})
iam = boto3.client("iam", aws_access_key_id=root_key, aws_secret_access_key=root_secret, endpoint_url=endpoint, region_name="", config=config)
sts = boto3.client("sts", aws_access_key_id=root_key, aws_secret_access_key=root_secret, endpoint_url=endpoint, region_name="", config=config)
result = {}

provider = iam.create_open_id_connect_provider(Url="https://localhost/auth/realms/demo", ClientIDList=["customer-portal"], ThumbprintList=["a" * 40])
result["providerArn"] = provider["OpenIDConnectProviderArn"]
result["providers"] = [p["Arn"] for p in iam.list_open_id_connect_providers()["OpenIDConnectProviderList"]]
got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider["OpenIDConnectProviderArn"])
result["provider"] = {"Url": got["Url"], "ClientIDList": got["ClientIDList"], "ThumbprintList": got["ThumbprintList"]}

iam.create_policy(PolicyName="s3-all", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
result["policies"] = [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]]
iam.create_user(UserName="U1", Tags=[{"Key": "team", "Value": "blue"}])
iam.attach_user_policy(UserName="U1", PolicyArn="arn:aws:iam:::policy/s3-all")
result["attached"] = [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName="U1")["AttachedPolicies"]]
result["user"] = iam.get_user(UserName="U1")["User"]["Arn"]
result["rootIdentity"] = sts.get_caller_identity()["Arn"]
session = sts.get_session_token(DurationSeconds=900)["Credentials"]
result["sessionKeyPrefix"] = session["AccessKeyId"][:4]
device = iam.create_virtual_mfa_device(VirtualMFADeviceName="device")["VirtualMFADevice"]
result["mfaDevice"] = {"SerialNumber": device["SerialNumber"], "SeedLength": len(device["Base32StringSeed"])}
try:
    iam.create_group(GroupName="admins")
    result["unwired"] = {"ok": True}
except ClientError as error:
    result["unwired"] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                         "message": error.response["Error"]["Message"]}
print(json.dumps(result))
