"""Drives two gateways of one fleet with boto3 (an independent client). Prints one JSON document.

fleet.py setup URL ROOT_KEY ROOT_SECRET            create a user with a key allowed to assume FleetRole, and the role
fleet.py assume URL KEY SECRET ROLE_ARN            AssumeRole; the temporary credentials
fleet.py whoami URL KEY SECRET TOKEN               GetCallerIdentity with temporary credentials (or the error code)
fleet.py delete-and-watch URL_DELETE URL_WATCH ROOT_KEY ROOT_SECRET KEY SECRET ROLE_ARN
                                                   delete the role on one gateway, then AssumeRole on the other until refused
fleet.py objects URL_A URL_B ROOT_KEY ROOT_SECRET   a bucket and objects written on A, read and listed on B at once; deleted on B, gone on A
"""
import json
import sys
import time

import boto3
import botocore.config
from botocore.exceptions import ClientError

CONFIG = botocore.config.Config(retries={"max_attempts": 1, "mode": "standard"})


def client(service, url, key, secret, token=None):
    return boto3.client(service, endpoint_url=url, region_name="us-east-1", aws_access_key_id=key,
                        aws_secret_access_key=secret, aws_session_token=token, config=CONFIG)


def setup(url, root_key, root_secret):
    iam = client("iam", url, root_key, root_secret)
    user = iam.create_user(UserName="fleet-user")["User"]
    iam.put_user_policy(UserName="fleet-user", PolicyName="assume", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="fleet-user")["AccessKey"]
    role = iam.create_role(RoleName="FleetRole", AssumeRolePolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": user["Arn"]}, "Action": "sts:AssumeRole"}]}))["Role"]
    return {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"], "roleArn": role["Arn"]}


def assume(url, key, secret, role_arn):
    creds = client("sts", url, key, secret).assume_role(RoleArn=role_arn, RoleSessionName="fleet")["Credentials"]
    return {"key": creds["AccessKeyId"], "secret": creds["SecretAccessKey"], "token": creds["SessionToken"]}


def whoami(url, key, secret, token):
    try:
        return {"arn": client("sts", url, key, secret, token).get_caller_identity()["Arn"]}
    except ClientError as e:
        return {"error": e.response["Error"]["Code"]}


def delete_and_watch(url_delete, url_watch, root_key, root_secret, key, secret, role_arn):
    iam = client("iam", url_delete, root_key, root_secret)
    sts = client("sts", url_watch, key, secret)
    sts.assume_role(RoleArn=role_arn, RoleSessionName="before")
    iam.delete_role(RoleName="FleetRole")
    acknowledged = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        try:
            sts.assume_role(RoleArn=role_arn, RoleSessionName="after")
        except ClientError as e:
            return {"refusedAfterMs": (time.monotonic() - acknowledged) * 1000, "code": e.response["Error"]["Code"], "attempts": attempts}
        if time.monotonic() - acknowledged > 10:
            return {"refusedAfterMs": None, "attempts": attempts}


def objects(url_a, url_b, root_key, root_secret):
    """Every read on the other gateway comes right after the write's answer: no wait, no retry."""
    a, b = client("s3", url_a, root_key, root_secret), client("s3", url_b, root_key, root_secret)

    def keys(s3, bucket):
        return [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]

    def get(s3, bucket, key):
        try:
            return s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode()
        except ClientError as e:
            return e.response["Error"]["Code"]

    seen = {}
    a.create_bucket(Bucket="fleet-bucket")
    seen["bucketsOnB"] = [x["Name"] for x in b.list_buckets()["Buckets"]]
    seen["headOnB"] = b.head_bucket(Bucket="fleet-bucket")["ResponseMetadata"]["HTTPStatusCode"]
    a.put_object(Bucket="fleet-bucket", Key="docs/one.txt", Body=b"one from A")
    seen["keysOnB"] = keys(b, "fleet-bucket")
    seen["getOnB"] = get(b, "fleet-bucket", "docs/one.txt")
    a.put_object(Bucket="fleet-bucket", Key="docs/one.txt", Body=b"one again from A")
    seen["getAfterOverwriteOnB"] = get(b, "fleet-bucket", "docs/one.txt")
    b.put_object(Bucket="fleet-bucket", Key="docs/two.txt", Body=b"two from B")
    seen["keysOnA"] = keys(a, "fleet-bucket")
    b.put_bucket_tagging(Bucket="fleet-bucket", Tagging={"TagSet": [{"Key": "team", "Value": "fleet"}]})
    seen["tagsOnA"] = a.get_bucket_tagging(Bucket="fleet-bucket")["TagSet"]
    b.delete_object(Bucket="fleet-bucket", Key="docs/one.txt")
    seen["keysOnAAfterDelete"] = keys(a, "fleet-bucket")
    seen["getOnAAfterDelete"] = get(a, "fleet-bucket", "docs/one.txt")
    b.delete_object(Bucket="fleet-bucket", Key="docs/two.txt")
    b.delete_bucket(Bucket="fleet-bucket")
    seen["bucketsOnAAfterDelete"] = [x["Name"] for x in a.list_buckets()["Buckets"]]
    try:
        a.head_bucket(Bucket="fleet-bucket")
        seen["headOnAAfterDelete"] = 200
    except ClientError as e:
        seen["headOnAAfterDelete"] = e.response["ResponseMetadata"]["HTTPStatusCode"]
    try:
        a.create_bucket(Bucket="fleet-race")
        b.create_bucket(Bucket="fleet-race")
        seen["createTwice"] = "created twice"
    except ClientError as e:
        seen["createTwice"] = e.response["Error"]["Code"]
    return seen


def churn(url, root_key, root_secret):
    """Creates users (each with an inline policy) until the gateway stops answering; returns what was acknowledged."""
    iam = client("iam", url, root_key, root_secret)
    users, policies = [], []
    try:
        for i in range(100000):
            name = f"churn-{i:05d}"
            iam.create_user(UserName=name, Tags=[{"Key": "n", "Value": str(i)}])
            users.append(name)
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::b/{i}"}]}))
            policies.append(name)
    except Exception as e:  # the gateway was killed: connection refused or reset
        return {"users": users, "policies": policies, "stoppedBy": type(e).__name__}
    return {"users": users, "policies": policies, "stoppedBy": None}


def audit(url, root_key, root_secret):
    """Lists users; reads every listed one whole. Any 5xx or unreadable listed user is reported."""
    iam = client("iam", url, root_key, root_secret)
    listed, problems, with_policy = [], [], []
    for page in iam.get_paginator("list_users").paginate():
        listed.extend(u["UserName"] for u in page["Users"])
    for name in listed:
        try:
            user = iam.get_user(UserName=name)["User"]
            if user["UserName"] != name:
                problems.append(f"{name}: read back as {user['UserName']}")
            if iam.list_user_policies(UserName=name)["PolicyNames"]:
                iam.get_user_policy(UserName=name, PolicyName="p")
                with_policy.append(name)
        except ClientError as e:
            problems.append(f"{name}: {e.response['Error']['Code']} {e.response['ResponseMetadata']['HTTPStatusCode']}")
    return {"listed": listed, "withPolicy": with_policy, "problems": problems}


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    result = {"setup": setup, "assume": assume, "whoami": whoami, "delete-and-watch": delete_and_watch, "churn": churn, "objects": objects, "audit": audit}[command](*args)
    print(json.dumps(result))
