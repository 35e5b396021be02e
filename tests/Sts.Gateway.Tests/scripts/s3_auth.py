#!/usr/bin/env python3
"""SigV4 authentication and bucket-policy authorization through the gateway, with boto3 and botocore's signer.
Usage: s3_auth.py ENDPOINT KEY_A SECRET_A KEY_B SECRET_B (roots of two 12-digit accounts A and B). Prints ok."""
import hashlib
import json
import sys
import time
import urllib.error
import urllib.request

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

endpoint, key_a, secret_a, key_b, secret_b = sys.argv[1:6]
config = Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1})


def s3(key, secret, token=None):
    return boto3.client("s3", aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name="", config=config)


def expect_error(code, status, call, **kwargs):
    try:
        call(**kwargs)
    except ClientError as error:
        got = (error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"])
        assert got == (code, status), "expected %s %s, got %s" % (code, status, got)
        return
    raise AssertionError("expected %s" % code)


def http_status(url, data=None, method="GET", headers=None):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, method=method, headers=headers or {})) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


a = s3(key_a, secret_a)
a.create_bucket(Bucket="bucket-a")
a.put_object(Bucket="bucket-a", Key="k", Body=b"secret data")

# Authentication failures, with S3's codes.
expect_error("SignatureDoesNotMatch", 403, s3(key_a, "x" * 40).get_object, Bucket="bucket-a", Key="k")
expect_error("InvalidAccessKeyId", 403, s3("AKIAUNKNOWNKEY000000", secret_a).get_object, Bucket="bucket-a", Key="k")
expect_error("InvalidToken", 400, s3(key_a, secret_a, token="not-a-session-token").get_object, Bucket="bucket-a", Key="k")

# The payload hash is checked against the body actually sent.
request = AWSRequest(method="PUT", url=endpoint + "/bucket-a/tampered", data=b"signed body",
                     headers={"x-amz-content-sha256": hashlib.sha256(b"signed body").hexdigest()})
SigV4Auth(Credentials(key_a, secret_a), "s3", "").add_auth(request)
status, body = http_status(request.url, data=b"other body", method="PUT", headers=dict(request.headers.items()))
assert status == 400 and b"<Code>XAmzContentSHA256Mismatch</Code>" in body, (status, body)
expect_error("NoSuchKey", 404, a.get_object, Bucket="bucket-a", Key="tampered")

# Presigned URLs: valid, then stale.
url = a.generate_presigned_url("get_object", Params={"Bucket": "bucket-a", "Key": "k"}, ExpiresIn=1)
assert http_status(url) == (200, b"secret data")
time.sleep(2.2)
status, body = http_status(url)
assert status == 403 and b"<Code>AccessDenied</Code>" in body, (status, body)

# Signature Version 2 (boto3 still presigns with it for us-east-1) is refused, not mistaken for anonymous.
legacy = boto3.client("s3", aws_access_key_id=key_a, aws_secret_access_key=secret_a, endpoint_url=endpoint,
                      region_name="us-east-1", config=config).generate_presigned_url("get_object", Params={"Bucket": "bucket-a", "Key": "k"})
assert "Signature=" in legacy and "X-Amz-" not in legacy, legacy
status, body = http_status(legacy)
assert status == 400 and b"AWS4-HMAC-SHA256" in body, (status, body)

# Anonymous and cross-account callers get only what the bucket policy grants.
assert http_status(endpoint + "/bucket-a/k")[0] == 403
b = s3(key_b, secret_b)
expect_error("AccessDenied", 403, b.get_object, Bucket="bucket-a", Key="k")
expect_error("AccessDenied", 403, b.put_bucket_policy, Bucket="bucket-a", Policy="{}")
a.put_bucket_policy(Bucket="bucket-a", Policy=json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket-a/public/*"},
    {"Effect": "Deny", "Principal": {"AWS": "*"}, "Action": "s3:PutObject", "Resource": "arn:aws:s3:::bucket-a/locked/*"}]}))
a.put_object(Bucket="bucket-a", Key="public/p", Body=b"public data")
assert http_status(endpoint + "/bucket-a/public/p") == (200, b"public data")
assert http_status(endpoint + "/bucket-a/k")[0] == 403
# An explicit Deny in the bucket policy binds even the owning account's root.
expect_error("AccessDenied", 403, a.put_object, Bucket="bucket-a", Key="locked/x", Body=b"x")
# The Query surface authenticates with the same verifier and answers with STS's codes.
def sts(key, secret):
    return boto3.client("sts", aws_access_key_id=key, aws_secret_access_key=secret, endpoint_url=endpoint,
                        region_name="", config=Config(retries={"max_attempts": 1}))


expect_error("InvalidClientTokenId", 403, sts("AKIAUNKNOWNKEY000000", secret_a).get_caller_identity)
expect_error("SignatureDoesNotMatch", 403, sts(key_a, "y" * 40).get_caller_identity)
status, body = http_status(endpoint + "/", data=b"Action=GetCallerIdentity&Version=2011-06-15", method="POST",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
assert status == 403 and b"<Code>MissingAuthenticationToken</Code>" in body, (status, body)
print("ok")
