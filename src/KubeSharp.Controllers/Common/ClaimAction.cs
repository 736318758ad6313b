namespace KubeSharp.Controllers.Common;

/// <summary>What a controller does with a candidate object, as upstream's ControllerRefManager decides.</summary>
internal enum ClaimAction
{
    /// <summary>Owned by another controller, or an orphan this controller may not adopt.</summary>
    Ignore,

    /// <summary>Already controlled by this owner and still selected.</summary>
    Keep,

    /// <summary>An orphan the selector matches: patch in a controller reference.</summary>
    Adopt,

    /// <summary>Controlled by this owner but no longer selected: patch the controller reference away.</summary>
    Release,
}
