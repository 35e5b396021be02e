// The sample gateway: S3 (path-style), STS and IAM on one endpoint, on Kestrel.
//   dotnet run --project samples/Sts.Gateway -c Release -- --urls http://127.0.0.1:8000
// Settings: Gateway__DataDirectory, Gateway__Root__AccessKeyId/SecretAccessKey, Gateway__Oidc__AllowHttp,
// Gateway__Compatibility=Ceph, Gateway__Accounts__N__Id/RootAccessKeyId/RootSecretAccessKey.
using Sts.Gateway;

var app = GatewayApp.Build(args);
await app.RunAsync();
