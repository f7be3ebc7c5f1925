using System.Globalization;
using Platform.Domain;
using ProtoStep = Platform.Review.V1.ReviewStep;
using ProtoAction = Platform.Review.V1.ReviewAction;

namespace Platform.Grpc;

/// <summary>A filing's review steps as platform.review.v1 gives them, the same from every service that reviews filings.</summary>
public static class ReviewHistory
{
    public static IEnumerable<ProtoStep> ToProto(IEnumerable<ReviewStep> steps) => steps.Select(s => new ProtoStep
    {
        Action = s.Action switch
        {
            ReviewAction.HandedIn => ProtoAction.HandedIn,
            ReviewAction.Accepted => ProtoAction.Accepted,
            ReviewAction.Returned => ProtoAction.Returned,
            _ => ProtoAction.Unspecified,
        },
        Revision = s.Revision,
        By = s.By ?? "",
        At = s.At.ToString("O", CultureInfo.InvariantCulture),
        Comment = s.Comment ?? "",
    });
}
