namespace Sts.SigV4.Tests.Verification;

/// <summary>The header-name sets behind RequiredSignedHeaders and UnsignedHeaderExemptions: ordinal, ignoring case, length mask first.</summary>
public sealed class HeaderNameSetTests
{
    private static readonly string LongName = "x-amz-meta-" + new string('a', 70);

    private readonly HeaderNameSet _set = new(["content-md5", "x-amz-content-sha256", LongName]);

    [TestCase("content-md5", TestName = "Contains_SameName_ReturnsTrue")]
    [TestCase("Content-MD5", TestName = "Contains_OtherCase_ReturnsTrue")]
    [TestCase("X-AMZ-CONTENT-SHA256", TestName = "Contains_UpperCaseMember_ReturnsTrue")]
    public void Contains_Member_ReturnsTrue(string name) => Assert.That(_set.Contains(name), Is.True);

    [TestCase("content-md", TestName = "Contains_ShorterName_ReturnsFalse")]
    [TestCase("content-md55", TestName = "Contains_LongerName_ReturnsFalse")]
    [TestCase("content-md6", TestName = "Contains_SameLengthOtherName_ReturnsFalse")]
    [TestCase("", TestName = "Contains_EmptyName_ReturnsFalse")]
    public void Contains_NonMember_ReturnsFalse(string name) => Assert.That(_set.Contains(name), Is.False);

    [Test]
    public void Contains_NamesOf63CharactersOrMore_ComparedByText()
    {
        Assert.That(_set.Contains(LongName.ToUpperInvariant()), Is.True);
        Assert.That(_set.Contains(LongName + "b"), Is.False, "a longer name shares the last length bit but not the text");
        Assert.That(_set.Contains(new string('x', 63)), Is.False);
    }

    [Test]
    public void Contains_EmptySet_ReturnsFalse() => Assert.That(new HeaderNameSet([]).Contains("content-md5"), Is.False);
}
