#!/usr/bin/env python3
"""Expired temporary credentials against STS, IAM and S3, with boto3. Usage: expired_credentials.py ENDPOINT KEY SECRET TOKEN.
Prints one JSON object: for each service the error code, HTTP status and message botocore saw."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, key, secret, token = sys.argv[1:5]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})


def client(service):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name="us-east-1", config=config)


calls = {
    "sts": lambda: client("sts").get_caller_identity(),
    "iam": lambda: client("iam").list_roles(),
    "s3": lambda: client("s3").list_buckets(),
}
result = {}
for name, call in calls.items():
    try:
        call()
        result[name] = {"ok": True}
    except ClientError as error:
        result[name] = {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
                        "message": error.response["Error"]["Message"]}
print(json.dumps(result))
