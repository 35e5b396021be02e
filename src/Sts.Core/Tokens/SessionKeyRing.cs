using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sts.Core.Tokens;

/// <summary>
/// The keys that seal and open session tokens. Each key has a 32-bit id written into every token it
/// seals; exactly one key is active and seals new tokens, the others still open the tokens they sealed
/// until they are retired. Rotation: <see cref="Rotate"/> (or <see cref="AddKey"/> then
/// <see cref="Activate"/>) on every node, then, once the longest session lifetime (36 hours) has passed,
/// <see cref="Retire"/> the old key. Thread-safe: readers see a consistent snapshot while keys change.
/// </summary>
public sealed class SessionKeyRing
{
    /// <summary>The length of every key, in bytes (AES-256 key material for HKDF).</summary>
    public const int KeyLength = 32;

    /// <summary>The most keys a ring holds.</summary>
    public const int MaxKeys = 64;

    /// <summary>The largest configuration accepted by <see cref="Load"/>, in bytes.</summary>
    public const int MaxConfigurationBytes = 64 * 1024;

    private readonly object _gate = new();
    private volatile Snapshot _snapshot = new([], [], 0);

    private SessionKeyRing()
    {
    }

    /// <summary>The id of the key that seals new tokens.</summary>
    public uint ActiveKeyId => _snapshot.ActiveId;

    /// <summary>The ids of every key that still opens tokens, in the order they were added.</summary>
    public IReadOnlyList<uint> KeyIds => _snapshot.Ids;

    internal Snapshot Current => _snapshot;

    /// <summary>Creates a ring with one fresh random key (id 1), active.</summary>
    /// <returns>The ring.</returns>
    public static SessionKeyRing CreateWithNewKey()
    {
        var ring = new SessionKeyRing();
        ring.Rotate();
        return ring;
    }

    /// <summary>
    /// Loads a ring from its configuration: UTF-8 text, one entry a line, <c>#</c> starts a comment.
    /// <c>key ID BASE64</c> adds a key (ID a decimal number from 1 to 4294967295, BASE64 the 32 key bytes in
    /// standard Base64); <c>active ID</c> names the sealing key, exactly once. <see cref="Export"/> writes this format.
    /// </summary>
    /// <param name="configuration">The configuration bytes.</param>
    /// <returns>The ring, or <c>InvalidParameterValue</c> saying which line is wrong (never quoting key material).</returns>
    public static StsResult<SessionKeyRing> Load(ReadOnlySpan<byte> configuration)
    {
        if (configuration.Length > MaxConfigurationBytes)
        {
            return ConfigurationError($"the key ring configuration is {configuration.Length} bytes; at most {MaxConfigurationBytes} are accepted");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(configuration);
        }
        catch (DecoderFallbackException)
        {
            return ConfigurationError("the key ring configuration is not UTF-8 text");
        }

        var ring = new SessionKeyRing();
        uint? active = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Split('#')[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts[0] == "key" && parts.Length == 3 && TryParseId(parts[1], out var id))
            {
                var key = new byte[KeyLength];
                if (!Convert.TryFromBase64String(parts[2], key, out var written) || written != KeyLength)
                {
                    return ConfigurationError($"line {lineNumber}: key {id} is not {KeyLength} bytes of Base64");
                }

                if (ring._snapshot.IndexOf(id) >= 0 || ring._snapshot.Ids.Length >= MaxKeys)
                {
                    return ConfigurationError($"line {lineNumber}: key {id} is listed twice or the ring holds more than {MaxKeys} keys");
                }

                ring.AddKey(id, key);
                CryptographicOperations.ZeroMemory(key);
            }
            else if (parts[0] == "active" && parts.Length == 2 && TryParseId(parts[1], out var activeId) && active is null)
            {
                active = activeId;
            }
            else
            {
                return ConfigurationError($"line {lineNumber}: expected 'key ID BASE64' or a single 'active ID' (ID from 1 to 4294967295)");
            }
        }

        if (active is not { } activeKey || ring._snapshot.IndexOf(activeKey) < 0)
        {
            return ConfigurationError("the key ring configuration names no active key, or an active key it does not list");
        }

        ring.Activate(activeKey);
        return ring;
    }

    /// <summary>Writes the ring in the format <see cref="Load"/> reads. The result holds key material: protect it like the keys.</summary>
    /// <returns>UTF-8 configuration bytes.</returns>
    public byte[] Export()
    {
        var snapshot = _snapshot;
        var builder = new StringBuilder("# Sts session key ring\n");
        for (var i = 0; i < snapshot.Ids.Length; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"key {snapshot.Ids[i]} {Convert.ToBase64String(snapshot.Keys[i])}\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"active {snapshot.ActiveId}\n");
        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Adds a key that opens tokens; it seals only once <see cref="Activate"/>d (the first key added is active at once).</summary>
    /// <param name="id">The key id, from 1 to 4294967295, not already in the ring.</param>
    /// <param name="key">The <see cref="KeyLength"/> key bytes; copied.</param>
    /// <exception cref="ArgumentException">The id is 0 or already used, the key has the wrong length, or the ring is full.</exception>
    public void AddKey(uint id, ReadOnlySpan<byte> key)
    {
        if (id == 0 || key.Length != KeyLength)
        {
            throw new ArgumentException($"A key needs an id from 1 and exactly {KeyLength} bytes.", nameof(key));
        }

        lock (_gate)
        {
            var current = _snapshot;
            if (current.IndexOf(id) >= 0 || current.Ids.Length >= MaxKeys)
            {
                throw new ArgumentException($"Key {id} is already in the ring, or the ring holds {MaxKeys} keys.", nameof(id));
            }

            _snapshot = new Snapshot([.. current.Ids, id], [.. current.Keys, key.ToArray()], current.Ids.Length == 0 ? id : current.ActiveId);
        }
    }

    /// <summary>Adds a fresh random key with the next free id, not yet active.</summary>
    /// <returns>The new key's id.</returns>
    /// <exception cref="InvalidOperationException">The ring is full or the largest id is in use.</exception>
    public uint AddNewKey()
    {
        var key = RandomNumberGenerator.GetBytes(KeyLength);
        try
        {
            lock (_gate)
            {
                var current = _snapshot;
                var next = current.Ids.Length == 0 ? 1u : current.Ids.Max() + 1;
                if (next == 0 || current.Ids.Length >= MaxKeys)
                {
                    throw new InvalidOperationException("The key ring is full.");
                }

                AddKey(next, key);
                return next;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Makes key <paramref name="id"/> the one that seals new tokens.</summary>
    /// <param name="id">A key in the ring.</param>
    /// <exception cref="ArgumentException">No key has this id.</exception>
    public void Activate(uint id)
    {
        lock (_gate)
        {
            var current = _snapshot;
            if (current.IndexOf(id) < 0)
            {
                throw new ArgumentException($"Key {id} is not in the ring.", nameof(id));
            }

            _snapshot = new Snapshot(current.Ids, current.Keys, id);
        }
    }

    /// <summary>Adds a fresh random key and makes it active; the previous key still opens its tokens until retired.</summary>
    /// <returns>The new active key's id.</returns>
    /// <exception cref="InvalidOperationException">The ring is full.</exception>
    public uint Rotate()
    {
        lock (_gate)
        {
            var id = AddNewKey();
            Activate(id);
            return id;
        }
    }

    /// <summary>Removes a key: tokens it sealed no longer open. The active key cannot be retired.</summary>
    /// <param name="id">A key in the ring other than the active one.</param>
    /// <exception cref="ArgumentException">No key has this id.</exception>
    /// <exception cref="InvalidOperationException">The key is the active one.</exception>
    public void Retire(uint id)
    {
        lock (_gate)
        {
            var current = _snapshot;
            var index = current.IndexOf(id);
            if (index < 0)
            {
                throw new ArgumentException($"Key {id} is not in the ring.", nameof(id));
            }

            if (id == current.ActiveId)
            {
                throw new InvalidOperationException($"Key {id} is active: activate another key before retiring it.");
            }

            var ids = current.Ids.ToList();
            var keys = current.Keys.ToList();
            ids.RemoveAt(index);
            keys.RemoveAt(index);
            _snapshot = new Snapshot([.. ids], [.. keys], current.ActiveId);
        }
    }

    private static bool TryParseId(string text, out uint id) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id != 0;

    private static StsError ConfigurationError(string message) => new("InvalidParameterValue", message, 400);

    /// <summary>An immutable view of the ring: parallel id and key arrays and the active id.</summary>
    internal sealed class Snapshot(uint[] ids, byte[][] keys, uint activeId)
    {
        public uint[] Ids { get; } = ids;

        public byte[][] Keys { get; } = keys;

        public uint ActiveId { get; } = activeId;

        public int IndexOf(uint id) => Array.IndexOf(Ids, id);

        public byte[]? KeyFor(uint id)
        {
            var index = IndexOf(id);
            return index < 0 ? null : Keys[index];
        }
    }
}
