#!/usr/bin/env python3
"""Ceph's STS conformance scenarios (ceph/s3-tests s3tests_boto3/functional/test_sts.py, summarised in
ceph-rgw.md section 8) against the gateway, written anew with boto3 the way s3-tests drive it: region_name='',
path-style S3, role ARNs of Ceph's default tenant (arn:aws:iam:::role/NAME).

Usage: ceph_scenarios.py ENDPOINT ROOT_KEY ROOT_SECRET MODE SCENARIO [CLOCK_OFFSET_SECONDS PHASE_FILE PHASE]
MODE is 'aws' (the gateway is AWS-exact) or 'ceph' (Gateway__Compatibility=Ceph); it only picks how a scenario
writes what Ceph writes differently (the session principal form in bucket policies, a Principal element in role
policies). Prints one JSON object: for each observed step, its HTTP status, or 'CODE STATUS' when it failed.
Set-up calls that must work (users, roles, buckets) are not caught: a failure there ends the script non-zero.

Actors, as in s3-tests: the account root stands for s3-tests' 'iam' user (it creates roles, buckets and bucket
policies); a per-scenario IAM user ALT-<scenario> stands for the 'alt' user who calls STS. s3-tests run the
session-policy and tag scenarios through AssumeRoleWithWebIdentity with a Keycloak token; here the role sessions
come from AssumeRole (Policy for session policies, Tags for the token's principal tags), whose session-policy and
tag semantics are the same (see the scenario table, ceph_scenarios.json).

The web_identity_* scenarios run s3-tests' webidentity and abac cases as s3-tests do, through AssumeRoleWithWebIdentity:
the test host serves an OpenID provider on loopback (STS_TEST_ISSUER, registered once by the scenario
register_web_identity_provider with the client id sts-app) and mints its tokens with npm jose (STS_TEST_TOKENS: a JSON
object of tokens by name: 'engineering' carries the principal tag Department=Engineering, 'marketing' Department=
Marketing, 'both' Department=[Engineering, Marketing] as s3-tests' Keycloak user does, 'untagged' no tags claim; all
with sub user-1, aud and azp sts-app)."""
import datetime
import json
import os
import sys

import boto3
import botocore.auth
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, root_key, root_secret, mode, scenario_name = sys.argv[1:6]
clock_offset = int(sys.argv[6]) if len(sys.argv) > 6 else 0
phase_file = sys.argv[7] if len(sys.argv) > 7 else None
scenario_phase = sys.argv[8] if len(sys.argv) > 8 else ""
if clock_offset:
    # The gateway runs on a fake clock moved forward by the test; sign with the same time (sigv4.md: patch
    # botocore.auth.get_current_datetime).
    _real_now = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: _real_now() + datetime.timedelta(seconds=clock_offset)

config = Config(retries={"max_attempts": 1}, s3={"addressing_style": "path"})
slug = scenario_name.replace("_", "-").lower()[:40]
result = {}


def client(service, key, secret, token=None):
    # s3-tests use region_name=''. botocore 1.43 cannot build an endpoint for ListBuckets without a region; no
    # scenario lists buckets.
    return boto3.client(service, aws_access_key_id=key, aws_secret_access_key=secret, aws_session_token=token,
                        endpoint_url=endpoint, region_name="", config=config)


def attempt(step, call, **kwargs):
    """Runs one observed call and records its outcome under 'step'."""
    try:
        response = call(**kwargs)
        result[step] = response["ResponseMetadata"]["HTTPStatusCode"] if isinstance(response, dict) else 200
        return response
    except ClientError as error:
        result[step] = f'{error.response["Error"]["Code"]} {error.response["ResponseMetadata"]["HTTPStatusCode"]}'
        return None


def doc(*statements):
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements) if len(statements) > 1 else statements[0]})


def bucket(name):
    return f"{slug}-{name}"[:63]


root_iam = client("iam", root_key, root_secret)
root_s3 = client("s3", root_key, root_secret)
root_sts = client("sts", root_key, root_secret)


def create_user(name):
    root_iam.create_user(UserName=name)
    key = root_iam.create_access_key(UserName=name)["AccessKey"]
    return key["AccessKeyId"], key["SecretAccessKey"]


alt_name = f"ALT-{slug}"[:64]
# Later phases of a two-phase scenario find the user made by the first.
alt_key = create_user(alt_name) if scenario_phase in ("", "assume") else None
alt_arn = f"arn:aws:iam:::user/{alt_name}"
alt_sts = client("sts", *alt_key) if alt_key else None
role_name = f"R-{slug}"[:64]
session_name = "Session1"


def trust_alt(actions=("sts:AssumeRole",), condition=None):
    statement = {"Effect": "Allow", "Principal": {"AWS": [alt_arn]}, "Action": list(actions)}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def create_role(trust, policy=None, tags=None, name=None):
    name = name or role_name
    created = root_iam.create_role(Path="/", RoleName=name, AssumeRolePolicyDocument=trust, Tags=tags or [])
    result["roleArn"] = created["Role"]["Arn"]
    if policy is not None:
        root_iam.put_role_policy(RoleName=name, PolicyName="Policy1", PolicyDocument=policy)
    return created["Role"]["Arn"]


def assume(role_arn, step="assumeRole", **kwargs):
    response = attempt(step, alt_sts.assume_role, RoleArn=role_arn, RoleSessionName=session_name, **kwargs)
    if response is None:
        return None
    credentials = response["Credentials"]
    return credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]


def session_arn(role):
    # s3-tests name a session in bucket policies as arn:aws:iam:::assumed-role/ROLE/SESSION (Ceph's form); AWS's
    # session ARN is arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION.
    service = "iam" if mode == "ceph" else "sts"
    return f"arn:aws:{service}:::assumed-role/{role}/{session_name}"


def s3_all(condition=None, resource="arn:aws:s3:::*"):
    statement = {"Effect": "Allow", "Action": "s3:*", "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


ENGINEERING_TRUST = {"StringEquals": {"aws:RequestTag/Department": "Engineering"}}
CLIENT_ID = "sts-app"
ISSUER = os.environ.get("STS_TEST_ISSUER", "")
TOKENS = json.loads(os.environ.get("STS_TEST_TOKENS", "{}"))
PROVIDER = ISSUER.split("://", 1)[-1].rstrip("/")
WEB = scenario_name.startswith("web_identity_")


def trust_web(actions=("sts:AssumeRoleWithWebIdentity",), condition=None):
    statement = {"Effect": "Allow", "Principal": {"Federated": [f"arn:aws:iam:::oidc-provider/{PROVIDER}"]}, "Action": list(actions)}
    if condition:
        statement["Condition"] = condition
    return doc(statement)


def assume_web(role_arn, token, step="assumeRoleWithWebIdentity"):
    # No credentials at all: AssumeRoleWithWebIdentity is unsigned, as botocore's model says.
    anonymous = boto3.client("sts", endpoint_url=endpoint, region_name="", config=config.merge(Config(signature_version=UNSIGNED)))
    response = attempt(step, anonymous.assume_role_with_web_identity, RoleArn=role_arn, RoleSessionName=session_name, WebIdentityToken=TOKENS[token])
    if response is None:
        return None
    credentials = response["Credentials"]
    return credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]


def token_for(tags):
    if not tags:
        return "untagged"
    return {"Engineering": "engineering", "Marketing": "marketing"}[tags[0]["Value"]]
ENGINEERING_TAG = [{"Key": "Department", "Value": "Engineering"}]

SCENARIOS = {}


def scenario(function):
    SCENARIOS[function.__name__] = function
    return function


# --- test_of_sts --------------------------------------------------------------------------------------------------

@scenario
def get_session_token():
    # s3-tests' user policy: deny s3:* and allow sts:GetSessionToken while sts:authentication is false (Ceph's key:
    # true when the request carries a session token). s3-tests' alt user is a legacy Ceph user with full S3 rights;
    # this gateway grants users only what policies allow, so a third statement allows s3:*.
    root_iam.put_user_policy(UserName=alt_name, PolicyName="sts-only", PolicyDocument=doc(
        {"Effect": "Deny", "Action": "s3:*", "Resource": ["*"], "Condition": {"BoolIfExists": {"sts:authentication": "false"}}},
        {"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*", "Condition": {"BoolIfExists": {"sts:authentication": "false"}}},
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}))
    response = attempt("getSessionToken", alt_sts.get_session_token)
    attempt("createBucketLongTermKey", client("s3", *alt_key).create_bucket, Bucket=bucket("long-term"))
    credentials = response["Credentials"]
    s3 = client("s3", credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"])
    attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))
    attempt("deleteBucket", s3.delete_bucket, Bucket=bucket("b"))


@scenario
def get_session_token_permanent_creds_denied():
    root_iam.put_user_policy(UserName=alt_name, PolicyName="sts-only", PolicyDocument=doc(
        {"Effect": "Deny", "Action": "s3:*", "Resource": ["*"], "Condition": {"BoolIfExists": {"sts:authentication": "false"}}},
        {"Effect": "Allow", "Action": "sts:GetSessionToken", "Resource": "*", "Condition": {"BoolIfExists": {"sts:authentication": "false"}}}))
    response = attempt("getSessionToken", alt_sts.get_session_token)
    # The root's long-term key with the alt user's session token.
    s3 = client("s3", root_key, root_secret, response["Credentials"]["SessionToken"])
    attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))


@scenario
def assume_role_allow():
    arn = create_role(trust_alt(), s3_all())
    s3 = client("s3", *assume(arn))
    attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))
    attempt("deleteBucket", s3.delete_bucket, Bucket=bucket("b"))


@scenario
def assume_role_deny():
    arn = create_role(trust_alt(), doc({"Effect": "Deny", "Action": "s3:*", "Resource": "arn:aws:s3:::*"}))
    s3 = client("s3", *assume(arn))
    attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))


@scenario
def assume_role_creds_expiry():
    # Two phases around the test host moving the gateway's clock: 'assume' writes the credentials to PHASE_FILE;
    # 'use' (run with the clock offset) reads them and calls S3.
    phase = scenario_phase
    if phase == "assume":
        arn = create_role(trust_alt(), s3_all())
        credentials = assume(arn, DurationSeconds=900)
        with open(phase_file, "w", encoding="utf-8") as out:
            json.dump(credentials, out)
        s3 = client("s3", *credentials)
        attempt("createBucketFresh", s3.create_bucket, Bucket=bucket("fresh"))
        return
    with open(phase_file, encoding="utf-8") as source:
        credentials = json.load(source)
    s3 = client("s3", *credentials)
    attempt("createBucket" + phase, s3.create_bucket, Bucket=bucket(phase.lower()))


def head_nonexistent(actions):
    root_s3.create_bucket(Bucket=bucket("b"))
    statement = {"Effect": "Allow", "Action": actions, "Resource": "arn:aws:s3:::*"}
    if mode == "ceph":
        # As s3-tests write it: a Principal inside a role (identity) policy, which Ceph accepts and AWS refuses.
        statement["Principal"] = "*"
    arn = create_role(trust_alt())
    attempt("putRolePolicy", root_iam.put_role_policy, RoleName=role_name, PolicyName="Policy1", PolicyDocument=doc(statement))
    s3 = client("s3", *assume(arn))
    attempt("headObject", s3.head_object, Bucket=bucket("b"), Key="nonexistent")


@scenario
def assume_role_deny_head_nonexistent():
    head_nonexistent("s3:GetObject")


@scenario
def assume_role_allow_head_nonexistent():
    head_nonexistent(["s3:GetObject", "s3:ListBucket"])


@scenario
def role_ownership__delete_role_without_permission():
    # A role administrator (s3-tests' 'iam' user) creates a role; another user without permissions cannot delete it.
    admin_key = create_user(f"ADM-{slug}"[:64])
    root_iam.put_user_policy(UserName=f"ADM-{slug}"[:64], PolicyName="iam", PolicyDocument=doc(
        {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}))
    client("iam", *admin_key).create_role(RoleName=role_name, AssumeRolePolicyDocument=trust_alt())
    attempt("deleteRoleByAlt", client("iam", *alt_key).delete_role, RoleName=role_name)
    attempt("getRole", root_iam.get_role, RoleName=role_name)


@scenario
def role_ownership__put_or_delete_policy_without_permission():
    permissions = doc({"Effect": "Allow", "Action": ["iam:DeleteRolePolicy", "iam:PutRolePolicy"], "Resource": "arn:aws:iam:::*"})
    arn = create_role(trust_alt())
    attempt("putPolicyByOwner", root_iam.put_role_policy, RoleName=role_name, PolicyName="first", PolicyDocument=permissions)
    alt_iam = client("iam", *alt_key)
    attempt("putPolicyByAlt", alt_iam.put_role_policy, RoleName=role_name, PolicyName="second", PolicyDocument=permissions)
    attempt("deletePolicyByAlt", alt_iam.delete_role_policy, RoleName=role_name, PolicyName="first")
    session_iam = client("iam", *assume(arn))
    attempt("putPolicyBySession", session_iam.put_role_policy, RoleName=role_name, PolicyName="second", PolicyDocument=permissions)
    attempt("deleteFirstBySession", session_iam.delete_role_policy, RoleName=role_name, PolicyName="first")
    attempt("deleteSecondBySession", session_iam.delete_role_policy, RoleName=role_name, PolicyName="second")


@scenario
def s3_ops():
    b1, b2 = bucket("one"), bucket("two")
    arn = create_role(trust_alt())
    root_s3.create_bucket(Bucket=b1)
    root_s3.create_bucket(Bucket=b2)
    root_s3.put_object(Bucket=b1, Key="obj1", Body=b"data")
    credentials = assume(arn)
    session_iam, session_s3 = client("iam", *credentials), client("s3", *credentials)
    root_iam.put_role_policy(RoleName=role_name, PolicyName="manage", PolicyDocument=doc(
        {"Effect": "Allow", "Action": ["iam:PutRolePolicy"], "Resource": "arn:aws:iam:::*"}))
    attempt("getBefore", session_s3.get_object, Bucket=b1, Key="obj1")
    attempt("putBefore", session_s3.put_object, Bucket=b2, Key="obj2", Body=b"data")
    attempt("putPolicyBySession", session_iam.put_role_policy, RoleName=role_name, PolicyName="s3", PolicyDocument=doc(
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": f"arn:aws:s3:::{b1}/obj1"},
        {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": f"arn:aws:s3:::{b2}/obj2"}))
    attempt("getAfter", session_s3.get_object, Bucket=b1, Key="obj1")
    attempt("putAfter", session_s3.put_object, Bucket=b2, Key="obj2", Body=b"data")
    attempt("putOtherKey", session_s3.put_object, Bucket=b2, Key="other", Body=b"data")


@scenario
def get_caller_identity_root():
    identity = root_sts.get_caller_identity()
    result["UserId"], result["Account"], result["Arn"] = identity["UserId"], identity["Account"], identity["Arn"]


@scenario
def get_caller_identity_non_root_user():
    user = root_iam.get_user(UserName=alt_name)["User"]
    identity = alt_sts.get_caller_identity()
    result["matchesUser"] = identity["UserId"] == user["UserId"] and identity["Arn"] == user["Arn"]
    result["Arn"], result["Account"] = identity["Arn"], identity["Account"]


@scenario
def get_caller_identity_after_assume_role():
    arn = create_role(trust_alt(), s3_all())
    response = alt_sts.assume_role(RoleArn=arn, RoleSessionName=session_name)
    credentials = response["Credentials"]
    identity = client("sts", credentials["AccessKeyId"], credentials["SecretAccessKey"], credentials["SessionToken"]).get_caller_identity()
    role_id = root_iam.get_role(RoleName=role_name)["Role"]["RoleId"]
    result["userIdIsRoleIdAndSession"] = identity["UserId"] == f"{role_id}:{session_name}"
    result["arnIsAssumedRoleUser"] = identity["Arn"] == response["AssumedRoleUser"]["Arn"]
    result["Arn"] = identity["Arn"]


@scenario
def session_token_tampered():
    # Not an s3-tests case: one character of a valid session token changed.
    arn = create_role(trust_alt(), s3_all())
    key, secret, token = assume(arn)
    position = len(token) // 2
    tampered = token[:position] + ("A" if token[position] != "A" else "B") + token[position + 1:]
    attempt("createBucketTampered", client("s3", key, secret, tampered).create_bucket, Bucket=bucket("b"))
    attempt("getCallerIdentityTampered", client("sts", key, secret, tampered).get_caller_identity)
    attempt("createBucketTruncated", client("s3", key, secret, token[:-10]).create_bucket, Bucket=bucket("b"))
    attempt("createBucketIntact", client("s3", key, secret, token).create_bucket, Bucket=bucket("b"))


# --- session_policy (s3-tests: AssumeRoleWithWebIdentity with Policy; here AssumeRole with Policy) ---------------

def session_policy_scenario(role_policy, session_policy, create_test1=True, bucket_policy=None):
    test1 = bucket("test1")
    arn = create_role(trust_alt(), role_policy and role_policy.replace("TEST1", test1).replace("TEST2", bucket("test2")))
    if create_test1:
        root_s3.create_bucket(Bucket=test1)
    if bucket_policy is not None:
        attempt("putBucketPolicy", root_s3.put_bucket_policy, Bucket=test1, Policy=bucket_policy.replace("TEST1", test1))
    return client("s3", *assume(arn, Policy=session_policy.replace("TEST1", test1))), test1


def statement(effect, actions, resources=("arn:aws:s3:::TEST1", "arn:aws:s3:::TEST1/*")):
    return {"Effect": effect, "Action": actions, "Resource": list(resources)}


@scenario
def session_policy_check_on_different_buckets():
    s3, test1 = session_policy_scenario(
        doc(statement("Allow", "s3:*", ("arn:aws:s3:::TEST2", "arn:aws:s3:::TEST2/*"))),
        doc(statement("Allow", ["s3:GetObject", "s3:PutObject"])), create_test1=False)
    attempt("createBucketTest1", s3.create_bucket, Bucket=test1)
    attempt("createBucketTest2", s3.create_bucket, Bucket=bucket("test2"))
    attempt("putObjectTest1", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"please-write-something")


@scenario
def session_policy_check_on_same_bucket():
    s3, test1 = session_policy_scenario(s3_all(resource=["*"]), doc(statement("Allow", ["s3:GetObject", "s3:PutObject"])))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


@scenario
def session_policy_check_put_obj_denial():
    s3, test1 = session_policy_scenario(s3_all(resource=["*"]), doc(statement("Allow", ["s3:GetObject"])))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


@scenario
def swapping_role_policy_and_session_policy():
    s3, test1 = session_policy_scenario(doc(statement("Allow", ["s3:GetObject", "s3:PutObject"])), s3_all(resource=["*"]))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


@scenario
def session_policy_check_different_op_permissions():
    s3, test1 = session_policy_scenario(doc(statement("Allow", ["s3:PutObject"])), doc(statement("Allow", ["s3:GetObject"])))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


@scenario
def session_policy_check_with_deny_effect():
    s3, test1 = session_policy_scenario(doc(statement("Deny", "s3:*", ["*"])), doc(statement("Allow", ["s3:PutObject"])))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


@scenario
def session_policy_check_with_deny_on_same_op():
    s3, test1 = session_policy_scenario(doc(statement("Allow", ["s3:PutObject"])), doc(statement("Deny", ["s3:PutObject"])))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


def bucket_policy_for(principal, effect="Allow"):
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": effect, "Principal": {"AWS": principal}, "Action": ["s3:GetObject", "s3:PutObject"],
        "Resource": ["arn:aws:s3:::TEST1", "arn:aws:s3:::TEST1/*"]}]})


@scenario
def session_policy_bucket_policy_role_arn():
    s3, test1 = session_policy_scenario(s3_all(resource=["*"]), doc(statement("Allow", ["s3:PutObject"])),
                                        bucket_policy=bucket_policy_for(f"arn:aws:iam:::role/{role_name}"))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")
    attempt("getObject", s3.get_object, Bucket=test1, Key="test-1.txt")


@scenario
def session_policy_bucket_policy_session_arn():
    s3, test1 = session_policy_scenario(s3_all(resource=["*"]), doc(statement("Allow", ["s3:PutObject"])),
                                        bucket_policy=bucket_policy_for(session_arn(role_name)))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")
    attempt("getObject", s3.get_object, Bucket=test1, Key="test-1.txt")


@scenario
def session_policy_copy_object():
    s3, test1 = session_policy_scenario(s3_all(resource=["*"]), doc(statement("Allow", ["s3:PutObject"])),
                                        bucket_policy=bucket_policy_for(session_arn(role_name)))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")
    attempt("copyObject", s3.copy_object, CopySource={"Bucket": test1, "Key": "test-1.txt"}, Bucket=test1, Key="test-2.txt")
    attempt("getCopy", s3.get_object, Bucket=test1, Key="test-2.txt")


@scenario
def session_policy_no_bucket_role_policy():
    s3, test1 = session_policy_scenario(None, doc(statement("Allow", ["s3:PutObject", "s3:GetObject"])))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


@scenario
def session_policy_bucket_policy_deny():
    s3, test1 = session_policy_scenario(s3_all(resource=["*"]), doc(statement("Allow", ["s3:PutObject"])),
                                        bucket_policy=bucket_policy_for(session_arn(role_name), effect="Deny"))
    attempt("putObject", s3.put_object, Bucket=test1, Key="test-1.txt", Body=b"this is a test file")


# --- abac (s3-tests: the Keycloak user token's principal tags; here AssumeRole's Tags) ---------------------------

def tagged_session(role_policy, trust_condition=None, tags=None, role_tags=None, trust_actions=("sts:AssumeRole", "sts:TagSession"), token=None):
    if WEB:
        # The token's principal tags stand for AssumeRole's Tags (or 'token' names another token).
        arn = create_role(trust_web(("sts:AssumeRoleWithWebIdentity", "sts:TagSession"), trust_condition or ENGINEERING_TRUST), role_policy, tags=role_tags)
        credentials = assume_web(arn, token or token_for(ENGINEERING_TAG if tags is None else tags))
        return None if credentials is None else client("s3", *credentials)
    arn = create_role(trust_alt(trust_actions, trust_condition or ENGINEERING_TRUST), role_policy, tags=role_tags)
    credentials = assume(arn, Tags=ENGINEERING_TAG if tags is None else tags)
    return None if credentials is None else client("s3", *credentials)


def create_and_delete_bucket(s3):
    attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))
    attempt("deleteBucket", s3.delete_bucket, Bucket=bucket("b"))


@scenario
def assume_role_with_request_tag():
    create_and_delete_bucket(tagged_session(s3_all()))


@scenario
def assume_role_with_request_tag_mismatch():
    # Not an s3-tests case: the trust condition on aws:RequestTag refuses another value.
    tagged_session(s3_all(), tags=[{"Key": "Department", "Value": "Marketing"}])


@scenario
def assume_role_with_principal_tag():
    create_and_delete_bucket(tagged_session(s3_all({"StringEquals": {"aws:PrincipalTag/Department": "Engineering"}})))


@scenario
def assume_role_for_all_values():
    create_and_delete_bucket(tagged_session(s3_all({"ForAllValues:StringEquals": {"aws:PrincipalTag/Department": ["Engineering", "Marketing"]}})))


@scenario
def assume_role_for_all_values_deny():
    # s3-tests: the token carries Department = Engineering and Marketing, the policy lists Engineering only. A session
    # tag has one value on AWS, so here the session carries Marketing (trusted by the trust policy's condition).
    s3 = tagged_session(s3_all({"ForAllValues:StringEquals": {"aws:PrincipalTag/Department": ["Engineering"]}}),
                        trust_condition={"StringEquals": {"aws:RequestTag/Department": "Marketing"}},
                        tags=[{"Key": "Department", "Value": "Marketing"}])
    attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))


@scenario
def assume_role_tag_keys_trust_policy():
    create_and_delete_bucket(tagged_session(s3_all({"ForAnyValue:StringEquals": {"aws:PrincipalTag/Department": ["Engineering"]}}),
                                            trust_condition={"StringEquals": {"aws:TagKeys": "Department"}}))


@scenario
def assume_role_tag_keys_role_policy():
    create_and_delete_bucket(tagged_session(s3_all({"StringEquals": {"aws:TagKeys": ["Department"]}})))


def tagged_bucket(name, tag_set):
    root_s3.create_bucket(Bucket=name)
    if tag_set is not None:
        attempt("putBucketTagging" + ("" if name == bucket("b") else "Copy"), root_s3.put_bucket_tagging, Bucket=name, Tagging={"TagSet": tag_set})


RESOURCE_TAG_POLICY = s3_all({"StringEquals": {"s3:ResourceTag/Department": ["Engineering"]}})
PRINCIPAL_TAG_VARIABLE_POLICY = s3_all({"StringEquals": {"s3:ResourceTag/Department": ["${aws:PrincipalTag/Department}"]}})


@scenario
def assume_role_resource_tag():
    # s3-tests tag the bucket with Department twice (Engineering, Marketing): Ceph keeps both; AWS refuses a
    # repeated key (InvalidTag), which leaves the bucket untagged.
    tagged_bucket(bucket("b"), [{"Key": "Department", "Value": "Engineering"}, {"Key": "Department", "Value": "Marketing"}])
    attempt("putObject", tagged_session(RESOURCE_TAG_POLICY).put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file")


@scenario
def assume_role_resource_tag_single():
    # The AWS-valid form of the previous scenario: one Department tag.
    tagged_bucket(bucket("b"), ENGINEERING_TAG)
    attempt("putObject", tagged_session(RESOURCE_TAG_POLICY).put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file")


@scenario
def assume_role_resource_tag_deny():
    tagged_bucket(bucket("b"), None)
    attempt("putObject", tagged_session(RESOURCE_TAG_POLICY).put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file")


@scenario
def assume_role_wrong_resource_tag_deny():
    tagged_bucket(bucket("b"), [{"Key": "Department", "Value": "WrongResourcetag"}])
    attempt("putObject", tagged_session(RESOURCE_TAG_POLICY).put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file")


@scenario
def assume_role_resource_tag_princ_tag():
    tagged_bucket(bucket("b"), ENGINEERING_TAG)
    s3 = tagged_session(PRINCIPAL_TAG_VARIABLE_POLICY)
    # s3-tests tag the object 'Department=Engineering&Department=Marketing'; S3 refuses a repeated object tag key,
    # so the object here gets one.
    attempt("putObject", s3.put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file", Tagging="Department=Engineering")
    attempt("getObject", s3.get_object, Bucket=bucket("b"), Key="test-1.txt")


@scenario
def assume_role_resource_tag_copy_obj():
    tagged_bucket(bucket("b"), ENGINEERING_TAG)
    tagged_bucket(bucket("copy"), ENGINEERING_TAG)
    s3 = tagged_session(PRINCIPAL_TAG_VARIABLE_POLICY)
    attempt("putObject", s3.put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file", Tagging="Department=Engineering")
    attempt("copySameBucket", s3.copy_object, CopySource={"Bucket": bucket("b"), "Key": "test-1.txt"}, Bucket=bucket("b"), Key="test-2.txt")
    attempt("getCopySameBucket", s3.get_object, Bucket=bucket("b"), Key="test-2.txt")
    attempt("copyOtherBucket", s3.copy_object, CopySource={"Bucket": bucket("b"), "Key": "test-1.txt"}, Bucket=bucket("copy"), Key="test-1.txt")
    attempt("getCopyOtherBucket", s3.get_object, Bucket=bucket("copy"), Key="test-1.txt")


@scenario
def assume_role_role_resource_tag():
    # s3-tests give the role Department twice (Engineering, Marketing) and the bucket likewise; AWS refuses repeated
    # tag keys on roles and buckets, so both carry Department=Engineering once. No session tags are passed: the
    # trust policy checks the role's tags (iam:ResourceTag), and sts:TagSession is allowed as in s3-tests.
    tagged_bucket(bucket("b"), ENGINEERING_TAG)
    s3 = tagged_session(RESOURCE_TAG_POLICY, trust_condition={"StringEquals": {"iam:ResourceTag/Department": "Engineering"}},
                        tags=[], role_tags=ENGINEERING_TAG)
    attempt("putObject", s3.put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file")


@scenario
def assume_role_role_resource_tag_repeated():
    # s3-tests' row 33 as written: the role and the bucket carry Department twice (Engineering, Marketing). The Ceph
    # profile keeps both role tag values: iam:ResourceTag to the trust policy, aws:PrincipalTag (every value) to S3
    # requests. AWS refuses the repeated role tag key (InvalidInput), so nothing further runs.
    tags = [{"Key": "Department", "Value": "Engineering"}, {"Key": "Department", "Value": "Marketing"}]
    trust = trust_alt(("sts:AssumeRole", "sts:TagSession"), {"StringEquals": {"iam:ResourceTag/Department": "Engineering"}})
    created = attempt("createRole", root_iam.create_role, Path="/", RoleName=role_name, AssumeRolePolicyDocument=trust, Tags=tags)
    if created is None:
        return
    result["roleArn"] = created["Role"]["Arn"]
    listed = root_iam.list_role_tags(RoleName=role_name)["Tags"]
    result["roleTags"] = ",".join(f'{t["Key"]}={t["Value"]}' for t in listed)
    both = {"ForAllValues:StringEquals": {"aws:PrincipalTag/Department": ["Engineering", "Marketing"]},
            "StringEquals": {"aws:PrincipalTag/Department": "Marketing"}}
    root_iam.put_role_policy(RoleName=role_name, PolicyName="Policy1", PolicyDocument=doc(
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::*", "Condition": {"StringEquals": {"s3:ResourceTag/Department": ["Engineering"]}}},
        {"Effect": "Allow", "Action": "s3:CreateBucket", "Resource": "arn:aws:s3:::*", "Condition": both},
        {"Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::*",
         "Condition": {"ForAllValues:StringEquals": {"aws:PrincipalTag/Department": ["Engineering"]}}}))
    tagged_bucket(bucket("b"), tags)
    s3 = client("s3", *assume(created["Role"]["Arn"]))
    attempt("putObject", s3.put_object, Bucket=bucket("b"), Key="test-1.txt", Body=b"this is a test file")
    attempt("createBucketBothValues", s3.create_bucket, Bucket=bucket("c"))
    attempt("deleteBucketOneValueOnly", s3.delete_bucket, Bucket=bucket("c"))


@scenario
def assume_role_role_tag_is_principal_tag():
    # Not an s3-tests case: a role tag is a principal tag of its sessions, in S3 and in IAM calls (Query protocol); a
    # session tag with the same key wins.
    engineering = {"StringEquals": {"aws:PrincipalTag/Department": "Engineering"}}
    arn = create_role(trust_alt(("sts:AssumeRole", "sts:TagSession")),
                      doc({"Effect": "Allow", "Action": ["s3:*", "iam:ListUsers"], "Resource": "*", "Condition": engineering}), tags=ENGINEERING_TAG)
    untagged = assume(arn, step="assumeRoleUntagged")
    attempt("createBucketRoleTag", client("s3", *untagged).create_bucket, Bucket=bucket("b"))
    attempt("listUsersRoleTag", client("iam", *untagged).list_users)
    overridden = assume(arn, step="assumeRoleOverride", Tags=[{"Key": "Department", "Value": "Marketing"}])
    attempt("createBucketSessionTagWins", client("s3", *overridden).create_bucket, Bucket=bucket("c"))
    attempt("listUsersSessionTagWins", client("iam", *overridden).list_users)


# --- webidentity and abac through AssumeRoleWithWebIdentity, as s3-tests run them -----------------------------------

@scenario
def register_web_identity_provider():
    # Run once per gateway by the test host before the web_identity_* scenarios (not a table row).
    created = root_iam.create_open_id_connect_provider(Url=ISSUER, ClientIDList=[CLIENT_ID])
    result["providerArn"] = created["OpenIDConnectProviderArn"]


def web_identity_create_and_delete(condition):
    arn = create_role(trust_web(condition=condition), s3_all())
    credentials = assume_web(arn, "untagged")
    if credentials is not None:
        create_and_delete_bucket(client("s3", *credentials))


@scenario
def web_identity_assume_role():
    # Row 7: the trust names the provider and conditions on Ceph's :app_id (the token's audience).
    web_identity_create_and_delete({"StringEquals": {f"{PROVIDER}:app_id": CLIENT_ID}})


@scenario
def web_identity_assume_role_wrong_app_id():
    # Row 7's refusal (not an s3-tests case): another audience in the condition.
    web_identity_create_and_delete({"StringEquals": {f"{PROVIDER}:app_id": "another-app"}})


@scenario
def web_identity_with_sub():
    web_identity_create_and_delete({"StringEquals": {f"{PROVIDER}:sub": "user-1"}})


@scenario
def web_identity_with_azp():
    web_identity_create_and_delete({"StringEquals": {f"{PROVIDER}:azp": CLIENT_ID}})


@scenario
def web_identity_with_request_tag():
    assume_role_with_request_tag()


@scenario
def web_identity_with_request_tag_mismatch():
    assume_role_with_request_tag_mismatch()


@scenario
def web_identity_with_principal_tag():
    assume_role_with_principal_tag()


AUDIENCE_TRUST = {"StringEquals": {f"{PROVIDER}:aud": CLIENT_ID}}


@scenario
def web_identity_for_all_values():
    # As s3-tests: the token carries Department = Engineering and Marketing, and the policy lists both. AWS refuses a
    # multi-valued session tag (InvalidIdentityToken); Ceph keeps both values.
    s3 = tagged_session(s3_all({"ForAllValues:StringEquals": {"aws:PrincipalTag/Department": ["Engineering", "Marketing"]}}),
                        trust_condition=AUDIENCE_TRUST, token="both")
    if s3 is not None:
        create_and_delete_bucket(s3)


@scenario
def web_identity_for_all_values_deny():
    # The same token; the policy lists Engineering only, so ForAllValues fails on Marketing.
    s3 = tagged_session(s3_all({"ForAllValues:StringEquals": {"aws:PrincipalTag/Department": ["Engineering"]}}),
                        trust_condition=AUDIENCE_TRUST, token="both")
    if s3 is not None:
        attempt("createBucket", s3.create_bucket, Bucket=bucket("b"))


@scenario
def web_identity_tag_keys_trust_policy():
    assume_role_tag_keys_trust_policy()


@scenario
def web_identity_tag_keys_role_policy():
    assume_role_tag_keys_role_policy()


@scenario
def web_identity_resource_tag():
    assume_role_resource_tag()


@scenario
def web_identity_resource_tag_deny():
    assume_role_resource_tag_deny()


@scenario
def web_identity_wrong_resource_tag_deny():
    assume_role_wrong_resource_tag_deny()


@scenario
def web_identity_resource_tag_princ_tag():
    assume_role_resource_tag_princ_tag()


@scenario
def web_identity_resource_tag_copy_obj():
    assume_role_resource_tag_copy_obj()


@scenario
def web_identity_role_resource_tag():
    # Row 33: no tags in the token; the trust checks the role's own tags (iam:ResourceTag).
    assume_role_role_resource_tag()


SCENARIOS[scenario_name]()
print(json.dumps(result))
