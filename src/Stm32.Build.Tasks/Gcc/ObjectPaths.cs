using System.Security.Cryptography;
using System.Text;

namespace Stm32.Build.Tasks.Gcc;

/// <summary>Object file naming and the command-line hash kept beside each object.</summary>
public static class ObjectPaths
{
    /// <summary>
    /// The path an object mirrors: the source's path inside the project, or for a file outside it
    /// <c>_ext/&lt;hash of its folder&gt;/&lt;name&gt;</c>, so two outside files with one name do not collide.
    /// </summary>
    public static string VirtualPathOf(string source, string projectDirectory)
    {
        var rel = Path.GetRelativePath(projectDirectory, source);
        if (!rel.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(rel))
        {
            return rel.Replace('\\', '/');
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(source)) ?? string.Empty;
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..8].ToLowerInvariant();
        return "_ext/" + hash + "/" + Path.GetFileName(source);
    }

    /// <summary>A SHA-256 over the tool and its arguments: the content of a .flags file.</summary>
    public static string Hash(string tool, IEnumerable<string> arguments)
    {
        var text = tool + "\n" + string.Join("\n", arguments);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
