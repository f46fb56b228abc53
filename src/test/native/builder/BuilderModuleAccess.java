import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolvedModule;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Prints the JVM options that give GraalVM's image builder its access to the JDK's internals, one a line for a
 * java @argfile: every package of every JDK module the builder's JVM resolves, exported to the builder's modules
 * (those in the jars named by the arguments), and native access for those modules. The native-image driver
 * grants what it knows the builder needs; granting all packages keeps this list free of the builder's version.
 * The image keeps the builder's native access: without it, the executable's first System.loadLibrary takes the
 * path that warns about the caller, which needs libjava before it is set up, and the executable cannot start.
 *   java BuilderModuleAccess.java <builder jar>...
 */
public class BuilderModuleAccess {
    public static void main(String[] args) {
        ModuleFinder builderJars = ModuleFinder.of(Arrays.stream(args).map(Path::of).toArray(Path[]::new));
        Set<String> builderModules = builderJars.findAll().stream().map(reference -> reference.descriptor().name())
                .collect(Collectors.toCollection(HashSet::new));
        if (builderModules.isEmpty()) {
            throw new IllegalArgumentException("no module in " + Arrays.toString(args)
                    + ": pass the image builder's jars");
        }
        Set<String> roots = new HashSet<>(builderModules);
        roots.addAll(defaultSystemModules());
        // The builder's jars first: their jdk.graal.compiler replaces the JDK's (--upgrade-module-path).
        Configuration resolved = Configuration.empty().resolve(ModuleFinder.compose(builderJars, ModuleFinder.ofSystem()),
                ModuleFinder.of(), roots);
        String targets = builderModules.stream().sorted().collect(Collectors.joining(","));
        resolved.modules().stream().map(ResolvedModule::reference)
                .filter(reference -> !builderModules.contains(reference.descriptor().name()))
                .map(reference -> reference.descriptor())
                .sorted(Comparator.comparing(ModuleDescriptor::name))
                .forEach(module -> module.packages().stream().sorted().forEach(pkg ->
                        System.out.println("--add-exports=" + module.name() + "/" + pkg + "=" + targets)));
        System.out.println("--enable-native-access=" + targets);
    }

    /** The modules --add-modules=ALL-DEFAULT names: those of the JDK that export a package to everyone. */
    private static Set<String> defaultSystemModules() {
        return ModuleFinder.ofSystem().findAll().stream().map(reference -> reference.descriptor())
                .filter(module -> module.exports().stream().anyMatch(export -> !export.isQualified()))
                .map(ModuleDescriptor::name).collect(Collectors.toSet());
    }
}
