namespace Platform.Domain.Tests;

public sealed class PrintedDateTests
{
    [Theory]
    [InlineData("2025-06-30")]
    [InlineData("2025-6-30")]
    [InlineData("2025/6/30")]
    [InlineData("2025.6.30")]
    [InlineData("2025年6月30日")]
    [InlineData("2025 年 6 月 30 日")]
    [InlineData("２０２５－０６－３０")]   // full-width, as a Chinese input method types it
    [InlineData(" 2025-06-30\n")]
    public void TryRead_WhatAClerkWrites_TheSameDay(string text)
    {
        Assert.True(PrintedDate.TryRead(text, out var date));
        Assert.Equal(new DateOnly(2025, 6, 30), date);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2026-13-01")]     // no such month
    [InlineData("2025-02-30")]     // no such day
    [InlineData("6/30/2025")]      // month first: ambiguous, not guessed
    [InlineData("30.6.2025")]
    [InlineData("2025-6/30")]      // two separators
    [InlineData("25-6-30")]        // a two-digit year
    [InlineData("2025年6月")]      // a month, not a day
    [InlineData("二〇二五年六月三十日")]
    [InlineData("٢٠٢٥-٠٦-٣٠")]     // other scripts' digits: not a date here (and no exception)
    public void TryRead_NotADay_False(string text)
    {
        Assert.False(PrintedDate.TryRead(text, out _));
    }

    [Theory]
    [InlineData("", DateProblem.Blank)]
    [InlineData("6/30/2025", DateProblem.NotADate)]
    [InlineData("2026-13-01", DateProblem.NoSuchDay)]
    [InlineData("2025-02-30", DateProblem.NoSuchDay)]
    [InlineData("1899-01-01", DateProblem.YearOutOfRange)]   // a date in form: was "not a date"
    [InlineData("2100年1月1日", DateProblem.YearOutOfRange)]
    [InlineData("1900-01-01", DateProblem.None)]
    [InlineData("2099-12-31", DateProblem.None)]
    public void Read_EachKindOfText_SaysWhichProblem(string text, DateProblem expected)
    {
        Assert.Equal(expected, PrintedDate.Read(text).Problem);
    }
}
