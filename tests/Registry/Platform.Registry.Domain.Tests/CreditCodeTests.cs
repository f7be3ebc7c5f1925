using Platform.Domain;

namespace Platform.Registry.Domain.Tests;

public sealed class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    [InlineData("91350100m000100y43")]
    public void Parse_PublishedSamples_Valid(string text)
    {
        Assert.Equal(text.ToUpperInvariant(), CreditCode.Parse(text).Value);
    }

    [Fact]
    public void Parse_WrongCheckCharacter_SaysExpectedAndFound()
    {
        var ex = Assert.Throws<ValidationException>(() => CreditCode.Parse("91350100M000100Y44"));
        var error = Assert.Single(ex.Errors);
        Assert.Equal("credit_code", error.Field);
        Assert.Equal("统一社会信用代码的校验位有误：应为 “3”，实际为 “4”，请核对各位字符", error.Reason);
    }

    [Theory]
    [InlineData("91350100M000100Y4", "统一社会信用代码应为 18 位，实际为 17 位")]
    [InlineData("", "统一社会信用代码应为 18 位，实际为 0 位")]
    [InlineData("91350100I000100Y43", "统一社会信用代码第 9 位的字符 “I” 不允许使用（只能是数字和除 I、O、Z、S、V 以外的大写英文字母）")]
    public void Parse_Malformed_ExplainsWhy(string text, string reason)
    {
        Assert.False(CreditCode.TryParse(text, out _, out var why));
        Assert.Equal(reason, why);
    }

    [Fact]
    public void Complete_Seventeen_AppendsValidCheckCharacter()
    {
        var code = CreditCode.Complete("11650100MB1234567");
        Assert.Equal(18, code.Value.Length);
        Assert.True(CreditCode.TryParse(code.Value, out _, out _));
        Assert.Equal("650100", code.RegistrationDivision);
    }
}

public sealed class DivisionCodeTests
{
    [Theory]
    [InlineData("650000", DivisionLevel.Province, null)]
    [InlineData("650100", DivisionLevel.Prefecture, "650000")]
    [InlineData("652300", DivisionLevel.Prefecture, "650000")]
    [InlineData("652301", DivisionLevel.County, "652300")]
    public void Parse_Levels_AndStructuralParent(string code, DivisionLevel level, string? parent)
    {
        var division = DivisionCode.Parse(code);
        Assert.Equal(level, division.Level);
        Assert.Equal(parent, division.StructuralParent?.Value);
    }

    [Theory]
    [InlineData("65010")]
    [InlineData("65A100")]
    [InlineData("000000")]
    [InlineData("990100")]   // 99 names no province
    [InlineData("200000")]
    public void Parse_Invalid_FieldError(string code)
    {
        var ex = Assert.Throws<ValidationException>(() => DivisionCode.Parse(code));
        Assert.Equal("region_code", Assert.Single(ex.Errors).Field);
    }
}
