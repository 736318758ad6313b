namespace KubeSharp.Scheduler.Framework;

/// <summary>Upstream's helper.DefaultNormalizeScore: scale to [0, max] by the highest score, optionally reversed.</summary>
internal static class ScoreNormalizer
{
    public static void Default(long maxPriority, bool reverse, long[] scores)
    {
        long max = 0;
        foreach (var s in scores)
        {
            max = Math.Max(max, s);
        }
        if (max == 0)
        {
            if (reverse)
            {
                Array.Fill(scores, maxPriority);
            }
            return;
        }
        for (var i = 0; i < scores.Length; i++)
        {
            var score = maxPriority * scores[i] / max;
            scores[i] = reverse ? maxPriority - score : score;
        }
    }
}
