namespace Sts.Gateway;

/// <summary>An unfinished multipart upload: what the object will carry once completed.</summary>
internal sealed record MultipartUpload(string Key, string ContentType, string[][] Metadata, string[][] Tags, string InitiatorArn, DateTimeOffset Initiated);
