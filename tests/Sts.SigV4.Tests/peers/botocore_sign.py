"""Signs a batch of requests with botocore, the AWS SDK for Python's signer (an independent peer).

Input (stdin): JSON list of {"method", "url", "headers": [[name, value], ...], "body_b64", "service",
"region", "timestamp" (yyyyMMddTHHmmssZ), "mode" ("header" | "presign"), "expires", "access_key",
"secret_key", "token" (or null)}.
Output (stdout): JSON list of {"url": the final request URL, "headers": [[name, value], ...],
"body_b64"}, one per input, in order.
"""
import base64
import datetime
import json
import sys

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(item):
    credentials = Credentials(item["access_key"], item["secret_key"], item.get("token"))
    body = base64.b64decode(item["body_b64"])
    request = AWSRequest(method=item["method"], url=item["url"], data=body)
    for name, value in item["headers"]:
        request.headers[name] = value
    # botocore reads the clock through botocore.auth.get_current_datetime; pin it to the requested time.
    fixed = datetime.datetime.strptime(item["timestamp"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda: fixed
    s3 = item["service"] == "s3"
    if item["mode"] == "presign":
        auth_type = S3SigV4QueryAuth if s3 else SigV4QueryAuth
        auth = auth_type(credentials, item["service"], item["region"], expires=item["expires"])
    else:
        auth_type = S3SigV4Auth if s3 else SigV4Auth
        auth = auth_type(credentials, item["service"], item["region"])
    auth.add_auth(request)
    prepared = request.prepare()
    body_out = prepared.body or b""
    if isinstance(body_out, str):
        body_out = body_out.encode("utf-8")
    return {
        "url": prepared.url,
        "headers": [[k, v if isinstance(v, str) else v.decode("utf-8")] for k, v in prepared.headers.items()],
        "body_b64": base64.b64encode(body_out).decode("ascii"),
    }


def main():
    items = json.load(sys.stdin)
    json.dump([sign(item) for item in items], sys.stdout)


if __name__ == "__main__":
    main()
