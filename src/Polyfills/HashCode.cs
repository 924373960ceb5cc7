namespace System;

/// <summary>
/// Combines hash codes (the shape of .NET's <c>System.HashCode</c>, for .NET Framework). The values are only used in
/// this process (dictionaries, sets), so any good mix will do: this one is FNV-1a over the parts' hash codes.
/// </summary>
internal struct HashCode
{
    private const uint Prime = 16777619;
    private uint _value;
    private bool _started;

    /// <summary>Adds one value.</summary>
    public void Add<T>(T value)
    {
        if (!_started)
        {
            _value = 2166136261;
            _started = true;
        }
        _value = (_value ^ (uint)(value?.GetHashCode() ?? 0)) * Prime;
    }

    /// <summary>The combined hash code.</summary>
    public readonly int ToHashCode() => (int)_value;

    /// <summary>Not supported: use <see cref="ToHashCode"/>.</summary>
    public override readonly int GetHashCode() => throw new NotSupportedException();

    /// <summary>Not supported.</summary>
    public override readonly bool Equals(object? obj) => throw new NotSupportedException();

    public static int Combine<T1>(T1 a) { var h = new HashCode(); h.Add(a); return h.ToHashCode(); }
    public static int Combine<T1, T2>(T1 a, T2 b) { var h = new HashCode(); h.Add(a); h.Add(b); return h.ToHashCode(); }
    public static int Combine<T1, T2, T3>(T1 a, T2 b, T3 c) { var h = new HashCode(); h.Add(a); h.Add(b); h.Add(c); return h.ToHashCode(); }
    public static int Combine<T1, T2, T3, T4>(T1 a, T2 b, T3 c, T4 d) { var h = new HashCode(); h.Add(a); h.Add(b); h.Add(c); h.Add(d); return h.ToHashCode(); }
    public static int Combine<T1, T2, T3, T4, T5>(T1 a, T2 b, T3 c, T4 d, T5 e) { var h = new HashCode(); h.Add(a); h.Add(b); h.Add(c); h.Add(d); h.Add(e); return h.ToHashCode(); }
    public static int Combine<T1, T2, T3, T4, T5, T6>(T1 a, T2 b, T3 c, T4 d, T5 e, T6 f) { var h = new HashCode(); h.Add(a); h.Add(b); h.Add(c); h.Add(d); h.Add(e); h.Add(f); return h.ToHashCode(); }
    public static int Combine<T1, T2, T3, T4, T5, T6, T7>(T1 a, T2 b, T3 c, T4 d, T5 e, T6 f, T7 g) { var h = new HashCode(); h.Add(a); h.Add(b); h.Add(c); h.Add(d); h.Add(e); h.Add(f); h.Add(g); return h.ToHashCode(); }
    public static int Combine<T1, T2, T3, T4, T5, T6, T7, T8>(T1 a, T2 b, T3 c, T4 d, T5 e, T6 f, T7 g, T8 i) { var h = new HashCode(); h.Add(a); h.Add(b); h.Add(c); h.Add(d); h.Add(e); h.Add(f); h.Add(g); h.Add(i); return h.ToHashCode(); }
}
