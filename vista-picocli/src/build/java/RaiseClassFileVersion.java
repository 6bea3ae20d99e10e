import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Copies a jar's classes into a directory with their class files raised to Java 8's version (52), stack maps
 * computed: the JDK's AOT cache and class-data sharing skip classes older than Java 6, so a library built
 * for Java 5 is loaded, verified by the old verifier and linked again at every start. The code is not changed.
 * The jar's META-INF (manifest, module descriptor) is left out: the module's own jar has its own.
 *
 * <p>Run by Maven with the JDK's source launcher: {@code java RaiseClassFileVersion.java JAR DIRECTORY}.
 */
public final class RaiseClassFileVersion {
    private static final int JAVA_8 = ClassFile.JAVA_8_VERSION;

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: java RaiseClassFileVersion.java JAR DIRECTORY");
        }
        Path output = Path.of(args[1]);
        try (JarFile jar = new JarFile(args[0])) {
            Map<String, byte[]> classes = new HashMap<>();
            for (JarEntry entry : jar.stream().toList()) {
                if (entry.getName().endsWith(".class") && !entry.getName().startsWith("META-INF/")) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        classes.put(entry.getName(), in.readAllBytes());
                    }
                }
            }
            // Stack maps need the common super class of two types: the jar's own classes are read from the jar.
            ClassHierarchyResolver jarClasses = ClassHierarchyResolver.ofResourceParsing(
                    (ClassDesc desc) -> bytesOf(classes, desc));
            ClassFile classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(
                    ClassHierarchyResolver.defaultResolver().orElse(jarClasses)));
            int raised = 0;
            for (Map.Entry<String, byte[]> entry : classes.entrySet()) {
                ClassModel model = classFile.parse(entry.getValue());
                byte[] bytes = entry.getValue();
                if (model.majorVersion() < JAVA_8) {
                    // Code passed through a code transform is written anew, so it gets the stack maps it needs.
                    ClassTransform rewriteCode = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL);
                    ClassTransform raiseVersion = (builder, element) -> builder.with(
                            element instanceof ClassFileVersion ? ClassFileVersion.of(JAVA_8, 0) : element);
                    bytes = classFile.transformClass(model, rewriteCode.andThen(raiseVersion));
                    raised++;
                }
                Path target = output.resolve(entry.getKey());
                Files.createDirectories(target.getParent());
                Files.write(target, bytes);
            }
            System.out.printf("RaiseClassFileVersion: %d of %d classes of %s raised to Java 8's class files%n", raised,
                    classes.size(), Path.of(args[0]).getFileName());
        }
    }

    private static InputStream bytesOf(Map<String, byte[]> classes, ClassDesc desc) {
        String descriptor = desc.descriptorString();
        byte[] bytes = classes.get(descriptor.substring(1, descriptor.length() - 1) + ".class");
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }
}
