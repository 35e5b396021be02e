#!/usr/bin/env python3
"""boto3's STS and IAM clients against the gateway's Query surface. Usage: query_plumbing.py ENDPOINT.
Prints one JSON object with what the clients saw."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint = sys.argv[1]
kwargs = dict(aws_access_key_id="AKIAGATEWAYTESTROOT1", aws_secret_access_key="gatewaytestrootsecretgatewaytestrootsecr",
              endpoint_url=endpoint, region_name="", config=Config(retries={"max_attempts": 1}))
sts = boto3.client("sts", **kwargs)
iam = boto3.client("iam", **kwargs)
result = {}
identity = sts.get_caller_identity()
result["identity"] = {k: identity[k] for k in ("UserId", "Account", "Arn")}
result["requestId"] = identity["ResponseMetadata"]["RequestId"]
try:
    iam.get_role(RoleName="S3Access")
except ClientError as error:
    result["getRole"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                         "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                         "type": error.response["Error"].get("Type")}
try:
    sts.assume_role(RoleArn="arn:aws:iam:::role/S3Access", RoleSessionName="Bob", Tags=[], PolicyArns=[{"arn": "arn:aws:iam::aws:policy/X" + "x" * 10}])
except ClientError as error:
    result["assumeRole"] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
print(json.dumps(result))
