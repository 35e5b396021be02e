#!/usr/bin/env bash
# The AWS CLI against the gateway's STS and S3 with profiles in a private config:
#   `aws sts assume-role` signed by an IAM user's profile, then `aws s3` up and down through a role profile
#   (role_arn + source_profile: the CLI itself calls AssumeRole on the gateway and signs S3 with the session).
#   The 9 MB file goes up as a multipart upload (the CLI's threshold is 8 MiB).
# Usage: aws_cli_role.sh ENDPOINT WORKDIR USER_KEY USER_SECRET ROLE_ARN. Prints JSON lines, then ok.
set -euo pipefail
endpoint=$1; work=$2; key=$3; secret=$4; role=$5
export HOME="$work" AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE="$work/credentials"
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE
cat > "$work/config" <<CONFIG
[profile user]
region = us-east-1
endpoint_url = $endpoint
[profile role]
role_arn = $role
source_profile = user
role_session_name = cli-role-profile
region = us-east-1
endpoint_url = $endpoint
s3 =
    addressing_style = path
CONFIG
printf '[user]\naws_access_key_id = %s\naws_secret_access_key = %s\n' "$key" "$secret" > "$work/credentials"
aws=(aws)
command -v aws > /dev/null || aws=(python3 -m awscli)

"${aws[@]}" --profile user --endpoint-url "$endpoint" --output json sts assume-role --role-arn "$role" --role-session-name cli-session --duration-seconds 900 \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); print(json.dumps({"assumeRole": r["AssumedRoleUser"]["Arn"], "keyPrefix": r["Credentials"]["AccessKeyId"][:4]}))'
"${aws[@]}" --profile role --output json sts get-caller-identity | python3 -c 'import json,sys; print(json.dumps({"roleProfile": json.load(sys.stdin)["Arn"]}))'
head -c 9000000 /dev/urandom > "$work/up.bin"   # above the CLI's 8 MiB multipart threshold
"${aws[@]}" --profile role s3 mb s3://cli-role-bucket
"${aws[@]}" --profile role s3 cp "$work/up.bin" s3://cli-role-bucket/up.bin
"${aws[@]}" --profile role s3 cp s3://cli-role-bucket/up.bin "$work/down.bin"
cmp "$work/up.bin" "$work/down.bin"
"${aws[@]}" --profile role --output json s3api head-object --bucket cli-role-bucket --key up.bin | python3 -c 'import json,sys; print(json.dumps({"etag": json.load(sys.stdin)["ETag"]}))'
echo ok
