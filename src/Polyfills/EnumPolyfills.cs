namespace System;

/// <summary>The generic <c>Enum</c> members of .NET 5, for .NET Framework.</summary>
internal static class EnumPolyfills
{
    extension(Enum)
    {
        /// <summary>Whether <paramref name="value"/> is a named value of its enum.</summary>
        public static bool IsDefined<TEnum>(TEnum value) where TEnum : struct, Enum => Enum.IsDefined(typeof(TEnum), value);

        /// <summary>The names of <typeparamref name="TEnum"/>'s values.</summary>
        public static string[] GetNames<TEnum>() where TEnum : struct, Enum => Enum.GetNames(typeof(TEnum));

        /// <summary>The values of <typeparamref name="TEnum"/>.</summary>
        public static TEnum[] GetValues<TEnum>() where TEnum : struct, Enum => (TEnum[])Enum.GetValues(typeof(TEnum));

        /// <summary>The name of <paramref name="value"/>, or null.</summary>
        public static string? GetName<TEnum>(TEnum value) where TEnum : struct, Enum => Enum.GetName(typeof(TEnum), value);

        /// <summary>Parses a name or number of <typeparamref name="TEnum"/>.</summary>
        public static TEnum Parse<TEnum>(string value, bool ignoreCase = false) where TEnum : struct, Enum => (TEnum)Enum.Parse(typeof(TEnum), value, ignoreCase);
    }
}
