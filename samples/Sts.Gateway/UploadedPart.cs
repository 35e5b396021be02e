namespace Sts.Gateway;

/// <summary>One uploaded part: its bytes' file, size and MD5.</summary>
internal sealed record UploadedPart(int PartNumber, string DataFile, long Size, string Md5Hex, DateTimeOffset LastModified);
