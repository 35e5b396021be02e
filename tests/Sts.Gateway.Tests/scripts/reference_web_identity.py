#!/usr/bin/env python3
"""The user's AssumeRoleWithWebIdentity reference flow (Red Hat Ceph Object Gateway guide, appendix F) with boto3, the
same calls in the same order, with npm oidc-provider standing in for Keycloak.
Usage: reference_web_identity.py ENDPOINT ROOT_KEY ROOT_SECRET ISSUER TOKEN {flow|unregistered} PREFIX

The account root first creates TESTER1 and TESTER2 with access keys (the reference assumes they exist) and lets
TESTER1 administer roles and OIDC providers. 'flow' then registers ISSUER through IAM (as the reference's Keycloak
realm is registered) and runs the reference: a role trusting the provider with a condition on the token's audience
(the reference's condition is on Keycloak's app_id claim; oidc-provider's access tokens carry the client in aud), its
permission policy, AssumeRoleWithWebIdentity (botocore sends it unsigned, as the model says; the request is recorded),
then S3 with the temporary credentials. 'unregistered' skips the registration: the call must be refused with
InvalidIdentityToken. PREFIX keeps names apart when several runs share one gateway.
Prints one JSON object describing what happened."""
import json
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret, issuer, token, variant, prefix = sys.argv[1:8]
config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
provider_name = issuer.split("://", 1)[1].rstrip("/")


def client(service, key, secret, token=None, region=""):
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name=region, config=config)


root_iam = client("iam", root_key, root_secret)
keys = {}
for name in ("TESTER1", "TESTER2"):
    root_iam.create_user(UserName=prefix + name)
    created = root_iam.create_access_key(UserName=prefix + name)["AccessKey"]
    keys[name] = (created["AccessKeyId"], created["SecretAccessKey"])
root_iam.put_user_policy(UserName=prefix + "TESTER1", PolicyName="RoleAdmin", PolicyDocument=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:CreateRole", "iam:PutRolePolicy", "iam:GetRole", "iam:CreateOpenIDConnectProvider"],
                   "Resource": "*"}]}))

result = {}
iam_client = client("iam", *keys["TESTER1"])
if variant == "flow":
    # No ThumbprintList (optional at AWS now): a TLS-chain thumbprint cannot apply to an http:// issuer, and Sts refuses
    # a provider whose registered thumbprints match nothing.
    registered = iam_client.create_open_id_connect_provider(Url=issuer, ClientIDList=["sts-client"])
    result["providerArn"] = registered["OpenIDConnectProviderArn"]

# --- the reference, from here on (its markup backslashes removed, sts_client for client; the trust policy also allows
# sts:TagSession and sts:SetSourceIdentity, because the test IdP's tokens carry the https://aws.amazon.com/tags and
# source_identity claims and AWS then requires them) ---
policy_document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":[\"arn:aws:iam:::oidc-provider/%s\"]},\"Action\":[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\",\"sts:SetSourceIdentity\"],\"Condition\":{\"StringEquals\":{\"%s:aud\":\"sts-client\"}}}]}" % (provider_name, provider_name)
role_response = iam_client.create_role(AssumeRolePolicyDocument=policy_document, Path='/', RoleName=prefix + 'S3Access')
role_policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::*\"}}"
iam_client.put_role_policy(RoleName=prefix + 'S3Access', PolicyName='Policy1', PolicyDocument=role_policy)

sts_client = client("sts", *keys["TESTER2"])
sent = []
sts_client.meta.events.register("before-send.sts.AssumeRoleWithWebIdentity",
                                lambda request, **_: sent.append("Authorization" in request.headers))
result["roleArn"] = role_response["Role"]["Arn"]
try:
    response = sts_client.assume_role_with_web_identity(RoleArn=role_response['Role']['Arn'], RoleSessionName='Bob',
                                                        DurationSeconds=3600, WebIdentityToken=token)
except ClientError as error:
    result["signed"] = sent
    result["assumeRoleWithWebIdentity"] = {"code": error.response["Error"]["Code"], "message": error.response["Error"]["Message"],
                                           "status": error.response["ResponseMetadata"]["HTTPStatusCode"]}
    print(json.dumps(result))
    sys.exit(0)

result["signed"] = sent
result["assumedRoleArn"] = response["AssumedRoleUser"]["Arn"]
result["subject"] = response["SubjectFromWebIdentityToken"]
result["provider"] = response["Provider"]
result["audience"] = response["Audience"]
credentials = response['Credentials']
result["accessKeyPrefix"] = credentials["AccessKeyId"][:4]
s3client = client("s3", credentials['AccessKeyId'], credentials['SecretAccessKey'], credentials['SessionToken'])
bucket_name = prefix.lower() + 'my-bucket'
s3bucket = s3client.create_bucket(Bucket=bucket_name)
result["createBucketStatus"] = s3bucket["ResponseMetadata"]["HTTPStatusCode"]
s3client.put_object(Bucket=bucket_name, Key="hello.txt", Body=b"from a web identity")
result["object"] = s3client.get_object(Bucket=bucket_name, Key="hello.txt")["Body"].read().decode()
# botocore 1.43 refuses ListBuckets with region_name='' before sending (see reference_assume_role.py).
s3_listing = client("s3", credentials['AccessKeyId'], credentials['SecretAccessKey'], credentials['SessionToken'], region="us-east-1")
result["buckets"] = [b["Name"] for b in s3_listing.list_buckets()["Buckets"]]
result["identity"] = client("sts", credentials['AccessKeyId'], credentials['SecretAccessKey'], credentials['SessionToken'],
                            region="us-east-1").get_caller_identity()["Arn"]
print(json.dumps(result))
