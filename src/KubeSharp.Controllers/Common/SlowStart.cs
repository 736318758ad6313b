namespace KubeSharp.Controllers.Common;

/// <summary>
/// Upstream's slowStartBatch: creations run in batches 1, 2, 4, … so that a failing quota or webhook costs one
/// request, not hundreds; the caller stops at the first batch with a failure.
/// </summary>
internal static class SlowStart
{
    public static IReadOnlyList<int> Batches(int count, int initialBatchSize = 1)
    {
        var batches = new List<int>();
        var remaining = count;
        var size = Math.Min(remaining, initialBatchSize);
        while (size > 0)
        {
            batches.Add(size);
            remaining -= size;
            size = Math.Min(2 * size, remaining);
        }

        return batches;
    }
}
