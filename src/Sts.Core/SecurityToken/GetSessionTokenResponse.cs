using Sts.Core.Tokens;

namespace Sts.Core.SecurityToken;

/// <summary>The result of <c>GetSessionToken</c>.</summary>
/// <param name="Credentials">The temporary credentials.</param>
/// <param name="Session">The minted session, for the host's audit log.</param>
public sealed record GetSessionTokenResponse(TemporaryCredentials Credentials, SessionState Session);
