#!/usr/bin/env python3
"""botocore as an independent Query-protocol peer for the tests.

serialize: stdin = JSON list of {"service", "operation", "params"}; stdout = JSON list of the form
           bodies botocore's QuerySerializer produces (after its own parameter validation).
parse:     stdin = JSON list of {"service", "operation", "status", "xml"}; stdout = JSON list of what
           botocore's QueryParser (plus the IAM client's json_decode_policies handler) reads.
Models are the ones installed with botocore; the tests embed the same version (1.43.11).
"""
import datetime
import json
import sys

import botocore.session
from botocore import handlers, parsers, serialize, validate

session = botocore.session.get_session()
_models = {}


def model(service):
    if service not in _models:
        _models[service] = session.get_service_model(service)
    return _models[service]


def default(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(type(value))


def serialize_all(cases):
    out = []
    for case in cases:
        op = model(case["service"]).operation_model(case["operation"])
        report = validate.ParamValidator().validate(case["params"], op.input_shape)
        if report.has_errors():
            raise SystemExit("botocore rejects %s: %s" % (case["operation"], report.generate_report()))
        request = serialize.QuerySerializer().serialize_to_request(case["params"], op)
        body = request["body"]
        if isinstance(body, dict):
            from urllib.parse import urlencode
            body = urlencode(body, doseq=True)
        out.append(body if isinstance(body, str) else body.decode("utf-8"))
    return out


def parse_all(cases):
    out = []
    for case in cases:
        op = model(case["service"]).operation_model(case["operation"])
        response = {"status_code": case["status"], "headers": {}, "body": case["xml"].encode("utf-8")}
        parsed = parsers.QueryParser().parse(response, op.output_shape)
        parsed.pop("ResponseMetadata", None) if case.get("dropMetadata") else None
        if case["service"] == "iam":
            handlers.json_decode_policies(parsed, op)
        out.append(parsed)
    return out


if __name__ == "__main__":
    mode = sys.argv[1]
    cases = json.load(sys.stdin)
    result = serialize_all(cases) if mode == "serialize" else parse_all(cases)
    json.dump(result, sys.stdout, default=default)
