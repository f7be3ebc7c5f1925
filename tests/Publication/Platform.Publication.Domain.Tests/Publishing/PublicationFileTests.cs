using Platform.Domain;
using Platform.Publication.Domain.Publishing;

namespace Platform.Publication.Domain.Tests.Publishing;

public sealed class PublicationFileTests
{
    // 2023-05-10 18:00 UTC is 2023-05-11 02:00 in China: the approval day is the 11th.
    private static readonly DateTimeOffset Approved = new(2023, 5, 10, 18, 0, 0, TimeSpan.Zero);

    private static PublicationFile Open() => PublicationFile.Open("u1", 2022, "650100", 1, Approved);

    [Fact]
    public void DueDate_ApprovalLateEveningUtc_TwentyDaysFromTheChineseDay()
    {
        Assert.Equal(new DateOnly(2023, 5, 31), Open().DueDate);
    }

    [Fact]
    public void IsOverdue_Waiting_OnlyAfterTheDueDate()
    {
        var file = Open();
        Assert.False(file.IsOverdue(new DateOnly(2023, 5, 31)));
        Assert.True(file.IsOverdue(new DateOnly(2023, 6, 1)));
    }

    [Fact]
    public void IsOverdue_PublishedLate_StaysOverdue_PublishedInTime_IsNot()
    {
        var late = Open();
        late.Publish(new DateTimeOffset(2023, 6, 1, 1, 0, 0, TimeSpan.FromHours(8)), null);
        Assert.True(late.IsOverdue(new DateOnly(2023, 7, 1)));
        var inTime = Open();
        inTime.Publish(new DateTimeOffset(2023, 5, 31, 23, 0, 0, TimeSpan.FromHours(8)), null);
        Assert.False(inTime.IsOverdue(new DateOnly(2023, 7, 1)));
    }

    [Fact]
    public void Publish_FirstThenCorrection_VersionsAndNotice()
    {
        var file = Open();
        file.StillMissing([DocumentPart.PerformanceEvaluations, DocumentPart.AssetInventory, DocumentPart.AssetInventory]);
        Assert.Equal([DocumentPart.AssetInventory, DocumentPart.PerformanceEvaluations], file.Missing);
        var (first, none) = file.Publish(Approved.AddDays(1), "ignored for a first version");
        Assert.Equal((1, null), (first, none));
        Assert.Empty(file.Missing);
        var again = Assert.Throws<PreconditionFailedException>(() => file.Publish(Approved.AddDays(2), null));
        Assert.Equal("单位 u1 2022 年度的决算公开文件已按第 1 版决算公开，无需再次公开", again.Message);

        Assert.True(file.Approved(2, "650100", Approved.AddDays(30)));
        Assert.True(file.IsWaiting);
        var (second, notice) = file.Publish(Approved.AddDays(31), "  更正其他收入  ");
        Assert.Equal((2, 1, "更正其他收入"), (second, notice!.PreviousVersion, notice.Reason));
        Assert.Equal(2, file.PublishedReturnVersion);
    }

    [Fact]
    public void Publish_CorrectionWithoutReason_SaysWhichReturnVersion()
    {
        var file = Open();
        file.Publish(Approved, null);
        file.Approved(3, "650100", Approved.AddDays(5));
        Assert.Equal("决算数据更正（决算第3版）", file.Publish(Approved.AddDays(6), " ").Notice!.Reason);
    }

    [Fact]
    public void Approved_SameOrOlderVersion_Ignored()
    {
        var file = Open();
        file.Publish(Approved, null);
        Assert.False(file.Approved(1, "650100", Approved.AddDays(1)));
        Assert.False(file.IsWaiting);
        var published = Assert.Throws<PreconditionFailedException>(() => file.StillMissing([DocumentPart.AssetInventory]));
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", published.Message);
    }
}
