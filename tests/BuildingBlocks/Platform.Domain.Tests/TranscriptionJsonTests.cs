using System.Text;

namespace Platform.Domain.Tests;

/// <summary>A transcription file read alike everywhere: what the bytes are when they are not the JSON asked for.</summary>
public sealed class TranscriptionJsonTests
{
    [Theory]
    [InlineData(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10 }, "文件不是 JSON 文本，看起来是PNG 图片")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, "文件不是 JSON 文本，看起来是PDF 文件")]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0 }, "文件不是 JSON 文本，看起来是Excel、Word 或 zip 压缩文件")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)' ', (byte)'\n' }, "文件是空的")]
    [InlineData(new byte[0], "文件是空的")]
    public void Parse_NotJsonText_SaysWhatTheFileIs(byte[] bytes, string said)
    {
        var refused = Assert.Throws<ValidationException>(() => TranscriptionJson.Parse(bytes, "file"));

        var error = Assert.Single(refused.Errors);
        Assert.Equal(("file", TranscriptionJson.Code), (error.Field, error.Code));
        Assert.StartsWith(said, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BrokenJson_WhereTheReaderStopped()
    {
        var refused = Assert.Throws<ValidationException>(() => TranscriptionJson.Parse(Encoding.UTF8.GetBytes("{\n  \"fiscal_year\": 2022,,\n}"), "transcription"));

        Assert.Equal("文件不是有效的 JSON：第 2 行第 23 个字节附近有误", Assert.Single(refused.Errors).Reason);
    }

    [Fact]
    public void Parse_JsonWithAByteOrderMark_Read()
    {
        using var document = TranscriptionJson.Parse(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("{\"fiscal_year\":2022}")).ToArray(), "file");

        Assert.Equal(2022, document.RootElement.GetProperty("fiscal_year").GetInt32());
    }
}
