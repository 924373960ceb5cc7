namespace Stm32.Build.Tasks.Gcc;

/// <summary>
/// Builds arm-none-eabi-gcc argument lists in the order STM32CubeIDE's generated makefiles use
/// (Debug/&lt;folder&gt;/subdir.mk for compile rules, Debug/makefile for the link rule), so an imported
/// project compiles with the same flags CubeIDE's headless build passes.
/// </summary>
/// <remarks>
/// Order taken from CubeIDE-generated makefiles in public repositories (STM32CubeIDE 1.x, GNU Tools for STM32
/// 10.3 to 13.3): C: <c>"$&lt;" -mcpu -std -g3 -D.. -c -I.. -O0 -ffunction-sections -fdata-sections -Wall
/// -fstack-usage -fcyclomatic-complexity -MMD -MP -MF -MT --specs=nano.specs -mfpu -mfloat-abi -mthumb -o</c>;
/// C++ adds <c>-fno-exceptions -fno-rtti -fno-use-cxa-atexit</c> before -Wall; assembler:
/// <c>-mcpu -g3 -DDEBUG -c -x assembler-with-cpp -MMD -MP -MF -MT --specs=nano.specs -mfpu -mfloat-abi -mthumb
/// -o "$@" "$&lt;"</c>; link: <c>-o X.elf @objects.list $(LIBS) -mcpu -T script --specs=nosys.specs
/// -Wl,-Map=X.map -Wl,--gc-sections -static --specs=nano.specs -mfpu -mfloat-abi -mthumb [-u _printf_float]
/// -Wl,--start-group -lc -lm -Wl,--end-group</c>. Paths are rendered relative to <see cref="BaseDirectory"/>
/// (the directory gcc runs in) with forward slashes.
/// </remarks>
public sealed class GccCommandLineBuilder
{
    private readonly FirmwareBuildSettings _settings;

    /// <summary>Creates a builder for the settings, rendering paths relative to <paramref name="baseDirectory"/>.</summary>
    public GccCommandLineBuilder(FirmwareBuildSettings settings, string baseDirectory)
    {
        _settings = settings;
        BaseDirectory = Path.GetFullPath(baseDirectory);
    }

    /// <summary>The directory the tools run in; paths are written relative to it.</summary>
    public string BaseDirectory { get; }

    /// <summary>The settings the command lines are made of.</summary>
    public FirmwareBuildSettings Settings => _settings;

    /// <summary>Renders an absolute path relative to the base directory, with forward slashes.</summary>
    public string Render(string path)
    {
        var full = Path.GetFullPath(path, BaseDirectory);
        var rel = Path.GetRelativePath(BaseDirectory, full);
        if (Path.IsPathRooted(rel))
        {
            return full.Replace('\\', '/');
        }
        return rel.Replace('\\', '/');
    }

    /// <summary>The flags that decide an object file's content for a language (everything but file names).</summary>
    public IReadOnlyList<string> CompileFlags(SourceLanguage language)
    {
        var s = _settings;
        var args = new List<string>();
        if (language == SourceLanguage.Assembler)
        {
            args.Add("-mcpu=" + s.Cpu);
            AddIfNotEmpty(args, s.AssemblerDebugLevel ?? s.DebugLevel);
            args.AddRange(s.AssemblerDefines.Select(d => "-D" + d));
            args.Add("-c");
            args.AddRange(s.AssemblerIncludePaths.Select(p => "-I" + Render(p)));
            args.Add("-x");
            args.Add("assembler-with-cpp");
            args.AddRange(s.AssemblerOtherFlags);
            return args;
        }

        var cxx = language == SourceLanguage.Cxx;
        args.Add("-mcpu=" + s.Cpu);
        args.Add("-std=" + (cxx ? s.CxxStandard : s.CStandard));
        AddIfNotEmpty(args, s.DebugLevel);
        args.AddRange(s.DefinesFor(language).Select(d => "-D" + d));
        args.Add("-c");
        args.AddRange(s.IncludePathsFor(language).Select(p => "-I" + Render(p)));
        AddIfNotEmpty(args, cxx ? s.CxxOptimization ?? s.Optimization : s.Optimization);
        if (s.SectionPerItem)
        {
            args.Add("-ffunction-sections");
            args.Add("-fdata-sections");
        }
        if (cxx && s.CxxNoExceptionsNoRtti)
        {
            args.Add("-fno-exceptions");
            args.Add("-fno-rtti");
            args.Add("-fno-use-cxa-atexit");
        }
        args.AddRange(s.Warnings);
        args.AddRange(cxx ? s.CxxOtherFlags : s.COtherFlags);
        if (s.StackUsage)
        {
            args.Add("-fstack-usage");
        }
        if (s.Flavor == ToolchainFlavor.GnuToolsForStm32)
        {
            // ST's gcc only; upstream gcc rejects it.
            args.Add("-fcyclomatic-complexity");
        }
        return args;
    }

    /// <summary>The architecture flags CubeIDE puts at the end of every compile and link line.</summary>
    public IReadOnlyList<string> TargetFlags()
    {
        var s = _settings;
        var args = new List<string>();
        if (!string.IsNullOrEmpty(s.RuntimeSpecs))
        {
            args.Add("--specs=" + s.RuntimeSpecs);
        }
        if (!string.IsNullOrEmpty(s.Fpu))
        {
            args.Add("-mfpu=" + s.Fpu);
        }
        if (!string.IsNullOrEmpty(s.FloatAbi))
        {
            args.Add("-mfloat-abi=" + s.FloatAbi);
        }
        if (s.Thumb)
        {
            args.Add("-mthumb");
        }
        return args;
    }

    /// <summary>The whole argument list compiling <paramref name="source"/> into <paramref name="objectFile"/>.</summary>
    public IReadOnlyList<string> CompileArguments(SourceLanguage language, string source, string objectFile, string dependencyFile)
    {
        var args = new List<string>();
        var src = Render(source);
        var obj = Render(objectFile);
        if (language != SourceLanguage.Assembler)
        {
            args.Add(src);
        }
        args.AddRange(CompileFlags(language));
        args.Add("-MMD");
        args.Add("-MP");
        args.Add("-MF" + Render(dependencyFile));
        args.Add("-MT" + obj);
        args.AddRange(TargetFlags());
        args.Add("-o");
        args.Add(obj);
        if (language == SourceLanguage.Assembler)
        {
            args.Add(src);
        }
        return args;
    }

    /// <summary>The libraries as -l flags (CubeIDE's $(LIBS)).</summary>
    public IReadOnlyList<string> LibraryFlags() =>
        _settings.Libraries.Select(l => l.StartsWith("-l", StringComparison.Ordinal) ? l : "-l" + l).ToList();

    /// <summary>The link flags other than file names, which decide the ELF's content together with the objects.</summary>
    public IReadOnlyList<string> LinkFlags(bool cxx, string mapFile)
    {
        var s = _settings;
        var args = new List<string>();
        args.AddRange(LibraryFlags());
        args.Add("-mcpu=" + s.Cpu);
        if (!string.IsNullOrEmpty(s.LinkerScript))
        {
            args.Add("-T" + Render(s.LinkerScript));
        }
        if (!string.IsNullOrEmpty(s.SystemCallsSpecs))
        {
            args.Add("--specs=" + s.SystemCallsSpecs);
        }
        args.Add("-Wl,-Map=" + Render(mapFile));
        if (s.GcSections)
        {
            args.Add("-Wl,--gc-sections");
        }
        args.Add("-static");
        args.AddRange(s.LibraryPaths.Select(p => "-L" + Render(p)));
        args.AddRange(s.LinkerOtherFlags);
        args.AddRange(TargetFlags());
        if (s.PrintfFloat)
        {
            args.Add("-u");
            args.Add("_printf_float");
        }
        if (s.ScanfFloat)
        {
            args.Add("-u");
            args.Add("_scanf_float");
        }
        args.Add("-Wl,--start-group");
        args.Add("-lc");
        args.Add("-lm");
        if (cxx)
        {
            args.Add("-lstdc++");
            args.Add("-lsupc++");
        }
        args.Add("-Wl,--end-group");
        return args;
    }

    /// <summary>The whole link argument list: <c>-o elf @objects.list</c> then <see cref="LinkFlags"/>.</summary>
    public IReadOnlyList<string> LinkArguments(bool cxx, string elfFile, string objectsListFile, string mapFile)
    {
        var args = new List<string> { "-o", Render(elfFile), "@" + Render(objectsListFile) };
        args.AddRange(LinkFlags(cxx, mapFile));
        return args;
    }

    private static void AddIfNotEmpty(List<string> args, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            args.Add(value);
        }
    }
}
