using System.Security;

namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>
/// Writes a .cproject laid out as STM32CubeIDE 1.x writes one (modelled on public CubeIDE projects: the CDT storage
/// modules, the tool chain's MCU options with their superClass ids, the tools, folderInfo/fileInfo resource
/// configurations whose tools and options name their parent's id with its numeric suffix, build steps as
/// configuration attributes). Written for these tests; no third-party file is copied.
/// </summary>
internal sealed class RealCProject
{
    private const string P = "com.st.stm32cube.ide.mcu.gnu.managedbuild.";
    private int _id = 1000;

    public string Mcu { get; init; } = "STM32F103C8Tx";
    public int CpuId { get; init; }
    public string? Fpu { get; init; }
    public string? FloatAbi { get; init; }
    public string? PreBuild { get; init; }
    public string? PostBuild { get; init; }
    public List<string> ExtraChainOptions { get; } = [];
    public List<string> Resources { get; } = [];

    private int Next() => ++_id;

    public static string Enum(string option, string value) => $"{P}{option}.value.{value}";

    public string Opt(string superClass, string value, string type = "string") =>
        $"<option id=\"{SecurityElement.Escape(superClass)}.{Next()}\" name=\"n\" superClass=\"{SecurityElement.Escape(superClass)}\" useByScannerDiscovery=\"false\" value=\"{SecurityElement.Escape(value)}\" valueType=\"{type}\"/>";

    public string ListOpt(string superClass, string type, params string[] values) =>
        $"<option IS_BUILTIN_EMPTY=\"false\" IS_VALUE_EMPTY=\"false\" id=\"{superClass}.{Next()}\" name=\"n\" superClass=\"{superClass}\" useByScannerDiscovery=\"false\" valueType=\"{type}\">"
        + string.Concat(values.Select(v => $"<listOptionValue builtIn=\"false\" value=\"{SecurityElement.Escape(v)}\"/>")) + "</option>";

    /// <summary>A folder's (or file's) C compiler tool: its id and superClass carry the root tool's id (1100) and its own number.</summary>
    public string ChildCompiler(params string[] options) =>
        $"<tool id=\"{P}tool.c.compiler.1100.{Next()}\" name=\"MCU GCC Compiler\" superClass=\"{P}tool.c.compiler.1100\">" + string.Concat(options) + "</tool>";

    /// <summary>An option of a folder's tool: its superClass is the root option's id (with the root option's number).</summary>
    public string ChildOpt(string rootOptionId, string value, string type = "enumerated") =>
        $"<option id=\"{rootOptionId}.{Next()}\" name=\"n\" superClass=\"{rootOptionId}.{Next()}\" value=\"{SecurityElement.Escape(value)}\" valueType=\"{type}\"/>";

    public string ChildListOpt(string rootOptionId, string type, params string[] values) =>
        $"<option IS_BUILTIN_EMPTY=\"false\" IS_VALUE_EMPTY=\"false\" id=\"{rootOptionId}.{Next()}\" name=\"n\" superClass=\"{rootOptionId}.{Next()}\" valueType=\"{type}\">"
        + string.Concat(values.Select(v => $"<listOptionValue builtIn=\"false\" value=\"{SecurityElement.Escape(v)}\"/>")) + "</option>";

    public void AddFolder(string resourcePath, params string[] tools) =>
        Resources.Add($"<folderInfo id=\"{P}config.exe.debug.77.{Next()}\" name=\"/\" resourcePath=\"{resourcePath}\"><toolChain id=\"{P}toolchain.exe.debug.{Next()}\" name=\"MCU ARM GCC\" superClass=\"{P}toolchain.exe.debug.1001\" unusedChildren=\"\">"
            + string.Concat(tools) + "</toolChain></folderInfo>");

    public void AddFile(string resourcePath, params string[] tools) =>
        Resources.Add($"<fileInfo id=\"{P}config.exe.debug.77.{Next()}\" name=\"{Path.GetFileName(resourcePath)}\" rcbsApplicability=\"disable\" resourcePath=\"{resourcePath}\" toolsToInvoke=\"{P}tool.c.compiler.1100.{_id + 1}\">"
            + string.Concat(tools) + "</fileInfo>");

    public override string ToString()
    {
        var chain = new List<string>
        {
            Opt("com.st.stm32cube.ide.mcu.option.internal.toolchain.type", P + "toolchain.base.gnu-tools-for-stm32"),
            Opt("com.st.stm32cube.ide.mcu.option.internal.toolchain.version", "12.3.rel1"),
            Opt(P + "option.target_mcu", Mcu),
            Opt(P + "option.target_cpuid", CpuId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Opt(P + "option.target_coreid", CpuId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Opt(P + "option.target_board", "genericBoard"),
            Opt(P + "option.defaults", $"com.st.stm32cube.ide.common.services.build.inputs.revA.1.0.6 || Debug || true || Executable || {P}option.toolchain.value.workspace || {Mcu} || 0 || 0 || arm-none-eabi- || ${{gnu_tools_for_stm32_compiler_path}} || ../Core/Inc"),
        };
        if (Fpu is not null)
        {
            chain.Add(Opt(P + "option.fpu", Enum("option.fpu", Fpu), "enumerated"));
        }
        if (FloatAbi is not null)
        {
            chain.Add(Opt(P + "option.floatabi", Enum("option.floatabi", FloatAbi), "enumerated"));
        }
        chain.AddRange(ExtraChainOptions);
        var compiler = $"<tool id=\"{P}tool.c.compiler.1100\" name=\"MCU GCC Compiler\" superClass=\"{P}tool.c.compiler\">"
            + Opt(P + "tool.c.compiler.option.debuglevel", Enum("tool.c.compiler.option.debuglevel", "g3"), "enumerated")
            + Opt(P + "tool.c.compiler.option.optimization.level", Enum("tool.c.compiler.option.optimization.level", "o0"), "enumerated")
            + ListOpt(P + "tool.c.compiler.option.definedsymbols", "definedSymbols", "DEBUG", "USE_HAL_DRIVER")
            + ListOpt(P + "tool.c.compiler.option.includepaths", "includePath", "../Core/Inc")
            + "<inputType id=\"x.1\" superClass=\"" + P + "tool.c.compiler.input.c\"/></tool>";
        var assembler = $"<tool id=\"{P}tool.assembler.1200\" name=\"MCU GCC Assembler\" superClass=\"{P}tool.assembler\">"
            + Opt(P + "tool.assembler.option.debuglevel", Enum("tool.assembler.option.debuglevel", "g3"), "enumerated") + "</tool>";
        var linker = $"<tool id=\"{P}tool.c.linker.1300\" name=\"MCU GCC Linker\" superClass=\"{P}tool.c.linker\">"
            + Opt(P + "tool.c.linker.option.script", "${workspace_loc:/${ProjName}/App_FLASH.ld}") + "</tool>";
        var steps = (PreBuild is null ? "" : $" prebuildStep=\"{SecurityElement.Escape(PreBuild).Replace("\n", "&#13;&#10;", StringComparison.Ordinal)}\"")
            + (PostBuild is null ? "" : $" postbuildStep=\"{SecurityElement.Escape(PostBuild).Replace("\n", "&#13;&#10;", StringComparison.Ordinal)}\"");
        return $"""
            <?xml version="1.0" encoding="UTF-8" standalone="no"?>
            <?fileVersion 4.0.0?><cproject storage_type_id="org.eclipse.cdt.core.XmlProjectDescriptionStorage">
              <storageModule moduleId="org.eclipse.cdt.core.settings">
                <cconfiguration id="{P}config.exe.debug.77">
                  <storageModule buildSystemId="org.eclipse.cdt.managedbuilder.core.configurationDataProvider" id="{P}config.exe.debug.77" moduleId="org.eclipse.cdt.core.settings" name="Debug"/>
                  <storageModule moduleId="cdtBuildSystem" version="4.0.0">
                    <configuration artifactExtension="elf" artifactName="${"{"}ProjName{"}"}" buildArtefactType="org.eclipse.cdt.build.core.buildArtefactType.exe" cleanCommand="rm -rf" description="" id="{P}config.exe.debug.77" name="Debug" parent="{P}config.exe.debug"{steps}>
                      <folderInfo id="{P}config.exe.debug.77." name="/" resourcePath="">
                        <toolChain id="{P}toolchain.exe.debug.1001" name="MCU ARM GCC" superClass="{P}toolchain.exe.debug">
                          {string.Concat(chain)}
                          <targetPlatform archList="all" binaryParser="org.eclipse.cdt.core.ELF" id="{P}targetplatform.1" isAbstract="false" osList="all" superClass="{P}targetplatform"/>
                          <builder buildPath="${"{"}workspace_loc:/App{"}"}/Debug" id="{P}builder.2" managedBuildOn="true" name="Gnu Make Builder" superClass="{P}builder"/>
                          {assembler}{compiler}{linker}
                        </toolChain>
                      </folderInfo>
                      {string.Concat(Resources)}
                      <sourceEntries><entry flags="VALUE_WORKSPACE_PATH|RESOLVED" kind="sourcePath" name="Core"/></sourceEntries>
                    </configuration>
                  </storageModule>
                </cconfiguration>
              </storageModule>
            </cproject>
            """;
    }
}
