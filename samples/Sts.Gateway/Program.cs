// The sample gateway: S3 (path-style), STS and IAM on one endpoint, on Kestrel.
//   dotnet run --project samples/Sts.Gateway -c Release -- --urls http://127.0.0.1:8000
// Settings: Gateway__DataDirectory, Gateway__Root__AccessKeyId/SecretAccessKey, Gateway__Oidc__AllowHttp,
// Gateway__Compatibility=Ceph, Gateway__Accounts__N__Id/RootAccessKeyId/RootSecretAccessKey,
// Gateway__Store__Kind=Sqlite|Postgres, Gateway__Store__ConnectionString, Gateway__ObjectDirectory,
// Gateway__KeyRing__MasterKey (32 bytes, Base64), Gateway__KeyRing__RotationPeriod (a TimeSpan).
using Sts.Gateway;

var app = GatewayApp.Build(args);
await app.RunAsync();
