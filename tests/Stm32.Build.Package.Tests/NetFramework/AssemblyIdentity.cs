using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Stm32.Build.Package.Tests.NetFramework;

/// <summary>An assembly's name, version, whether it is strong-named, its target framework and its references, read with System.Reflection.Metadata (nothing is loaded).</summary>
public sealed record AssemblyIdentity(string Name, Version Version, bool StrongNamed, string? TargetFramework, IReadOnlyList<AssemblyReferenceInfo> References, string File)
{
    /// <summary>Reads the assembly at <paramref name="path"/>.</summary>
    public static AssemblyIdentity Read(string path) =>
        TryRead(path) ?? throw new InvalidDataException(path + " is not an assembly");

    /// <summary>Reads the assembly at <paramref name="path"/>, or null when the file is not one (a native DLL, a module).</summary>
    public static AssemblyIdentity? TryRead(string path)
    {
        using var stream = System.IO.File.OpenRead(path);
        using var pe = new PEReader(stream);
        if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
        {
            return null;
        }
        var md = pe.GetMetadataReader();
        var definition = md.GetAssemblyDefinition();
        var references = md.AssemblyReferences.Select(h => md.GetAssemblyReference(h))
            .Select(r => new AssemblyReferenceInfo(md.GetString(r.Name), r.Version, !r.PublicKeyOrToken.IsNil))
            .ToList();
        return new AssemblyIdentity(md.GetString(definition.Name), definition.Version, !definition.PublicKey.IsNil, TargetFrameworkOf(md), references, path);
    }

    private static string? TargetFrameworkOf(MetadataReader md)
    {
        foreach (var handle in md.GetAssemblyDefinition().GetCustomAttributes())
        {
            var attribute = md.GetCustomAttribute(handle);
            if (attribute.Constructor.Kind != HandleKind.MemberReference)
            {
                continue;
            }
            var parent = md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
            if (parent.Kind == HandleKind.TypeReference && md.GetString(md.GetTypeReference((TypeReferenceHandle)parent).Name) == "TargetFrameworkAttribute")
            {
                var value = md.GetBlobReader(attribute.Value);
                value.ReadUInt16(); // prolog
                return value.ReadSerializedString();
            }
        }
        return null;
    }
}

/// <summary>One assembly reference: name, version, and whether it names a public key (strong name).</summary>
public sealed record AssemblyReferenceInfo(string Name, Version Version, bool StrongNamed);
