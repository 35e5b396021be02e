"""Runs iam-scenarios.json against moto's IAM (an independent implementation) and prints, per scenario,
the outcome of each step: "OK" or the AWS error code. Usage: python3 run_moto.py iam-scenarios.json"""
import json
import sys

import boto3
from botocore import xform_name
from botocore.exceptions import ClientError
from moto import mock_aws


def expand(value, documents):
    if isinstance(value, str) and value == "$FIFTY_TAGS":
        return [{"Key": "k%d" % i, "Value": "v"} for i in range(50)]
    if isinstance(value, str) and value in documents:
        return json.dumps(documents[value])
    return value


def main():
    corpus = json.load(open(sys.argv[1], encoding="utf-8"))
    results = {}
    for scenario in corpus["scenarios"]:
        outcomes = []
        with mock_aws():
            iam = boto3.client("iam", region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing")
            for step in scenario["steps"]:
                params = {k: expand(v, corpus["documents"]) for k, v in step["params"].items()}
                try:
                    getattr(iam, xform_name(step["op"]))(**params)
                    outcomes.append("OK")
                except ClientError as error:
                    outcomes.append(error.response["Error"]["Code"])
        results[scenario["name"]] = outcomes
    json.dump(results, sys.stdout)


main()
