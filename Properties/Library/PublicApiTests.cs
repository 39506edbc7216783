using System.Reflection;
using System.Text;
using HHFunctional.Core;

namespace HHFunctional.Properties.Library;

/// <summary>
/// The public API of HHFunctional.Core is listed in Core/PublicAPI.txt, under version control: an accidental change of
/// the public surface fails here. After an intended change, regenerate the file with
/// <c>HHF_UPDATE_PUBLIC_API=1 dotnet test HHFunctional.sln -c Release --filter PublicApi</c> and review its diff.
/// </summary>
public class PublicApiTests
{
    private static string ListingPath => Path.Combine(RepoRoot.Path, "Core", "PublicAPI.txt");

    [Fact]
    public void PublicApiMatchesTheCheckedInListing()
    {
        string actual = Listing(typeof(Simulation).Assembly);
        if (Environment.GetEnvironmentVariable("HHF_UPDATE_PUBLIC_API") == "1") File.WriteAllText(ListingPath, actual);
        string expected = File.Exists(ListingPath) ? File.ReadAllText(ListingPath) : "";
        var added = actual.Split('\n').Except(expected.Split('\n')).ToList();
        var removed = expected.Split('\n').Except(actual.Split('\n')).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            "The public API of HHFunctional.Core changed. If intended, regenerate Core/PublicAPI.txt " +
            "(HHF_UPDATE_PUBLIC_API=1 dotnet test HHFunctional.sln -c Release --filter PublicApi) and bump the version.\n" +
            $"added:\n  {string.Join("\n  ", added)}\nremoved:\n  {string.Join("\n  ", removed)}");
    }

    [Fact]
    public void EveryPublicMemberHasXmlDocs()
    {
        string xmlPath = Path.ChangeExtension(typeof(Simulation).Assembly.Location, ".xml");
        var documented = System.Xml.Linq.XDocument.Load(xmlPath).Descendants("member")
            .Select(m => m.Attribute("name")!.Value).ToHashSet();
        // The compiler's own warning CS1591 (warnings are errors) already enforces this; this test proves the file ships.
        Assert.Contains("T:HHFunctional.Core.Simulation", documented);
        Assert.True(documented.Count > 100, $"only {documented.Count} documented members");
    }

    /// <summary>One line per public type and member, sorted: the contract the listing freezes.</summary>
    public static string Listing(Assembly assembly)
    {
        var lines = new List<string>();
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetExportedTypes())
        {
            string name = Name(type);
            string kind = type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsInterface ? "interface" : type.IsAbstract && type.IsSealed ? "static class" : "class";
            string baseName = type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && b != typeof(Enum) ? $" : {Name(b)}" : "";
            lines.Add($"{kind} {name}{baseName}");
            if (type.IsEnum)
            {
                lines.AddRange(Enum.GetNames(type).Select(n => $"{name}.{n}"));
                continue;
            }
            foreach (var member in type.GetMembers(flags))
            {
                string? line = member switch
                {
                    ConstructorInfo c => $"{name}.ctor({Parameters(c)})",
                    MethodInfo m when !m.IsSpecialName => $"{name}.{m.Name}{Generic(m)}({Parameters(m)}) : {Name(m.ReturnType)}{(m.IsStatic ? " static" : "")}",
                    MethodInfo m when m.Name.StartsWith("op_", StringComparison.Ordinal) => $"{name}.{m.Name}({Parameters(m)}) : {Name(m.ReturnType)}",
                    PropertyInfo p => $"{name}.{p.Name} : {Name(p.PropertyType)}{(p.CanWrite && p.SetMethod!.IsPublic ? " { get; set/init; }" : " { get; }")}",
                    FieldInfo f => $"{name}.{f.Name} : {Name(f.FieldType)}{(f.IsLiteral ? " const" : f.IsStatic ? " static" : "")}",
                    _ => null,
                };
                if (line is not null) lines.Add(line);
            }
        }
        lines.Sort(StringComparer.Ordinal);
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static string Generic(MethodInfo m) => m.IsGenericMethod ? $"<{string.Join(",", m.GetGenericArguments().Select(Name))}>" : "";

    private static string Parameters(MethodBase m) => string.Join(", ", m.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}"));

    private static string Name(Type t)
    {
        if (t.IsGenericParameter) return t.Name;
        if (t.IsArray) return Name(t.GetElementType()!) + "[]";
        if (t.IsByRef) return Name(t.GetElementType()!) + "&";
        string baseName = (t.IsNested ? Name(t.DeclaringType!) + "." : (t.Namespace is null ? "" : t.Namespace + ".")) + t.Name.Split('`')[0];
        return t.IsGenericType ? $"{baseName}<{string.Join(",", t.GetGenericArguments().Select(Name))}>" : baseName;
    }
}
