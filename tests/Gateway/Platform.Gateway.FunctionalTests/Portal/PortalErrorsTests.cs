using Grpc.Core;
using Platform.Domain;
using Platform.Grpc;
using Platform.Portal;

namespace Platform.Gateway.FunctionalTests.Portal;

/// <summary>A refused call as a page says it: the service's reasons, never the request's field paths put first for API callers.</summary>
public sealed class PortalErrorsTests
{
    [Fact]
    public void Describe_FieldViolations_ReasonsWithoutFieldPaths()
    {
        var ex = ExceptionStatusMapper.Map(new ValidationException("unit_id", "单位名录中没有 2021 年度的单位 “urumqi-seismic”", "UNKNOWN_UNIT"))!;
        Assert.Contains("unit_id", ex.Status.Detail, StringComparison.Ordinal);   // what an API caller reads

        Assert.Equal("单位名录中没有 2021 年度的单位 “urumqi-seismic”", PortalErrors.Describe(ex));
    }

    [Fact]
    public void Describe_NoViolations_TheDetailOrTheStatusInWords()
    {
        Assert.Equal("无权查看：该单位不在您的管辖范围内", PortalErrors.Describe(new RpcException(new Status(StatusCode.PermissionDenied, "无权查看：该单位不在您的管辖范围内"))));
        Assert.Equal("您无权查看或办理此事项", PortalErrors.Describe(new RpcException(new Status(StatusCode.PermissionDenied, "forbidden"))));
        // A field path before the reason, with no violation to take the reason from: the reason alone (the reviewer read
        // "comment：必须填写退回意见").
        Assert.Equal("必须填写退回意见", PortalErrors.Describe(new RpcException(new Status(StatusCode.InvalidArgument, "comment：必须填写退回意见"))));
        Assert.Equal("必须填写", PortalErrors.Describe(new RpcException(new Status(StatusCode.InvalidArgument, "ref.unit_id：必须填写"))));
        Assert.Equal(PortalText.Unavailable, PortalErrors.Describe(new RpcException(new Status(StatusCode.Unavailable, "服务不可用"))));
    }
}
