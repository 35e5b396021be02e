"""Signs one request with botocore's own SigV4 signer (an implementation independent of Sts.SigV4).

stdin: {"method", "url", "service", "region", "accessKeyId", "secretAccessKey", "sessionToken"?}
stdout: the headers botocore adds (Authorization, X-Amz-Date, X-Amz-Content-SHA256, X-Amz-Security-Token).
"""
import json
import sys

from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

request = json.load(sys.stdin)
credentials = Credentials(request["accessKeyId"], request["secretAccessKey"], request.get("sessionToken"))
aws_request = AWSRequest(method=request["method"], url=request["url"], data=b"")
S3SigV4Auth(credentials, request["service"], request["region"]).add_auth(aws_request)
print(json.dumps(dict(aws_request.headers.items())))
