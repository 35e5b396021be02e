namespace Sts.Policy;

/// <summary>
/// The order in which AWS checks a policy (getmoto/moto's validator, built from AWS-captured responses):
/// findings are reported in this order so that the first error is the one AWS would return.
/// </summary>
internal enum ParsePhase
{
    Limits,
    Syntax,
    Version,
    Legacy,
    SidUniqueness,
    Actions,
    ResourceFormat,
    ActionPrefix,
    Resources,
    Kind,
    Warning,
}
