#!/usr/bin/env python3
"""ListMultipartUploads with boto3 against the gateway. Usage: s3_list_uploads.py ENDPOINT ROOT_KEY ROOT_SECRET

The default account's root creates a bucket and starts five uploads (two of one key). A user whose policy grants
s3:ListBucketMultipartUploads on the bucket lists them: all, by prefix, by delimiter, page by page with max-uploads
and the key/upload-id markers boto3 hands back. A second user with only s3:ListBucket (and
s3:ListMultipartUploadParts on the objects) is refused. Prints one JSON object."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret = sys.argv[1:4]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})


def client(service, key, secret):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, endpoint_url=endpoint,
                        region_name="us-east-1", config=config)


def error_of(call):
    try:
        response = call()
        return {"status": response["ResponseMetadata"]["HTTPStatusCode"]}
    except ClientError as error:
        return {"code": error.response["Error"]["Code"], "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}


def user(name, statements):
    root_iam.create_user(UserName=name)
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    root_iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    return client("s3", key["AccessKeyId"], key["SecretAccessKey"])


def uploads_of(response):
    return [[u["Key"], u["UploadId"]] for u in response.get("Uploads", [])]


root_s3 = client("s3", root_key, root_secret)
root_iam = client("iam", root_key, root_secret)
root_s3.create_bucket(Bucket="lmu-bucket")
root_s3.create_bucket(Bucket="lmu-other")
started = []
for key in ["logs/a.bin", "logs/b.bin", "logs/b.bin", "data/c.bin", "top.bin"]:
    started.append([key, root_s3.create_multipart_upload(Bucket="lmu-bucket", Key=key)["UploadId"]])
done = root_s3.create_multipart_upload(Bucket="lmu-bucket", Key="logs/aborted.bin")["UploadId"]
root_s3.abort_multipart_upload(Bucket="lmu-bucket", Key="logs/aborted.bin", UploadId=done)

lister = user("LMULISTER", [{"Effect": "Allow", "Action": "s3:ListBucketMultipartUploads", "Resource": "arn:aws:s3:::lmu-bucket"}])
other = user("LMUOTHER", [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::lmu-bucket"},
                          {"Effect": "Allow", "Action": "s3:ListMultipartUploadParts", "Resource": "arn:aws:s3:::lmu-bucket/*"}])

result = {"started": started}
everything = lister.list_multipart_uploads(Bucket="lmu-bucket")
result["all"] = uploads_of(everything)
result["allTruncated"] = everything["IsTruncated"]
result["initiatorOfFirst"] = everything["Uploads"][0]["Initiator"]["ID"]
result["hasInitiated"] = all("Initiated" in u for u in everything["Uploads"])
result["prefix"] = uploads_of(lister.list_multipart_uploads(Bucket="lmu-bucket", Prefix="logs/"))
delimited = lister.list_multipart_uploads(Bucket="lmu-bucket", Delimiter="/")
result["delimitedUploads"] = uploads_of(delimited)
result["delimitedPrefixes"] = [p["Prefix"] for p in delimited.get("CommonPrefixes", [])]
pages = []
kwargs = {"Bucket": "lmu-bucket", "MaxUploads": 2}
while True:
    page = lister.list_multipart_uploads(**kwargs)
    pages.append({"uploads": uploads_of(page), "truncated": page["IsTruncated"], "maxUploads": page["MaxUploads"]})
    if not page["IsTruncated"]:
        break
    kwargs["KeyMarker"] = page["NextKeyMarker"]
    kwargs["UploadIdMarker"] = page["NextUploadIdMarker"]
result["pages"] = pages
result["afterKeyMarker"] = uploads_of(lister.list_multipart_uploads(Bucket="lmu-bucket", KeyMarker="logs/b.bin"))
result["paginator"] = [[u["Key"], u["UploadId"]] for page in lister.get_paginator("list_multipart_uploads").paginate(
    Bucket="lmu-bucket", PaginationConfig={"PageSize": 1}) for u in page.get("Uploads", [])]
result["emptyBucket"] = uploads_of(root_s3.list_multipart_uploads(Bucket="lmu-other"))
result["otherBucket"] = error_of(lambda: lister.list_multipart_uploads(Bucket="lmu-other"))
result["listBucketOnly"] = error_of(lambda: other.list_multipart_uploads(Bucket="lmu-bucket"))
result["missingBucket"] = error_of(lambda: root_s3.list_multipart_uploads(Bucket="lmu-missing"))
print(json.dumps(result))
