namespace Stm32.Build.Tasks.Tests.CubeIde;

/// <summary>
/// Writes .cproject/.project files in STM32CubeIDE's format (the element and option ids CubeIDE writes;
/// the numeric id suffixes are arbitrary, as CDT's are random).
/// </summary>
internal static class CubeIdeFixtures
{
    private const string P = "com.st.stm32cube.ide.mcu.gnu.managedbuild.";

    public static string Option(string superClass, string value, string type = "string") =>
        $"<option id=\"{P}{superClass}.1{superClass.Length}\" superClass=\"{P}{superClass}\" value=\"{value}\" valueType=\"{type}\"/>";

    public static string ListOption(string superClass, string type, params string[] values) =>
        $"<option IS_BUILTIN_EMPTY=\"false\" IS_VALUE_EMPTY=\"false\" id=\"{P}{superClass}.2{superClass.Length}\" superClass=\"{P}{superClass}\" valueType=\"{type}\">"
        + string.Concat(values.Select(v => $"<listOptionValue builtIn=\"false\" value=\"{System.Security.SecurityElement.Escape(v)}\"/>")) + "</option>";

    public static string Tool(string superClass, params string[] options) =>
        $"<tool id=\"{P}{superClass}.3{superClass.Length}\" superClass=\"{P}{superClass}\">" + string.Concat(options) + "</tool>";

    /// <summary>One configuration (debug or release) with tool chain options, tools and source entries.</summary>
    public static string Configuration(string kind, string name, string[] chainOptions, string[] tools, string entries) =>
        $"""
        <cconfiguration id="{P}config.exe.{kind}.42">
          <storageModule buildSystemId="org.eclipse.cdt.managedbuilder.core.configurationDataProvider" id="{P}config.exe.{kind}.42" moduleId="org.eclipse.cdt.core.settings" name="{name}"/>
          <storageModule moduleId="cdtBuildSystem" version="4.0.0">
            <configuration artifactExtension="elf" artifactName="${"{"}ProjName{"}"}" id="{P}config.exe.{kind}.42" name="{name}" parent="{P}config.exe.{kind}">
              <folderInfo id="{P}config.exe.{kind}.42." name="/" resourcePath="">
                <toolChain id="{P}toolchain.exe.{kind}.7" name="MCU ARM GCC" superClass="{P}toolchain.exe.{kind}">
                  {string.Concat(chainOptions)}
                  {string.Concat(tools)}
                </toolChain>
              </folderInfo>
              <sourceEntries>{entries}</sourceEntries>
            </configuration>
          </storageModule>
        </cconfiguration>
        """;

    public static string CProject(params string[] configurations) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<?fileVersion 4.0.0?><cproject storage_type_id=\"org.eclipse.cdt.core.XmlProjectDescriptionStorage\">"
        + "<storageModule moduleId=\"org.eclipse.cdt.core.settings\">" + string.Concat(configurations) + "</storageModule></cproject>\n";

    public static string EclipseProject(string name, bool cxx, params (string Name, int Type, string Location)[] links) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><projectDescription><name>{name}</name><natures>"
        + "<nature>org.eclipse.cdt.core.cnature</nature>" + (cxx ? "<nature>org.eclipse.cdt.core.ccnature</nature>" : "")
        + "</natures><linkedResources>"
        + string.Concat(links.Select(l => $"<link><name>{l.Name}</name><type>{l.Type}</type><locationURI>{l.Location}</locationURI></link>"))
        + "</linkedResources></projectDescription>";
}
