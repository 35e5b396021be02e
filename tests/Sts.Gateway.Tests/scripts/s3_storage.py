#!/usr/bin/env python3
"""boto3 against the gateway's S3 surface (storage behaviour; the test host authenticates every request as
the default account's root). Usage: s3_storage.py ENDPOINT ACCESS_KEY SECRET_KEY. Exits non-zero on the first
mismatch, printing what differed."""
import hashlib
import base64
import sys
import urllib.parse
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, access_key, secret_key = sys.argv[1:4]
s3 = boto3.client("s3", aws_access_key_id=access_key, aws_secret_access_key=secret_key, endpoint_url=endpoint,
                  region_name="", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1},
                                                request_checksum_calculation="when_required",
                                                response_checksum_validation="when_required"))
# botocore 1.43 refuses ListBuckets with region_name='' before sending anything (its endpoint rules need a
# DNS-valid region when no bucket is named), so that one call goes through a client with a region.
s3_listing = boto3.client("s3", aws_access_key_id=access_key, aws_secret_access_key=secret_key, endpoint_url=endpoint,
                          region_name="us-east-1", config=Config(s3={"addressing_style": "path"}))


def expect_error(code, status, call, *args, **kwargs):
    try:
        call(*args, **kwargs)
    except ClientError as error:
        got = (error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"])
        assert got == (code, status), "expected %s %s, got %s" % (code, status, got)
        return
    raise AssertionError("expected %s from %s" % (code, call.__name__))


def check(label, actual, expected):
    assert actual == expected, "%s: expected %r, got %r" % (label, expected, actual)


bucket = "store-a"
s3.create_bucket(Bucket=bucket)
expect_error("BucketAlreadyOwnedByYou", 409, s3.create_bucket, Bucket=bucket)
s3.head_bucket(Bucket=bucket)
check("list_buckets", [b["Name"] for b in s3_listing.list_buckets()["Buckets"]], [bucket])
expect_error("404", 404, s3.head_bucket, Bucket="missing-bucket")
expect_error("NoSuchBucket", 404, s3.list_objects_v2, Bucket="missing-bucket")

keys = ["a.txt", "dir/b.txt", "dir/c.txt", "dir/sub/d.txt", "e f+g&h.txt", "z.txt"]
for key in keys:
    s3.put_object(Bucket=bucket, Key=key, Body=("body of " + key).encode())
s3.put_object(Bucket=bucket, Key="tagged.txt", Body=b"tagged", Tagging="k1=v1&k2=v%202", Metadata={"owner": "bob"},
              ContentType="text/x-test")
keys = sorted(keys + ["tagged.txt"])

got = s3.get_object(Bucket=bucket, Key="tagged.txt")
check("body", got["Body"].read(), b"tagged")
check("metadata", got["Metadata"], {"owner": "bob"})
check("content type", got["ContentType"], "text/x-test")
check("etag", got["ETag"], '"%s"' % hashlib.md5(b"tagged").hexdigest())
check("tag count", got.get("TagCount"), 2)
check("response-content-type", s3.get_object(Bucket=bucket, Key="a.txt", ResponseContentType="text/plain")["ContentType"], "text/plain")
ranged = s3.get_object(Bucket=bucket, Key="a.txt", Range="bytes=2-5")
check("range body", ranged["Body"].read(), b"dy o")
check("range header", ranged["ContentRange"], "bytes 2-5/%d" % len(b"body of a.txt"))
check("suffix range", s3.get_object(Bucket=bucket, Key="a.txt", Range="bytes=-3")["Body"].read(), b"txt")
check("open range", s3.get_object(Bucket=bucket, Key="a.txt", Range="bytes=8-")["Body"].read(), b"a.txt")
expect_error("InvalidRange", 416, s3.get_object, Bucket=bucket, Key="a.txt", Range="bytes=500-600")
check("head length", s3.head_object(Bucket=bucket, Key="e f+g&h.txt")["ContentLength"], len(b"body of e f+g&h.txt"))
expect_error("NoSuchKey", 404, s3.get_object, Bucket=bucket, Key="missing")
expect_error("404", 404, s3.head_object, Bucket=bucket, Key="missing")

# ListObjectsV2: pages of 2 with continuation tokens, start-after, delimiter, url encoding.
listed, token = [], None
while True:
    kwargs = {"Bucket": bucket, "MaxKeys": 2}
    if token:
        kwargs["ContinuationToken"] = token
    page = s3.list_objects_v2(**kwargs)
    listed += [o["Key"] for o in page.get("Contents", [])]
    check("key count", page["KeyCount"], len(page.get("Contents", [])))
    if not page["IsTruncated"]:
        break
    token = page["NextContinuationToken"]
check("v2 pages", listed, keys)
check("start-after", [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, StartAfter="dir/c.txt")["Contents"]], [k for k in keys if k > "dir/c.txt"])
delimited = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
check("common prefixes", [p["Prefix"] for p in delimited["CommonPrefixes"]], ["dir/"])
check("delimited keys", [o["Key"] for o in delimited["Contents"]], [k for k in keys if "/" not in k])
nested = s3.list_objects_v2(Bucket=bucket, Prefix="dir/", Delimiter="/")
check("nested prefixes", [p["Prefix"] for p in nested["CommonPrefixes"]], ["dir/sub/"])
check("nested keys", [o["Key"] for o in nested["Contents"]], ["dir/b.txt", "dir/c.txt"])
encoded = s3.list_objects_v2(Bucket=bucket, Prefix="e ", EncodingType="url")
# botocore decodes only when it chose EncodingType itself (every listing above); asked explicitly, it hands
# the encoded key back.
check("url-encoded keys", [urllib.parse.unquote_plus(o["Key"]) for o in encoded["Contents"]], ["e f+g&h.txt"])
check("url-encoded key is encoded", "%26" in encoded["Contents"][0]["Key"], True)
v1 = s3.list_objects(Bucket=bucket, Marker="dir/sub/d.txt", MaxKeys=2)
check("v1 marker", [o["Key"] for o in v1["Contents"]], [k for k in keys if k > "dir/sub/d.txt"][:2])
check("v1 truncated", v1["IsTruncated"], True)

# CopyObject copies bytes, metadata and tags; REPLACE replaces tags.
s3.copy_object(Bucket=bucket, Key="copy.txt", CopySource={"Bucket": bucket, "Key": "tagged.txt"})
check("copied body", s3.get_object(Bucket=bucket, Key="copy.txt")["Body"].read(), b"tagged")
check("copied tags", s3.get_object_tagging(Bucket=bucket, Key="copy.txt")["TagSet"], [{"Key": "k1", "Value": "v1"}, {"Key": "k2", "Value": "v 2"}])
s3.copy_object(Bucket=bucket, Key="copy2.txt", CopySource={"Bucket": bucket, "Key": "tagged.txt"}, TaggingDirective="REPLACE", Tagging="x=y")
check("replaced tags", s3.get_object_tagging(Bucket=bucket, Key="copy2.txt")["TagSet"], [{"Key": "x", "Value": "y"}])
expect_error("NoSuchKey", 404, s3.copy_object, Bucket=bucket, Key="c3", CopySource={"Bucket": bucket, "Key": "nope"})

# Object tagging.
s3.put_object_tagging(Bucket=bucket, Key="a.txt", Tagging={"TagSet": [{"Key": "Project", "Value": "X"}]})
check("object tags", s3.get_object_tagging(Bucket=bucket, Key="a.txt")["TagSet"], [{"Key": "Project", "Value": "X"}])
s3.delete_object_tagging(Bucket=bucket, Key="a.txt")
check("object tags deleted", s3.get_object_tagging(Bucket=bucket, Key="a.txt")["TagSet"], [])
expect_error("InvalidTag", 400, s3.put_object_tagging, Bucket=bucket, Key="a.txt", Tagging={"TagSet": [{"Key": "d", "Value": "1"}, {"Key": "d", "Value": "2"}]})

# Bucket tagging.
expect_error("NoSuchTagSet", 404, s3.get_bucket_tagging, Bucket=bucket)
s3.put_bucket_tagging(Bucket=bucket, Tagging={"TagSet": [{"Key": "Department", "Value": "Engineering"}]})
check("bucket tags", s3.get_bucket_tagging(Bucket=bucket)["TagSet"], [{"Key": "Department", "Value": "Engineering"}])
s3.delete_bucket_tagging(Bucket=bucket)
expect_error("NoSuchTagSet", 404, s3.get_bucket_tagging, Bucket=bucket)

# Bucket policy.
policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam:::user/TESTER2"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::store-a/*"}]}'
expect_error("NoSuchBucketPolicy", 404, s3.get_bucket_policy, Bucket=bucket)
s3.put_bucket_policy(Bucket=bucket, Policy=policy)
check("policy", s3.get_bucket_policy(Bucket=bucket)["Policy"], policy)
expect_error("MalformedPolicy", 400, s3.put_bucket_policy, Bucket=bucket, Policy='{"Version":"2012-10-17","Statement":[{"Effect":"Allow"}]}')
s3.delete_bucket_policy(Bucket=bucket)
expect_error("NoSuchBucketPolicy", 404, s3.get_bucket_policy, Bucket=bucket)

# Integrity: a wrong Content-MD5 is BadDigest and stores nothing.
wrong = base64.b64encode(hashlib.md5(b"other").digest()).decode()
expect_error("BadDigest", 400, s3.put_object, Bucket=bucket, Key="bad.txt", Body=b"data", ContentMD5=wrong)
expect_error("NoSuchKey", 404, s3.get_object, Bucket=bucket, Key="bad.txt")

# Flexible checksums as boto3 sends them by default over http: a header beside a plain body.
default_s3 = boto3.client("s3", aws_access_key_id=access_key, aws_secret_access_key=secret_key, endpoint_url=endpoint,
                          region_name="", config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}))
default_s3.put_object(Bucket=bucket, Key="crc.txt", Body=b"checksummed")
for algorithm in ("CRC32", "SHA1", "SHA256"):
    default_s3.put_object(Bucket=bucket, Key="sum-" + algorithm, Body=b"checksummed", ChecksumAlgorithm=algorithm)
    check("stored with " + algorithm, default_s3.get_object(Bucket=bucket, Key="sum-" + algorithm)["Body"].read(), b"checksummed")
expect_error("BadDigest", 400, default_s3.put_object, Bucket=bucket, Key="badcrc.txt", Body=b"checksummed", ChecksumCRC32="AAAAAA==")
expect_error("BadDigest", 400, default_s3.put_object, Bucket=bucket, Key="badsha.txt", Body=b"checksummed",
             ChecksumSHA256=base64.b64encode(hashlib.sha256(b"other").digest()).decode())
expect_error("NoSuchKey", 404, s3.get_object, Bucket=bucket, Key="badcrc.txt")

# Presigned URL (query parameters reach the S3 surface unchanged).
url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "dir/b.txt"}, ExpiresIn=300)
check("presigned get", urllib.request.urlopen(url).read(), b"body of dir/b.txt")

# Deletes.
expect_error("BucketNotEmpty", 409, s3.delete_bucket, Bucket=bucket)
s3.delete_object(Bucket=bucket, Key="never-existed")
s3.put_object(Bucket=bucket, Key="kept.txt", Body=b"kept across restarts")
print("ok")
