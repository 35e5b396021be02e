#!/usr/bin/env bash
# The AWS CLI against the gateway's S3 surface: mb, cp up and down, ls, rm. Usage: aws_cli_s3.sh ENDPOINT WORKDIR
set -euo pipefail
endpoint=$1; work=$2
export AWS_ACCESS_KEY_ID=AKIASECONDACCOUNT001 AWS_SECRET_ACCESS_KEY=secondaccountrootsecretsecondaccountroot
export AWS_DEFAULT_REGION=us-east-1 AWS_CONFIG_FILE="$work/config" AWS_SHARED_CREDENTIALS_FILE=/dev/null
printf '[default]\ns3 =\n    addressing_style = path\n' > "$work/config"
aws="aws --endpoint-url $endpoint"
head -c 100000 /dev/urandom > "$work/up.bin"
$aws s3 mb s3://cli-bucket
$aws s3 cp "$work/up.bin" s3://cli-bucket/data/up.bin
$aws s3 ls s3://cli-bucket/data/ | grep -q ' 100000 up.bin'
$aws s3 cp s3://cli-bucket/data/up.bin "$work/down.bin"
cmp "$work/up.bin" "$work/down.bin"
$aws s3 rm s3://cli-bucket/data/up.bin
test -z "$($aws s3 ls s3://cli-bucket/data/ || true)"
echo ok
