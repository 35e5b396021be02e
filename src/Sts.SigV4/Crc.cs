namespace Sts.SigV4;

/// <summary>Table-driven reflected CRC-32 (IEEE), CRC-32C (Castagnoli) and CRC-64/NVME, slicing by 8 bytes.</summary>
internal static class Crc
{
    public const uint Crc32Polynomial = 0xEDB88320u;

    public const uint Crc32CPolynomial = 0x82F63B78u;

    public const ulong Crc64NvmePolynomial = 0x9A6C9329AC4BC9B5ul;

    private static readonly uint[] Crc32Table = BuildTable32(Crc32Polynomial);
    private static readonly uint[] Crc32CTable = BuildTable32(Crc32CPolynomial);
    private static readonly ulong[] Crc64Table = BuildTable64(Crc64NvmePolynomial);

    /// <summary>Continues a CRC-32 whose running (inverted) state is <paramref name="state"/>; start with <c>0xFFFFFFFF</c>, finish with <c>~state</c>.</summary>
    public static uint UpdateCrc32(uint state, ReadOnlySpan<byte> data) => Update32(Crc32Table, state, data);

    /// <summary>As <see cref="UpdateCrc32"/> for CRC-32C.</summary>
    public static uint UpdateCrc32C(uint state, ReadOnlySpan<byte> data) => Update32(Crc32CTable, state, data);

    /// <summary>Continues a CRC-64/NVME; start with <c>ulong.MaxValue</c>, finish with <c>~state</c>.</summary>
    public static ulong UpdateCrc64Nvme(ulong state, ReadOnlySpan<byte> data)
    {
        ulong[] t = Crc64Table;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            state ^= System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(data[i..]);
            state = t[(7 * 256) + (int)(state & 0xFF)] ^ t[(6 * 256) + (int)((state >> 8) & 0xFF)] ^
                    t[(5 * 256) + (int)((state >> 16) & 0xFF)] ^ t[(4 * 256) + (int)((state >> 24) & 0xFF)] ^
                    t[(3 * 256) + (int)((state >> 32) & 0xFF)] ^ t[(2 * 256) + (int)((state >> 40) & 0xFF)] ^
                    t[256 + (int)((state >> 48) & 0xFF)] ^ t[(int)(state >> 56)];
        }

        for (; i < data.Length; i++)
        {
            state = t[(int)((state ^ data[i]) & 0xFF)] ^ (state >> 8);
        }

        return state;
    }

    private static uint Update32(uint[] t, uint state, ReadOnlySpan<byte> data)
    {
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            uint one = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) ^ state;
            uint two = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            state = t[(7 * 256) + (int)(one & 0xFF)] ^ t[(6 * 256) + (int)((one >> 8) & 0xFF)] ^
                    t[(5 * 256) + (int)((one >> 16) & 0xFF)] ^ t[(4 * 256) + (int)(one >> 24)] ^
                    t[(3 * 256) + (int)(two & 0xFF)] ^ t[(2 * 256) + (int)((two >> 8) & 0xFF)] ^
                    t[256 + (int)((two >> 16) & 0xFF)] ^ t[(int)(two >> 24)];
        }

        for (; i < data.Length; i++)
        {
            state = t[(int)((state ^ data[i]) & 0xFF)] ^ (state >> 8);
        }

        return state;
    }

    private static uint[] BuildTable32(uint polynomial)
    {
        uint[] table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        for (int slice = 1; slice < 8; slice++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = table[((slice - 1) * 256) + n];
                table[(slice * 256) + n] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }

        return table;
    }

    private static ulong[] BuildTable64(ulong polynomial)
    {
        ulong[] table = new ulong[8 * 256];
        for (ulong n = 0; n < 256; n++)
        {
            ulong c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        for (int slice = 1; slice < 8; slice++)
        {
            for (int n = 0; n < 256; n++)
            {
                ulong previous = table[((slice - 1) * 256) + n];
                table[(slice * 256) + n] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }

        return table;
    }
}
