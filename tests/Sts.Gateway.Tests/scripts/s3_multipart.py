#!/usr/bin/env python3
"""Multipart uploads with boto3 against the gateway, decided by IAM policies. Usage: s3_multipart.py ENDPOINT ROOT_KEY ROOT_SECRET

The default account's root creates a bucket and a user whose policy grants s3:PutObject, s3:GetObject and
s3:ListMultipartUploadParts on the bucket's objects, but not s3:AbortMultipartUpload. The user then uploads a 12 MiB
file with upload_file (multipart: 5 MiB threshold and parts), reads it back, and drives one upload by hand
(create, upload_part, list_parts, a refused abort); the root aborts it. Prints one JSON object."""
import hashlib
import json
import os
import sys
import tempfile

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret = sys.argv[1:4]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
MIB = 1024 * 1024


def client(service, key, secret):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, endpoint_url=endpoint,
                        region_name="us-east-1", config=config)


def error_of(call):
    try:
        response = call()
        return {"status": response["ResponseMetadata"]["HTTPStatusCode"]}
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}


root_s3 = client("s3", root_key, root_secret)
root_iam = client("iam", root_key, root_secret)
root_s3.create_bucket(Bucket="mp-bucket")
root_iam.create_user(UserName="MPUSER")
key = root_iam.create_access_key(UserName="MPUSER")["AccessKey"]
root_iam.put_user_policy(UserName="MPUSER", PolicyName="multipart", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject", "s3:ListMultipartUploadParts"],
                   "Resource": "arn:aws:s3:::mp-bucket/*"}]}))
s3 = client("s3", key["AccessKeyId"], key["SecretAccessKey"])

result = {}
with tempfile.TemporaryDirectory() as work:
    data = os.urandom(12 * MIB)
    up = os.path.join(work, "up.bin")
    with open(up, "wb") as f:
        f.write(data)
    parts_seen = []
    s3.meta.events.register("before-send.s3.UploadPart", lambda **_: parts_seen.append(1))
    s3.upload_file(up, "mp-bucket", "big/file.bin", Config=TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=2))
    result["partsSent"] = len(parts_seen)
    digests = b"".join(hashlib.md5(data[i:i + 5 * MIB]).digest() for i in range(0, len(data), 5 * MIB))
    result["expectedETag"] = '"%s-%d"' % (hashlib.md5(digests).hexdigest(), (len(data) + 5 * MIB - 1) // (5 * MIB))
    head = s3.head_object(Bucket="mp-bucket", Key="big/file.bin")
    result["etag"] = head["ETag"]
    result["size"] = head["ContentLength"]
    down = os.path.join(work, "down.bin")
    s3.download_file("mp-bucket", "big/file.bin", down)
    with open(down, "rb") as f:
        result["roundTrip"] = f.read() == data

upload = s3.create_multipart_upload(Bucket="mp-bucket", Key="manual.bin")
upload_id = upload["UploadId"]
part = s3.upload_part(Bucket="mp-bucket", Key="manual.bin", UploadId=upload_id, PartNumber=1, Body=b"x" * 1000)
listed = s3.list_parts(Bucket="mp-bucket", Key="manual.bin", UploadId=upload_id)
result["listedParts"] = [{"PartNumber": p["PartNumber"], "ETag": p["ETag"], "Size": p["Size"]} for p in listed["Parts"]]
result["partETag"] = part["ETag"]
result["userAbort"] = error_of(lambda: s3.abort_multipart_upload(Bucket="mp-bucket", Key="manual.bin", UploadId=upload_id))
result["rootAbort"] = error_of(lambda: root_s3.abort_multipart_upload(Bucket="mp-bucket", Key="manual.bin", UploadId=upload_id))
result["listAfterAbort"] = error_of(lambda: s3.list_parts(Bucket="mp-bucket", Key="manual.bin", UploadId=upload_id))
result["unknownUpload"] = error_of(lambda: s3.upload_part(Bucket="mp-bucket", Key="manual.bin", UploadId="0" * 32, PartNumber=1, Body=b"y"))
small = s3.create_multipart_upload(Bucket="mp-bucket", Key="small.bin")["UploadId"]
p1 = s3.upload_part(Bucket="mp-bucket", Key="small.bin", UploadId=small, PartNumber=1, Body=b"a" * 100)["ETag"]
p2 = s3.upload_part(Bucket="mp-bucket", Key="small.bin", UploadId=small, PartNumber=2, Body=b"b" * 100)["ETag"]
result["tooSmall"] = error_of(lambda: s3.complete_multipart_upload(Bucket="mp-bucket", Key="small.bin", UploadId=small, MultipartUpload={
    "Parts": [{"PartNumber": 1, "ETag": p1}, {"PartNumber": 2, "ETag": p2}]}))
result["wrongOrder"] = error_of(lambda: s3.complete_multipart_upload(Bucket="mp-bucket", Key="small.bin", UploadId=small, MultipartUpload={
    "Parts": [{"PartNumber": 2, "ETag": p2}, {"PartNumber": 1, "ETag": p1}]}))
result["onePart"] = error_of(lambda: s3.complete_multipart_upload(Bucket="mp-bucket", Key="small.bin", UploadId=small, MultipartUpload={
    "Parts": [{"PartNumber": 2, "ETag": p2}]}))
result["smallBody"] = s3.get_object(Bucket="mp-bucket", Key="small.bin")["Body"].read().decode()
print(json.dumps(result))
