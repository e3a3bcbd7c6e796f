using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using NetArchTest.Rules;

namespace Portal.Architecture.Tests;

/// <summary>Module boundaries, proven: a module sees other modules only through their Contracts.</summary>
public sealed partial class BoundaryTests
{
    private static readonly string[] Modules = ["Identity", "Fees", "Payments", "Forms", "Filing", "Messages", "Towns"];
    private static readonly string[] InternalNamespaces = ["Domain", "Features", "Infrastructure", "Pages"];

    private static Assembly ModuleAssembly(string module) => Assembly.Load($"Portal.{module}");

    public static TheoryData<string, string> ModulePairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var a in Modules)
        {
            foreach (var b in Modules.Where(b => b != a))
            {
                data.Add(a, b);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void A_module_does_not_depend_on_another_modules_internals(string module, string other)
    {
        // NetArchTest matches namespaces by prefix, so "Portal.Filing" would also match "Portal.Filing.Contracts":
        // name the internal namespaces, and let the assembly check below cover the module's root namespace.
        var result = Types.InAssembly(ModuleAssembly(module))
            .ShouldNot().HaveDependencyOnAny(InternalNamespaces.Select(n => $"Portal.{other}.{n}").ToArray())
            .GetResult();
        Assert.True(result.IsSuccessful, $"{module} uses {other}'s internals: {string.Join(", ", result.FailingTypeNames ?? [])}");

        // Not even the assembly: only the other module's Contracts may be referenced.
        Assert.DoesNotContain(ModuleAssembly(module).GetReferencedAssemblies(), r => r.Name == $"Portal.{other}");
    }

    [Theory]
    [MemberData(nameof(ModulePairs))]
    public void Contracts_depend_on_no_module(string module, string other)
    {
        var contracts = Assembly.Load($"Portal.{module}.Contracts");
        Assert.DoesNotContain(contracts.GetReferencedAssemblies(), r => r.Name == $"Portal.{other}" || r.Name == $"Portal.{module}");
        Assert.DoesNotContain(contracts.GetReferencedAssemblies(), r => r.Name is "Marten" or "Wolverine");
    }

    [Fact]
    public void The_host_wires_modules_only_through_their_entry_points()
    {
        var host = typeof(Portal.Host.Composition).Assembly;
        foreach (var module in Modules)
        {
            var internals = InternalNamespaces.Select(n => $"Portal.{module}.{n}").ToArray();
            // The mediator's generated registrations (namespace Mediator) must name every handler: that is their job.
            var result = Types.InAssembly(host).That().DoNotResideInNamespaceStartingWith("Mediator").ShouldNot().HaveDependencyOnAny(internals).GetResult();
            Assert.True(result.IsSuccessful, $"The host reaches into {module}: {string.Join(", ", result.FailingTypeNames ?? [])}");
            Assert.NotNull(ModuleAssembly(module).GetType($"Portal.{module}.{module}Module"));
        }
    }

    [Fact]
    public void Mediator_handlers_are_not_named_like_Wolverine_handlers()
    {
        // Wolverine discovers *Handler / *Consumer classes by name; a mediator handler found twice would run twice.
        foreach (var module in Modules)
        {
            var handlers = ModuleAssembly(module).GetTypes()
                .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition().FullName!.StartsWith("Mediator.IRequestHandler", StringComparison.Ordinal)));
            Assert.All(handlers, h => Assert.False(h.Name.EndsWith("Handler", StringComparison.Ordinal) || h.Name.EndsWith("Consumer", StringComparison.Ordinal), h.FullName));
        }
    }

    [Fact]
    public void Every_Czech_text_in_the_UI_has_an_English_translation()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Portal.sln")))
        {
            root = Path.GetDirectoryName(root)!;
        }

        var sources = new (string Folder, string Pattern, Type Resource)[]
        {
            ("src/Host/Portal.Host", @"\b[Ht]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Host.HostText)),
            ("src/Modules/Identity/Identity", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Identity.IdentityText)),
            ("src/Modules/Forms/Forms", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Forms.FormsText)),
            ("src/Modules/Filing/Filing", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Filing.FilingText)),
            ("src/Modules/Fees/Fees", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Fees.FeesText)),
            ("src/Modules/Payments/Payments", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Payments.PaymentsText)),
            ("src/Modules/Messages/Messages", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Messages.MessagesText)),
            ("src/Modules/Towns/Towns", @"\b[Tt]\[""((?:[^""\\]|\\.)*)""\]", typeof(Portal.Towns.TownsText)),
        };
        var missing = new List<string>();
        foreach (var (folder, pattern, resource) in sources)
        {
            var manager = new ResourceManager(resource.FullName!, resource.Assembly);
            var files = Directory.EnumerateFiles(Path.Combine(root, folder), "*.*", SearchOption.AllDirectories)
                .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));
            foreach (var file in files)
            {
                foreach (Match m in Regex.Matches(File.ReadAllText(file), pattern))
                {
                    var key = Regex.Unescape(m.Groups[1].Value);
                    if (manager.GetString(key, new System.Globalization.CultureInfo("en")) is null)
                    {
                        missing.Add($"{Path.GetFileName(file)}: {key}");
                    }
                }
            }
        }

        Assert.Empty(missing);
    }
}
